"""Web forms for approvals (审批): one request form per kind, the decision on a step, and the
report at the new place after a change of execution place.

The forms only parse what the browser sends and keep it for the re-rendered page; the rules
and their Chinese messages live in ``tongxin.programs.approvals``, whose refusals are put back
on the fields they name. Each request form's fields are named as the keys the action reads
from its payload (domain-rules §1.2 lists the fields of each paper form)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import Agency, AgencyKind
from tongxin.programs.approvals import CORRECTIONS_ONLY, TEXT_LIMIT
from tongxin.programs.forms import CaseworkForm, date_field, parse_date, select_field
from tongxin.programs.models import ApprovalKind, Enrollment
from tongxin.programs.registry import ProgramSpec
from tongxin.programs.specs import corrections, mental_health

# The order in which the case page offers the requests: the most frequent first.
KIND_ORDER = (
    ApprovalKind.LEAVE,
    ApprovalKind.FREQUENT_TRAVEL,
    ApprovalKind.VISITOR,
    ApprovalKind.PROHIBITED_PLACE,
    ApprovalKind.RESIDENCE_CHANGE,
    ApprovalKind.LEVEL_CHANGE,
)


def _text_field(label: Any, *, help_text: Any = "", rows: int = 0) -> forms.CharField:
    # Longer than the action's limit, so an over-long text reaches the action and gets its
    # message ("不能超过 300 个字") instead of being cut by the browser.
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT * 4,
        widget=widget,
        help_text=help_text,
    )


def _parsed_date(form: forms.Form, name: str, message: str) -> dt.date | None:
    """A date typed as text: empty is left to the action (which says whether the kind needs
    it), anything else must be a date."""
    value: str = form.cleaned_data.get(name, "")
    if not value.strip():
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise forms.ValidationError(message)
    return parsed


class ApprovalRequestForm(CaseworkForm):
    """The fields every request has; subclasses add the kind's own (``payload_fields``)."""

    kind_code: ClassVar[str] = ""
    payload_fields: ClassVar[tuple[str, ...]] = ()
    marked_required: ClassVar[tuple[str, ...]] = ("reason",)

    kind = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    reason = _text_field(_lazy("事由"), rows=2)

    def __init__(self, *args: Any, enrollment: Enrollment, spec: ProgramSpec, **kwargs: Any):
        self.id_prefix = f"approval_{self.kind_code or 'request'}"
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment
        self.spec = spec
        if not self.is_bound:
            self.initial["kind"] = self.kind_code

    @property
    def kind_label(self) -> str:
        return str(ApprovalKind(self.kind_code).label) if self.kind_code else ""

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) as parsed; a kind without one of the fields gives None for it."""
        return self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on")

    def payload(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in (*self.payload_fields, "reason")}

    def clean_starts_on(self) -> dt.date | None:
        return _parsed_date(self, "starts_on", _("开始日期格式应为 YYYY-MM-DD,例如 2026-04-10。"))

    def clean_ends_on(self) -> dt.date | None:
        return _parsed_date(self, "ends_on", _("结束日期格式应为 YYYY-MM-DD,例如 2026-04-16。"))


class LeaveRequestForm(ApprovalRequestForm):
    kind_code = ApprovalKind.LEAVE
    payload_fields = ("destination",)
    marked_required = ("starts_on", "ends_on", "destination", "reason")

    starts_on = date_field(_lazy("外出开始日期"))
    ends_on = date_field(_lazy("返回日期"))
    destination = _text_field(_lazy("目的地"))
    field_order = ("starts_on", "ends_on", "destination", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limits are the province's configuration (rules.py), not constants.
        rules = self.spec.rules()
        self.fields["ends_on"].help_text = _(
            "%(office)d 日以内由司法所批准;超过 %(office)d 日由司法所审核、县司法局审批;"
            "每次最长 %(max)d 日。"
        ) % {"office": rules["leave_office_max_days"], "max": rules["leave_max_days"]}


class FrequentTravelRequestForm(ApprovalRequestForm):
    kind_code = ApprovalKind.FREQUENT_TRAVEL
    payload_fields = ("destination",)
    marked_required = ("starts_on", "destination", "reason")

    starts_on = date_field(_lazy("开始日期"))
    ends_on = date_field(_lazy("截止日期"))
    destination = _text_field(_lazy("经常往来的市县"))
    field_order = ("starts_on", "ends_on", "destination", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].help_text = _("留空则为批准有效期的最长期限(%(months)d 个月)。") % {
            "months": self.spec.rules()["frequent_travel_months"]
        }


class VisitorRequestForm(ApprovalRequestForm):
    kind_code = ApprovalKind.VISITOR
    payload_fields = ("visitor_name", "time", "place")
    marked_required = ("visitor_name", "starts_on", "place", "reason")

    visitor_name = _text_field(_lazy("会见人姓名"))
    starts_on = date_field(_lazy("会客日期"))
    time = _text_field(_lazy("会客时间"), help_text=_lazy("例如 14:00–16:00。"))
    place = _text_field(_lazy("会客地点"))
    field_order = ("visitor_name", "starts_on", "time", "place", "reason")


class ProhibitedPlaceRequestForm(ApprovalRequestForm):
    kind_code = ApprovalKind.PROHIBITED_PLACE
    payload_fields = ("place",)
    marked_required = ("place", "starts_on", "ends_on", "reason")

    place = _text_field(_lazy("申请进入的区域或场所"))
    starts_on = date_field(_lazy("开始日期"))
    ends_on = date_field(_lazy("结束日期"))
    field_order = ("place", "starts_on", "ends_on", "reason")


def destination_agencies(enrollment: Enrollment) -> list[tuple[str, str]]:
    """Justice agencies that may take the case over: every active 司法所 and 司法局 but the
    one that runs it now, by region."""
    agencies = (
        Agency.objects.filter(
            is_active=True, kind__in=[AgencyKind.JUSTICE_OFFICE, AgencyKind.JUSTICE_BUREAU]
        )
        .exclude(pk=enrollment.owner_agency_id)
        .select_related("region__parent")
        .order_by("region__path", "kind", "name")
    )
    return [
        (
            str(agency.pk),
            # The county's name tells apart townships of the same name in two counties.
            f"{agency.name}({agency.region.parent.name})"
            if agency.region.parent is not None and agency.kind == AgencyKind.JUSTICE_OFFICE
            else agency.name,
        )
        for agency in agencies
    ]


class ResidenceChangeRequestForm(ApprovalRequestForm):
    kind_code = ApprovalKind.RESIDENCE_CHANGE
    payload_fields = ("destination_agency", "new_address")
    marked_required = ("starts_on", "destination_agency", "new_address", "reason")

    starts_on = date_field(_lazy("迁居日期"))
    destination_agency = forms.CharField(label=_lazy("新执行地的司法所或司法局"), required=False)
    new_address = _text_field(_lazy("新居住地址"))
    field_order = ("starts_on", "destination_agency", "new_address", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = self.spec.rules()
        self.fields["starts_on"].help_text = _(
            "须提前 %(months)d 个月申请;批准后 %(days)d 日内到新执行地报到。"
        ) % {
            "months": rules["residence_change_notice_months"],
            "days": rules["report_new_place_days"],
        }
        self.fields["destination_agency"] = select_field(
            _lazy("新执行地的司法所或司法局"),
            dict(destination_agencies(self.enrollment)),
            empty=_lazy("请选择"),
        )


class LevelChangeRequestForm(ApprovalRequestForm):
    kind_code = ApprovalKind.LEVEL_CHANGE
    payload_fields = ("level",)
    marked_required = ("level", "reason")

    level = forms.CharField(label=_lazy("调整为"), required=False)
    field_order = ("level", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = {code: rule.label for code, rule in self.spec.levels().items()}
        self.fields["level"] = select_field(_lazy("调整为"), levels, empty=_lazy("请选择"))
        self.fields["reason"].label = _lazy("调整原因")
        # A mental-health level follows the risk level (0–5), which the request may change.
        if self.spec.code == mental_health.SPEC.code:
            self.fields["risk_level"] = select_field(
                _lazy("危险性等级"),
                {level: str(text) for level, text in mental_health.RISK_LEVELS.items()},
                empty=_lazy("不变"),
            )

    def payload(self) -> dict[str, Any]:
        payload = super().payload()
        if "risk_level" in self.fields:
            payload["risk_level"] = self.cleaned_data.get("risk_level")
        return payload


REQUEST_FORMS: dict[str, type[ApprovalRequestForm]] = {
    form.kind_code: form
    for form in (
        LeaveRequestForm,
        FrequentTravelRequestForm,
        VisitorRequestForm,
        ProhibitedPlaceRequestForm,
        ResidenceChangeRequestForm,
        LevelChangeRequestForm,
    )
}


def kinds_for(spec: ProgramSpec) -> list[str]:
    """The kinds a case of the program may ask for (the action refuses the others)."""
    return [
        kind
        for kind in KIND_ORDER
        if kind not in CORRECTIONS_ONLY or spec.code == corrections.SPEC.code
    ]


def request_form(
    kind: str, *, enrollment: Enrollment, spec: ProgramSpec, data: Any = None
) -> ApprovalRequestForm:
    """The form of ``kind``; an unknown kind gets the bare form, so the action's own message
    ("请选择申请事项。") answers it."""
    form_class = REQUEST_FORMS.get(kind, ApprovalRequestForm)
    return form_class(data, enrollment=enrollment, spec=spec)


class DecisionForm(CaseworkForm):
    """Agree or not, with the written opinion; the two buttons carry ``agreed``."""

    id_prefix = "decision"
    # The version of the approval the page was opened at: a decision on a request someone
    # else has moved on since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    agreed = forms.ChoiceField(
        choices=[("yes", _lazy("同意")), ("no", _lazy("不同意"))],
        widget=forms.HiddenInput,
        required=False,
    )
    opinion = forms.CharField(
        label=_lazy("意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("意见随决定一并记录,不能修改。"),
    )

    def clean_agreed(self) -> bool:
        value = self.cleaned_data.get("agreed", "")
        if value not in ("yes", "no"):
            raise forms.ValidationError(_("请点击下方按钮,选择同意或不同意。"))
        return value == "yes"


class ReportNewPlaceForm(CaseworkForm):
    id_prefix = "report_new_place"
    marked_required = ("reported_on",)
    reported_on = date_field(_lazy("报到日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("reported_on", timezone.localdate().isoformat())

    def clean_reported_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("reported_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写报到日期,格式 YYYY-MM-DD。"))
        return parsed
