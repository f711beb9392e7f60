"""A case's team (矫正小组, 帮教小组, 关爱帮扶小组, 社区戒毒(康复)工作小组): read it, set it up, add a
member, record that a member left.

Every read goes through the access policy and writes one AccessEvent naming the case before
the team leaves; readers of the case (police, procuratorate) get the members' names and roles
only. Every write is one action of ``programs.teams``, which refuses cases outside the
caller's writing scope with 404, checks the composition rules and audits itself. Refusals
answer 422 with ``{"errors": {field: [messages]}}``.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.api.teams_schemas import (
    CaseTeamOut,
    MemberAddIn,
    MemberIn,
    MemberLeaveIn,
    TeamSetUpIn,
)
from tongxin.audit.record import Actor
from tongxin.programs import teams
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Enrollment, Team
from tongxin.programs.teams import NewMember
from tongxin.programs.teams_forms import account_name, team_kind, team_staff

router = Router(tags=["teams"])

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
WRITE_ERRORS = {404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _case_team(request: HttpRequest, enrollment_uuid: uuid_module.UUID) -> CaseTeamOut:
    """The team as the caller may see it, disclosed (one AccessEvent) before it is returned."""
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid)
    casework = (
        policy.enrollments_visible_to(request.user, write=True).filter(pk=enrollment.pk).exists()
    )
    kind = team_kind(enrollment)
    team = Team.objects.filter(enrollment=enrollment).first() if kind else None
    members = list(team.members.select_related("user")) if team is not None else []
    active = [m for m in members if m.left_on is None]
    problems = (
        list(teams.composition_problems(enrollment, active).values())
        if casework and team is not None
        else []
    )
    out = CaseTeamOut.build(
        enrollment.uuid,
        kind=kind,
        set_up=team is not None,
        members=members,
        problems=problems,
        casework=casework,
    )
    disclose(request, "team.view", "enrollment", [enrollment.uuid], channel="api")
    return out


def _new_members(
    enrollment: Enrollment, members: list[MemberIn], label: Callable[[int], str]
) -> list[NewMember]:
    """The members to add, staff resolved by username among those who may sit on the team.
    An unknown username gets the same answer as a user from elsewhere, so the answer does not
    tell which usernames exist."""
    staff = team_staff(enrollment)
    refused: list[str] = []
    found: list[NewMember] = []
    for number, member in enumerate(members, start=1):
        user = staff.filter(username=member.username).first() if member.username else None
        if member.username and user is None:
            refused.append(
                _(
                    "%(who)s:系统账号须为负责此案件的机构或此人居住地辖区的在职工作人员;"
                    "家属、志愿者等不填账号。"
                )
                % {"who": label(number)}
            )
        name = member.name.strip() or (account_name(user) if user is not None else "")
        found.append(
            NewMember(role=member.role, name=name, sex=member.sex, phone=member.phone, user=user)
        )
    if refused:
        raise CaseworkRejected({"members": refused})
    return found


@router.get(
    "/cases/{uuid}/team",
    response={200: CaseTeamOut, 404: ErrorOut, **UNAUTHENTICATED},
    operation_id="cases_team_get",
    summary="The case's team: active members (readers get names and roles only)",
)
def get_case_team(request: HttpRequest, uuid: uuid_module.UUID) -> CaseTeamOut:
    return _case_team(request, uuid)


@router.post(
    "/cases/{uuid}/team",
    response={201: CaseTeamOut, **WRITE_ERRORS},
    operation_id="cases_team_set_up",
    summary="Set up the case's team with its first members, checked against the composition rules",
)
def set_up_case_team(
    request: HttpRequest, uuid: uuid_module.UUID, payload: TeamSetUpIn
) -> Status[CaseTeamOut]:
    # Outside the caller's scope the answer is 404 before any username is looked at.
    enrollment = policy.get_enrollment_for_user(request.user, uuid, write=True)
    teams.set_up_team(
        actor=_actor(request),
        enrollment_uuid=enrollment.uuid,
        kind=payload.kind or team_kind(enrollment),
        members=_new_members(enrollment, payload.members, lambda n: _("第%(n)d位成员") % {"n": n}),
        set_up_on=payload.set_up_on,
    )
    return Status(201, _case_team(request, uuid))


@router.post(
    "/cases/{uuid}/team/members",
    response={201: CaseTeamOut, **WRITE_ERRORS},
    operation_id="cases_team_add_member",
    summary="Add a member to the case's team, checked against the composition rules",
)
def add_case_team_member(
    request: HttpRequest, uuid: uuid_module.UUID, payload: MemberAddIn
) -> Status[CaseTeamOut]:
    enrollment = policy.get_enrollment_for_user(request.user, uuid, write=True)
    [member] = _new_members(enrollment, [payload], lambda n: _("新成员"))
    teams.add_team_member(
        actor=_actor(request),
        enrollment_uuid=enrollment.uuid,
        member=member,
        joined_on=payload.joined_on,
    )
    return Status(201, _case_team(request, uuid))


@router.post(
    "/cases/{uuid}/team/members/{member_id}/leave",
    response={200: CaseTeamOut, **WRITE_ERRORS},
    operation_id="cases_team_remove_member",
    summary="Record that a member left the team (kept as a former member)",
)
def remove_case_team_member(
    request: HttpRequest, uuid: uuid_module.UUID, member_id: int, payload: MemberLeaveIn
) -> CaseTeamOut:
    teams.remove_team_member(
        actor=_actor(request),
        enrollment_uuid=uuid,
        member_id=member_id,
        left_on=payload.left_on,
    )
    return _case_team(request, uuid)
