"""Teams around a case (矫正小组, 帮教小组, 关爱帮扶小组, 社区戒毒(康复)工作小组) and who must sit
on them.

Composition rules, checked on the active members after every change:

- the team's kind fits the program: 矫正小组 for corrections, 帮教小组 for reentry, 关爱帮扶小组
  for mental health, 社区戒毒(康复)工作小组 for drug rehabilitation (戒毒条例 art 17);
- a woman's corrections team includes a woman [S] 社区矫正法 art 25;
- a minor's corrections team includes someone familiar with minors [S] 社区矫正法 art 52.
  "Minor" means under 18 when the case started: a person who turns 18 during correction stays
  under the minors' rules [S] art 58;
- a corrections team is led by staff of the 司法所 responsible for the person [P] 2012
  《社区矫正实施办法》 (adult.crgkxl.com);
- a team has one leader at most.

A change is refused when it breaks a rule the team kept before it. A rule that was already
broken (say the person's sex or birth date was corrected after the team was set up) does not
block the changes that repair it, such as replacing a leader who has left the 司法所.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.organisation.models import AgencyKind
from tongxin.programs.actions import CaseworkRejected, _audit, _reject
from tongxin.programs.models import Enrollment, Team, TeamKind, TeamMember, TeamRole
from tongxin.programs.registry import get_spec

TEAM_KIND_FOR_PROGRAM: dict[str, str] = {
    "corrections": TeamKind.CORRECTION,
    "reentry": TeamKind.AID,
    "mental_health": TeamKind.CARE,
    "drug_rehab": TeamKind.DRUG,
}
ADULT_AGE = 18
PHONE_PATTERN = re.compile(r"[0-9+\- ]{5,30}")


@dataclass(frozen=True)
class NewMember:
    """A member to add: staff with a login (``user``), or family, cadres and volunteers."""

    role: str
    name: str
    sex: str
    phone: str = ""
    user: Any = None


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _leads_the_case(user: Any, enrollment: Enrollment) -> bool:
    """Whether ``user`` works at a 司法所 responsible for this person (owner or area)."""
    if user is None:
        return False
    residence = enrollment.person.residence_region.path
    return any(
        scope.agency_kind == AgencyKind.JUSTICE_OFFICE
        and scope.can_write
        and (
            scope.agency_id == enrollment.owner_agency_id
            or residence.startswith(scope.jurisdiction_path)
        )
        for scope in policy.scopes_of(user)
    )


def composition_problems(enrollment: Enrollment, members: Sequence[TeamMember]) -> dict[str, str]:
    """Rule code → message for every composition rule that ``members`` (the active ones) break."""
    problems: dict[str, str] = {}
    leaders = [m for m in members if m.role == TeamRole.LEADER]
    if len(leaders) > 1:
        problems["one_leader"] = _("小组只能有一名组长。")
    if get_spec(enrollment.program).code != "corrections":
        return problems
    person = enrollment.person
    if person.sex == "F" and not any(m.sex == "F" for m in members):
        problems["female_member"] = _(
            "矫正对象为女性,矫正小组应当有女性成员(《社区矫正法》第二十五条)。请增加一名女性成员。"
        )
    if age_on(person.birth_date, enrollment.started_on) < ADULT_AGE and not any(
        m.role == TeamRole.MINORS_SPECIALIST for m in members
    ):
        problems["minors_specialist"] = _(
            "矫正对象为未成年人,矫正小组应当有熟悉未成年人身心特点的人员(《社区矫正法》第五十二条)。"
            "请增加一名此类成员。"
        )
    if not leaders or not all(_leads_the_case(m.user, enrollment) for m in leaders):
        problems["leader"] = _(
            "矫正小组组长应由负责此人的司法所工作人员担任:请选择一名司法所工作人员的账号作为组长。"
        )
    return problems


def _clean_member(member: NewMember, label: str) -> list[str]:
    messages: list[str] = []
    if member.role not in TeamRole.values:
        messages.append(_("%(who)s:请选择小组角色。") % {"who": label})
    name = member.name.strip()
    if not name or len(name) > 50:
        messages.append(_("%(who)s:请填写姓名(不超过50字)。") % {"who": label})
    if member.sex not in ("M", "F"):
        messages.append(_("%(who)s:请选择性别。") % {"who": label})
    phone = member.phone.strip()
    if phone and not PHONE_PATTERN.fullmatch(phone):
        messages.append(
            _("%(who)s:联系电话只能包含数字、空格、“+”和“-”,5到30位。") % {"who": label}
        )
    return messages


def _check_date(field: str, day: dt.date, enrollment: Enrollment) -> None:
    if day > timezone.localdate():
        raise _reject(field, _("日期不能晚于今天。"))
    if day < enrollment.started_on:
        raise _reject(
            field,
            _("日期不能早于登记开始日期 %(d)s。") % {"d": enrollment.started_on.isoformat()},
        )


def _check_composition(
    enrollment: Enrollment, before: Sequence[TeamMember] | None, after: Sequence[TeamMember]
) -> None:
    """Refuse when ``after`` breaks a rule that ``before`` kept (every rule, when new)."""
    broken_before = composition_problems(enrollment, before) if before is not None else {}
    new = {
        code: message
        for code, message in composition_problems(enrollment, after).items()
        if code not in broken_before
    }
    if new:
        raise CaseworkRejected({"members": list(new.values())})


def _open_case(actor: Actor, enrollment_uuid: Any) -> Enrollment:
    enrollment: Enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
    if enrollment.ended_on is not None:
        raise _reject("__all__", _("案件已结束,不能再调整小组。"))
    return enrollment


def _team_of(enrollment: Enrollment) -> Team:
    # Locked so two concurrent removals cannot each leave the other's check satisfied.
    team = Team.objects.select_for_update().filter(enrollment=enrollment).first()
    if team is None:
        raise _reject("__all__", _("此案件尚未成立小组,请先成立小组。"))
    return team


def _active(team: Team) -> list[TeamMember]:
    return list(team.members.filter(left_on__isnull=True).select_related("user"))


def _member_row(team: Team, member: NewMember, joined_on: dt.date) -> TeamMember:
    return TeamMember(
        team=team,
        role=member.role,
        name=member.name.strip(),
        sex=member.sex,
        phone=member.phone.strip() or None,
        user=member.user,
        joined_on=joined_on,
    )


def set_up_team(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    kind: str,
    members: Sequence[NewMember],
    set_up_on: dt.date,
) -> Team:
    """Set up the case's team with its first members, all joining on ``set_up_on``."""
    with transaction.atomic():
        enrollment = _open_case(actor, enrollment_uuid)
        program = get_spec(enrollment.program).code
        expected = TEAM_KIND_FOR_PROGRAM.get(program)
        if expected is None:
            raise _reject("kind", _("该项目不设小组。"))
        if kind != expected:
            raise _reject(
                "kind",
                _("此案件应成立“%(kind)s”。") % {"kind": TeamKind(expected).label},
            )
        if Team.objects.filter(enrollment=enrollment).exists():
            raise _reject("kind", _("此案件已成立小组,请在原小组中增减成员。"))
        _check_date("set_up_on", set_up_on, enrollment)
        if not members:
            raise _reject("members", _("请至少填写一名小组成员。"))
        messages = [
            message
            for number, member in enumerate(members, start=1)
            for message in _clean_member(member, _("第%(n)d位成员") % {"n": number})
        ]
        if messages:
            raise CaseworkRejected({"members": messages})
        team = Team(enrollment=enrollment, kind=kind)
        rows = [_member_row(team, member, set_up_on) for member in members]
        _check_composition(enrollment, None, rows)
        team.save()
        for row in rows:
            row.team = team
            row.save()
        _audit(
            actor,
            "team.set_up",
            enrollment,
            {
                "team": str(team.uuid),
                "kind": kind,
                "roles": [row.role for row in rows],
                "on": set_up_on.isoformat(),
            },
        )
    return team


