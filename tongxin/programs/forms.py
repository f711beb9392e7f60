"""Web forms for enrollments and casework. They parse what the browser sends and keep it for
the re-rendered page; the rules (and their Chinese messages) live in the program specs and
the action functions, whose ``CaseworkRejected`` errors are put back on the fields they name.

Dates and choices are parsed as text on purpose: the spec's own message ("请选择矫正类别:…")
says more than a generic "not a valid choice"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import WRITING_ROLES
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import ContactKind
from tongxin.programs.registry import DetailsRejected, ProgramSpec, Transition
from tongxin.programs.specs import (
    corrections,
    drug_rehab,
    hiv,
    mental_health,
    reentry,
    youth_support,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    # What Django's form fields take as a label: text or lazily translated text.
    Label = str | _StrPromise

Choices = list[tuple[str, Promise | str]]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: Label, help_text: Label = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=_date_input(), help_text=help_text)


def select_field(
    label: Label,
    choices: Mapping[Any, Promise | str],
    *,
    empty: Label,
    help_text: Label = "",
) -> forms.CharField:
    options: Choices = [("", empty), *((str(code), text) for code, text in choices.items())]
    return forms.CharField(
        label=label, required=False, widget=forms.Select(choices=options), help_text=help_text
    )


def number_field(label: Label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def users_working_for(agency_id: int) -> QuerySet[Any]:
    """Active users with a writing membership in the agency: who may be 责任人."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__agency_id=agency_id,
            memberships__is_active=True,
            memberships__role__in=WRITING_ROLES,
        )
        .distinct()
        .order_by("username")
    )


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name: str = obj.get_full_name() or obj.get_username()
        return name


class CaseworkForm(forms.Form):
    """Puts an action's refusal on the fields it names; the rest goes above the form."""

    # Several forms share the case page: each gets its own element ids (field names stay).
    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        # Forms fill in their own defaults: never into an initial dict another form shares.
        self.initial = dict(self.initial)

    def add_rejection(self, exc: CaseworkRejected) -> None:
        self.add_casework_errors(exc.errors)

    def add_casework_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = self.fields.get(name)
            # A hidden field cannot show its message: it goes above the form instead.
            shown = name if field is not None and not field.widget.is_hidden else None
            # A value that could not even be parsed already says so; one message each.
            if shown is not None and shown in self.errors:
                continue
            for message in messages:
                self.add_error(shown if shown is not None else NON_FIELD_ERRORS, message)


def _level_text(level: int) -> str:
    return _("%(level)d 级") % {"level": level}


def _definitions_text() -> str:
    # One definition a line; the enroll page shows help text with its line breaks.
    return "\n".join(str(text) for text in mental_health.RISK_LEVELS.values())


# Evaluated when a page renders, in the reader's language, not once at import.
_level_label = lazy(_level_text, str)
_risk_definitions = lazy(_definitions_text, str)


def _today() -> str:
    return timezone.localdate().isoformat()


# -- enrollment ----------------------------------------------------------------------------


class EnrollForm(CaseworkForm):
    """Fields common to every program; subclasses add the program's details, named as the
    keys that the spec's ``clean_details`` reads."""

    spec: ProgramSpec
    detail_fields: tuple[str, ...] = ()
    marked_required: tuple[str, ...] = ("started_on",)

    started_on = date_field(_lazy("开始日期"), _lazy("登记(列管)开始的日期。"))
    responsible_worker = WorkerChoiceField(
        label=_lazy("责任人"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_lazy("暂不指定(列入无责任人案件)"),
    )

    def __init__(self, *args: Any, agency_id: int, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = users_working_for(agency_id)
        field: WorkerChoiceField = self.fields["responsible_worker"]  # type: ignore[assignment]
        field.queryset = workers
        if not self.is_bound:
            self.initial.setdefault("started_on", _today())
            if workers.filter(pk=user.pk).exists():
                self.initial.setdefault("responsible_worker", user.pk)

    def clean_started_on(self) -> dt.date | None:
        value: str = self.cleaned_data.get("started_on", "")
        parsed = parse_date(value)
        if parsed is None:
            raise forms.ValidationError(_("请填写开始日期,格式 YYYY-MM-DD。"))
        return parsed

    def clean(self) -> dict[str, Any] | None:
        cleaned_data = super().clean()
        # The spec's checks run with the form's, so every problem is listed at once.
        try:
            self.spec.clean_details(self.details())
        except DetailsRejected as exc:
            self.add_casework_errors(exc.errors)
        return cleaned_data

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.detail_fields}

    def detail_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.detail_fields]

    def common_bound_fields(self) -> list[forms.BoundField]:
        return [self["started_on"], self["responsible_worker"]]


