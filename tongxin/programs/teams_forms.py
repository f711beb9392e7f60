"""Web forms for a case's team: set it up with several members at once, add one member, record
that a member left. They parse what the browser sends and keep it for the re-rendered page;
the composition rules and their Chinese messages live in ``programs.teams``. The team kind of
a program and the staff who may sit on a team with their account are shared with the API.

Setting up takes a fixed number of member rows; blank rows are ignored. The filled rows are
read (and shown again) first, so "第2位成员" in a refusal is the second row on the page.

Every form here has ``section = "teams"``: the case page shows a refused one in the team
section, not among the casework forms above it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import READ_ONLY_KINDS, WRITING_ROLES, Membership
from tongxin.programs.forms import CaseworkForm, date_field, parse_date
from tongxin.programs.models import Enrollment, TeamMember, TeamRole
from tongxin.programs.registry import get_spec
from tongxin.programs.teams import TEAM_KIND_FOR_PROGRAM, NewMember

SET_UP_ROWS = 6
MEMBER_FIELDS = ("role", "name", "sex", "phone", "user")
SEXES = {"M": _lazy("男"), "F": _lazy("女")}


def team_kind(enrollment: Enrollment) -> str:
    """The team kind of the case's program, or "" when the program has no team."""
    return TEAM_KIND_FOR_PROGRAM.get(get_spec(enrollment.program).code, "")


def team_staff(enrollment: Enrollment) -> QuerySet[Any]:
    """Who may sit on the team with their own account: active writing staff of the owner
    agency, or of an agency leading the program whose jurisdiction covers the person's home
    (the township's 司法所 leads the correction team of the people living there)."""
    spec = get_spec(enrollment.program)
    codes = enrollment.person.residence_region.path.strip("/").split("/")
    covering = ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes) + 1)]
    memberships = (
        Membership.objects.filter(is_active=True, agency__is_active=True, role__in=WRITING_ROLES)
        .exclude(agency__kind__in=READ_ONLY_KINDS)
        .filter(
            Q(agency_id=enrollment.owner_agency_id)
            | Q(agency__kind__in=spec.lead_kinds, jurisdiction__path__in=covering)
        )
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__in=memberships)
        .distinct()
        .order_by("username")
    )


def account_name(user: Any) -> str:
    name: str = user.get_full_name() or user.get_username()
    return name


class MemberForm(CaseworkForm):
    """One member's fields. Role and sex are parsed as text: the action's messages name the
    member and the fix ("第2位成员:请选择性别。"). ``staff`` is a list, read once for all the
    rows of a form."""

    section = "teams"

    role = forms.CharField(label=_lazy("小组角色"), required=False)
    name = forms.CharField(
        label=_lazy("姓名"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 50, "autocomplete": "off"}),
    )
    sex = forms.CharField(label=_lazy("性别"), required=False)
    phone = forms.CharField(
        label=_lazy("联系电话"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "maxlength": 30, "autocomplete": "off"}),
    )
    user = forms.CharField(label=_lazy("系统账号"), required=False)

    def __init__(self, *args: Any, staff: list[Any], leader_help: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(user.pk): user for user in staff}
        self.fields["role"].widget = forms.Select(
            choices=[("", _lazy("请选择")), *TeamRole.choices]
        )
        self.fields["sex"].widget = forms.Select(choices=[("", _lazy("请选择")), *SEXES.items()])
        accounts = [(pk, account_name(user)) for pk, user in self.staff.items()]
        self.fields["user"].widget = forms.Select(
            choices=[("", _lazy("无(非工作人员)")), *accounts]
        )
        self.fields["user"].help_text = leader_help

    def clean_user(self) -> Any:
        value: str = self.cleaned_data.get("user", "")
        if value and value not in self.staff:
            raise forms.ValidationError(
                _("请从列表中选择系统账号;家属、志愿者等非工作人员不选账号。")
            )
        return self.staff.get(value)

    def is_blank(self) -> bool:
        return not any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in MEMBER_FIELDS
        )

    def member(self) -> NewMember:
        data = self.cleaned_data
        user = data.get("user")
        # Staff chosen by account need not type their name again.
        name = data.get("name", "").strip() or (account_name(user) if user is not None else "")
        return NewMember(
            role=data.get("role", ""),
            name=name,
            sex=data.get("sex", ""),
            phone=data.get("phone", ""),
            user=user,
        )