def add_team_member(
    *, actor: Actor, enrollment_uuid: Any, member: NewMember, joined_on: dt.date
) -> TeamMember:
    with transaction.atomic():
        enrollment = _open_case(actor, enrollment_uuid)
        team = _team_of(enrollment)
        _check_date("joined_on", joined_on, enrollment)
        messages = _clean_member(member, _("新成员"))
        if messages:
            raise CaseworkRejected({"members": messages})
        before = _active(team)
        row = _member_row(team, member, joined_on)
        _check_composition(enrollment, before, [*before, row])
        row.save()
        _audit(
            actor,
            "team.add_member",
            enrollment,
            {
                "team": str(team.uuid),
                "member": row.pk,
                "role": row.role,
                "on": joined_on.isoformat(),
            },
        )
    return row


def remove_team_member(
    *, actor: Actor, enrollment_uuid: Any, member_id: int, left_on: dt.date
) -> TeamMember:
    """Record that a member left the team (the row stays, with ``left_on``)."""
    with transaction.atomic():
        enrollment = _open_case(actor, enrollment_uuid)
        team = _team_of(enrollment)
        before = _active(team)
        leaving = next((m for m in before if m.pk == member_id), None)
        if leaving is None:
            raise _reject("member", _("小组中没有这名在组成员。"))
        if left_on > timezone.localdate():
            raise _reject("left_on", _("日期不能晚于今天。"))
        if left_on < leaving.joined_on:
            raise _reject(
                "left_on",
                _("退出日期不能早于加入日期 %(d)s。") % {"d": leaving.joined_on.isoformat()},
            )
        _check_composition(enrollment, before, [m for m in before if m.pk != member_id])
        leaving.left_on = left_on
        leaving.save(update_fields=["left_on"])
        _audit(
            actor,
            "team.remove_member",
            enrollment,
            {
                "team": str(team.uuid),
                "member": leaving.pk,
                "role": leaving.role,
                "on": left_on.isoformat(),
            },
        )
    return leaving