class CorrectionsEnrollForm(EnrollForm):
    spec = corrections.SPEC
    detail_fields = (
        "supervision_type",
        "judgment_effective_on",
        "term_start_on",
        "term_years",
        "term_months",
        "term_days",
        "court",
        "offence",
    )
    marked_required = ("started_on", "supervision_type", "judgment_effective_on")

    supervision_type = select_field(
        _lazy("矫正类别"), corrections.SUPERVISION_TYPES, empty=_lazy("请选择")
    )
    judgment_effective_on = date_field(
        _lazy("判决、裁定(决定)生效日期"),
        _lazy("报到期限自此日起算十日(《社区矫正法》第二十一条)。"),
    )
    term_start_on = date_field(
        _lazy("矫正期起算日期"), _lazy("留空则自生效日期起算;假释自假释之日起算。")
    )
    term_years = number_field(_lazy("矫正期限:年"))
    term_months = number_field(_lazy("矫正期限:月"))
    term_days = number_field(_lazy("矫正期限:日"))
    court = forms.CharField(label=_lazy("决定机关"), max_length=100, required=False)
    offence = forms.CharField(label=_lazy("罪名"), max_length=200, required=False)


class ReentryEnrollForm(EnrollForm):
    spec = reentry.SPEC
    detail_fields = ("source", "released_on", "key_subject", "prison")
    marked_required = ("started_on", "source", "released_on")

    source = select_field(_lazy("来源"), reentry.SOURCES, empty=_lazy("请选择"))
    released_on = date_field(_lazy("释放(解除)日期"))
    key_subject = forms.BooleanField(label=_lazy("重点帮教对象"), required=False)
    prison = forms.CharField(label=_lazy("原服刑单位"), max_length=100, required=False)


