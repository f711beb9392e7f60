"""Request and response bodies of the team endpoints.

Members travel with their integer id (within the case's team), role code and label; staff
members with their username. Readers of a case (police, procuratorate) get the active
members' names and roles only: sex, phone, account and former members are for the staff who
work the case. Lengths are generous on purpose: the team action's own rules (a name of at
most 50 characters, a phone of 5 to 30) answer with a message naming the member and the fix.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from ninja import Field, Schema
from pydantic import ConfigDict

from tongxin.programs.models import TeamKind, TeamMember


class TeamMemberOut(Schema):
    id: int = Field(description="成员编号,退出时使用 / the member's id, for removal")
    role: str
    role_label: str
    name: str
    joined_on: dt.date
    left_on: dt.date | None
    sex: str | None = Field(description="M/F,仅负责机构可见 / for the case's own agency only")
    phone: str | None = Field(description="仅负责机构可见 / for the case's own agency only")
    username: str | None = Field(
        description="工作人员的系统账号,仅负责机构可见 / staff account, for the case's agency only"
    )

    @classmethod
    def from_member(cls, member: TeamMember, *, casework: bool) -> TeamMemberOut:
        user = member.user
        return cls(
            id=member.pk,
            role=member.role,
            role_label=str(member.get_role_display()),
            name=member.name,
            joined_on=member.joined_on,
            left_on=member.left_on,
            sex=member.sex if casework else None,
            phone=(member.phone or None) if casework else None,
            username=user.get_username() if casework and user is not None else None,
        )


class CaseTeamOut(Schema):
    case: uuid_module.UUID
    kind: str | None = Field(
        description="此项目的小组类别;不设小组为 null / the program's team kind"
    )
    kind_label: str
    set_up: bool = Field(description="是否已成立 / whether the team has been set up")
    members: list[TeamMemberOut] = Field(description="在组成员 / active members")
    former_members: list[TeamMemberOut] = Field(
        description="已退出的成员,仅负责机构可见 / former members, for the case's agency only"
    )
    problems: list[str] = Field(
        description="当前小组不符合的组成规定,仅负责机构可见 / composition rules the team breaks"
    )

    @classmethod
    def build(
        cls,
        case: uuid_module.UUID,
        *,
        kind: str,
        set_up: bool,
        members: list[TeamMember],
        problems: list[str],
        casework: bool,
    ) -> CaseTeamOut:
        active = [m for m in members if m.left_on is None]
        former = [m for m in members if m.left_on is not None] if casework else []
        return cls(
            case=case,
            kind=kind or None,
            kind_label=str(TeamKind(kind).label) if kind else "",
            set_up=set_up,
            members=[TeamMemberOut.from_member(m, casework=casework) for m in active],
            former_members=[TeamMemberOut.from_member(m, casework=True) for m in former],
            problems=problems if casework else [],
        )


class MemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: str = Field(max_length=40, description="小组角色代码 / role code, e.g. leader, family")
    name: str = Field(max_length=100)
    sex: str = Field(max_length=8, description="M 或 F / M or F")
    phone: str = Field("", max_length=60)
    username: str | None = Field(
        None,
        max_length=150,
        description="工作人员的系统账号;家属、志愿者等留空 / staff username; empty for others",
    )


class TeamSetUpIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(
        None, max_length=12, description="小组类别,默认为此项目的小组 / defaults to the program's"
    )
    set_up_on: dt.date
    members: list[MemberIn] = Field(max_length=50)


class MemberAddIn(MemberIn):
    joined_on: dt.date


class MemberLeaveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    left_on: dt.date
