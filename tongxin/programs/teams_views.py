"""The team section of the case page (矫正小组, 帮教小组, 关爱帮扶小组, 社区戒毒(康复)工作小组) and
its forms: set up the team, add a member, record that a member left.

Thin views: parse → one action of ``programs.teams`` → redirect with a message. A refused
action re-renders the case page with the posted form and its errors in this section, and
nothing saved.

Who sees what: readers of the case (police, procuratorate) see who is on the team and in which
role — the members and their duties are announced to the person at the entry announcement
(入矫宣告) and the police work alongside the team — but not the members' phone numbers, sex or
accounts, nor former members: those are casework, for the staff who work the case."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.programs import teams
from tongxin.programs import views as case_page
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.forms import CaseworkForm
from tongxin.programs.models import Enrollment, Team, TeamKind, TeamMember
from tongxin.programs.teams_forms import (
    AddMemberForm,
    RemoveMemberForm,
    TeamSetUpForm,
    leader_help,
    team_kind,
    team_staff,
)


@dataclass(frozen=True)
class MemberRow:
    member_id: int
    name: str
    role_label: str
    joined_on: dt.date
    left_on: dt.date | None
    # Empty for readers of the case.
    sex_label: str = ""
    phone: str = ""
    account: str = ""


@dataclass
class TeamSection:
    kind_label: str
    is_set_up: bool
    writable: bool
    members: list[MemberRow]
    former: list[MemberRow] = field(default_factory=list)
    # Rules the current team breaks (say the person's sex was corrected after set-up).
    problems: list[str] = field(default_factory=list)
    # The rules a new team must meet, named before the worker fills in the rows.
    requirements: list[str] = field(default_factory=list)
    set_up: TeamSetUpForm | None = None
    add: AddMemberForm | None = None
    remove: RemoveMemberForm | None = None
    # Messages of a refused team form that is no longer on the page (the team was set up
    # meanwhile, the case ended).
    unplaced: list[str] = field(default_factory=list)


def _row(member: TeamMember, *, casework: bool) -> MemberRow:
    row = MemberRow(
        member_id=member.pk,
        name=member.name,
        role_label=str(member.get_role_display()),
        joined_on=member.joined_on,
        left_on=member.left_on,
    )
    if not casework:
        return row
    return replace(
        row,
        sex_label=str(member.get_sex_display()),
        phone=member.phone or "",
        account=case_page.display_name(member.user),
    )


def _messages(form: CaseworkForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def team_section(
    enrollment: Enrollment, *, writable: bool, bound: CaseworkForm | None = None
) -> TeamSection | None:
    """The case page's team section, or None when the program has no team."""
    kind = team_kind(enrollment)
    team_form = isinstance(bound, TeamSetUpForm | AddMemberForm | RemoveMemberForm)
    if not kind and not team_form:
        return None
    team = Team.objects.filter(enrollment=enrollment).first() if kind else None
    members = list(team.members.select_related("user")) if team is not None else []
    active = [m for m in members if m.left_on is None]
    section = TeamSection(
        kind_label=str(TeamKind(kind).label) if kind else _("小组"),
        is_set_up=team is not None,
        writable=writable,
        members=[_row(m, casework=writable) for m in active],
    )
    if not writable:
        return section
    section.former = [_row(m, casework=True) for m in members if m.left_on is not None]
    if kind and enrollment.is_open:
        staff = list(team_staff(enrollment))
        if team is None:
            section.requirements = list(teams.composition_problems(enrollment, []).values())
            section.set_up = TeamSetUpForm(enrollment=enrollment, staff=staff)
        else:
            section.problems = list(teams.composition_problems(enrollment, active).values())
            section.add = AddMemberForm(staff=staff, leader_help=leader_help(enrollment))
            section.remove = RemoveMemberForm(active=active) if active else None
    if isinstance(bound, TeamSetUpForm) and section.set_up is not None:
        section.set_up = bound
    elif isinstance(bound, AddMemberForm) and section.add is not None:
        section.add = bound
    elif isinstance(bound, RemoveMemberForm) and section.remove is not None:
        section.remove = bound
    elif bound is not None and team_form:
        section.unplaced = _messages(bound)
    return section


# -- the forms' views ------------------------------------------------------------------------


@login_required
@never_cache
@require_POST
def set_up_team(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = TeamSetUpForm(request.POST, enrollment=enrollment, staff=list(team_staff(enrollment)))
    if form.is_valid():
        members = form.members()
        try:
            team = teams.set_up_team(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                kind=team_kind(enrollment),
                members=members,
                set_up_on=form.cleaned_data["set_up_on"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            message = _("已成立%(kind)s,共 %(count)d 名成员。") % {
                "kind": team.get_kind_display(),
                "count": len(members),
            }
            return case_page._done(request, enrollment, message)
    return case_page._render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def add_team_member(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = AddMemberForm(
        request.POST, staff=list(team_staff(enrollment)), leader_help=leader_help(enrollment)
    )
    if form.is_valid():
        try:
            member = teams.add_team_member(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                member=form.member(),
                joined_on=form.cleaned_data["joined_on"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            message = _("已增加小组成员:%(name)s。") % {"name": member.name}
            return case_page._done(request, enrollment, message)
    return case_page._render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def remove_team_member(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    active = list(
        TeamMember.objects.filter(team__enrollment=enrollment, left_on__isnull=True).order_by(
            "joined_on", "id"
        )
    )
    form = RemoveMemberForm(request.POST, active=active)
    if form.is_valid():
        try:
            member = teams.remove_team_member(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                member_id=form.cleaned_data["member"],
                left_on=form.cleaned_data["left_on"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            message = _("已记录%(name)s退出小组。") % {"name": member.name}
            return case_page._done(request, enrollment, message)
    return case_page._render_case(request, enrollment, writable=True, bound=form)