class MentalHealthEnrollForm(EnrollForm):
    spec = mental_health.SPEC
    detail_fields = (
        "diagnosis",
        "risk_level",
        "symptoms_controlled",
        "guardian_name",
        "guardian_phone",
    )
    marked_required = ("started_on", "diagnosis", "risk_level")

    diagnosis = select_field(_lazy("诊断"), mental_health.DIAGNOSES, empty=_lazy("请选择"))
    risk_level = select_field(
        _lazy("危险性等级"),
        {level: _level_label(level) for level in mental_health.RISK_LEVELS},
        empty=_lazy("请选择"),
        help_text=_risk_definitions(),
    )
    symptoms_controlled = forms.BooleanField(
        label=_lazy("症状、自知力和社会功能良好"),
        required=False,
        help_text=_lazy("危险性 0 级且勾选时为病情稳定,每三个月随访;否则随访更频繁。"),
    )
    guardian_name = forms.CharField(label=_lazy("监护人姓名"), max_length=50, required=False)
    guardian_phone = forms.CharField(
        label=_lazy("监护人电话"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


class DrugRehabEnrollForm(EnrollForm):
    spec = drug_rehab.SPEC
    detail_fields = ("category", "order_served_on")
    marked_required = ("started_on", "category", "order_served_on")

    category = select_field(_lazy("类别"), drug_rehab.CATEGORIES, empty=_lazy("请选择"))
    order_served_on = date_field(
        _lazy("决定书送达日期"), _lazy("报到期限自此日起算十五日(《戒毒条例》第十四、三十八条)。")
    )


class HivEnrollForm(EnrollForm):
    spec = hiv.SPEC
    detail_fields = ("stage", "on_art")
    marked_required = ("started_on", "stage")

    stage = select_field(_lazy("阶段"), hiv.STAGES, empty=_lazy("请选择"))
    on_art = forms.BooleanField(label=_lazy("正在接受抗病毒治疗"), required=False)


class YouthSupportEnrollForm(EnrollForm):
    spec = youth_support.SPEC
    detail_fields = ("category", "consent_on")
    marked_required = ("started_on", "category", "consent_on")

    category = select_field(_lazy("类别"), youth_support.CATEGORIES, empty=_lazy("请选择"))
    consent_on = date_field(_lazy("本人(或监护人)同意日期"), _lazy("自愿帮扶,须经同意。"))


ENROLL_FORMS: dict[str, type[EnrollForm]] = {
    form.spec.code: form
    for form in (
        CorrectionsEnrollForm,
        ReentryEnrollForm,
        MentalHealthEnrollForm,
        DrugRehabEnrollForm,
        HivEnrollForm,
        YouthSupportEnrollForm,
    )
}


def detail_rows(spec: ProgramSpec, details: dict[str, Any]) -> list[tuple[str, str]]:
    """The stored details as (label, shown value), labelled by the enroll form's fields."""
    form_class = ENROLL_FORMS[spec.code]
    rows = []
    for name in form_class.detail_fields:
        if name not in details:
            continue
        field = form_class.base_fields[name]
        value = details[name]
        if isinstance(field.widget, forms.Select):
            options = {str(code): str(text) for code, text in field.widget.choices}
            shown = options.get(str(value), str(value))
        elif isinstance(value, bool):
            shown = _("是") if value else _("否")
        else:
            shown = "" if value is None else str(value)
        rows.append((str(field.label), shown or "—"))
    return rows


# -- casework on a case page ---------------------------------------------------------------


class VersionedForm(CaseworkForm):
    # The version the page was opened at: the action refuses to act over a newer one.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(VersionedForm):
    """One status change; ``reason`` is offered only when the transition lists reasons."""

    transition = forms.CharField(widget=forms.HiddenInput, max_length=40)
    on_date = date_field(_lazy("日期"))

    def __init__(self, *args: Any, step: Transition | None, **kwargs: Any) -> None:
        self.id_prefix = f"transition_{step.name}" if step is not None else "transition"
        super().__init__(*args, **kwargs)
        self.step = step
        if step is not None and step.reasons:
            self.fields["reason"] = select_field(
                _lazy("原因"), step.reasons, empty=_lazy("请选择原因")
            )
            self.order_fields(["reason", "on_date"])
        if not self.is_bound:
            self.initial.setdefault("on_date", _today())
            if step is not None:
                self.initial.setdefault("transition", step.name)

    def clean_on_date(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("on_date", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写日期,格式 YYYY-MM-DD。"))
        return parsed


class ContactForm(CaseworkForm):
    id_prefix = "contact"
    kind = select_field(_lazy("联系方式"), dict(ContactKind.choices), empty=_lazy("请选择"))
    done_on = date_field(_lazy("联系日期"))
    outcome = forms.CharField(
        label=_lazy("情况记录"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("加密保存;只读用户只看到联系日期和状态。"),
    )

    def __init__(self, *args: Any, default_kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("done_on", _today())
            self.initial.setdefault("kind", default_kind)

    def clean_done_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("done_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写联系日期,格式 YYYY-MM-DD。"))
        return parsed


class LevelForm(VersionedForm):
    id_prefix = "level"
    level = forms.CharField(label=_lazy("等级"), required=False)
    reason = forms.CharField(label=_lazy("调整原因"), max_length=300, required=False)
    effective_on = date_field(_lazy("生效日期"))

    def __init__(self, *args: Any, spec: ProgramSpec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = {code: rule.label for code, rule in spec.levels().items()}
        self.fields["level"] = select_field(_lazy("等级"), levels, empty=_lazy("请选择"))
        if spec.code == mental_health.SPEC.code:
            self.fields["risk_level"] = select_field(
                _lazy("危险性等级"),
                {level: str(text) for level, text in mental_health.RISK_LEVELS.items()},
                empty=_lazy("不变"),
            )
        if not self.is_bound:
            self.initial.setdefault("effective_on", _today())

    def clean_effective_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("effective_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写生效日期,格式 YYYY-MM-DD。"))
        return parsed

    def clean_risk_level(self) -> int | None:
        value: str = self.cleaned_data.get("risk_level", "")
        if not value:
            return None
        if not value.isdigit() or int(value) not in mental_health.RISK_LEVELS:
            raise forms.ValidationError(_("危险性等级应为 0 到 5 级。"))
        return int(value)


class AssignForm(VersionedForm):
    id_prefix = "assign"
    worker = WorkerChoiceField(
        label=_lazy("责任人"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_lazy("不指定"),
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: WorkerChoiceField = self.fields["worker"]  # type: ignore[assignment]
        field.queryset = users_working_for(agency_id)