def leader_help(enrollment: Enrollment) -> str:
    if get_spec(enrollment.program).code == "corrections":
        return _(
            "组长须为负责此人的司法所工作人员,请选择其账号。家属、村(居)干部、志愿者等不选账号。"
        )
    return _("工作人员可选择其系统账号;家属、村(居)干部、志愿者等不选账号。")


def _compacted(data: Any) -> dict[str, Any]:
    """The posted rows with the filled ones first, renumbered from 0."""
    rows = [
        {name: str(data.get(f"member-{index}-{name}", "")) for name in MEMBER_FIELDS}
        for index in range(SET_UP_ROWS)
    ]
    filled = [row for row in rows if any(value.strip() for value in row.values())]
    ordered = filled + [row for row in rows if row not in filled]
    kept = {key: data.get(key) for key in data if not key.startswith("member-")}
    for index, row in enumerate(ordered):
        kept.update({f"member-{index}-{name}": value for name, value in row.items()})
    return kept


class TeamSetUpForm(CaseworkForm):
    """The date and up to ``SET_UP_ROWS`` member rows (``member-<n>-<field>``)."""

    section = "teams"
    id_prefix = "team"

    set_up_on = date_field(_lazy("成立日期"))

    def __init__(
        self, data: Any = None, *, enrollment: Enrollment, staff: list[Any], **kwargs: Any
    ) -> None:
        if data is not None:
            data = _compacted(data)
        super().__init__(data, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("set_up_on", timezone.localdate().isoformat())
        # Said once above the rows (the page lists the rules), not under every row.
        self.leader_help = leader_help(enrollment)
        self.rows = [
            MemberForm(data, prefix=f"member-{index}", staff=staff) for index in range(SET_UP_ROWS)
        ]

    def clean_set_up_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("set_up_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写成立日期,格式 YYYY-MM-DD。"))
        return parsed

    def is_valid(self) -> bool:
        # Every row is checked, so each shows its own errors.
        rows_valid = [row.is_valid() for row in self.rows if not row.is_blank()]
        return super().is_valid() and all(rows_valid)

    def members(self) -> list[NewMember]:
        return [row.member() for row in self.rows if not row.is_blank()]


class AddMemberForm(MemberForm):
    id_prefix = "team_add"

    joined_on = date_field(_lazy("加入日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("joined_on", timezone.localdate().isoformat())

    def clean_joined_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("joined_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写加入日期,格式 YYYY-MM-DD。"))
        return parsed


class RemoveMemberForm(CaseworkForm):
    """Records that a member left; the row stays in the team's history."""

    section = "teams"
    id_prefix = "team_remove"

    member = forms.CharField(label=_lazy("退出成员"), required=False)
    left_on = date_field(_lazy("退出日期"))

    def __init__(self, *args: Any, active: list[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(str(m.pk), f"{m.name}({TeamRole(m.role).label})") for m in active]
        self.fields["member"].widget = forms.Select(choices=[("", _lazy("请选择")), *options])
        if not self.is_bound:
            self.initial.setdefault("left_on", timezone.localdate().isoformat())

    def clean_member(self) -> int:
        value: str = self.cleaned_data.get("member", "")
        if not value.isdigit():
            raise forms.ValidationError(_("请选择退出的成员。"))
        return int(value)

    def clean_left_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("left_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写退出日期,格式 YYYY-MM-DD。"))
        return parsed
