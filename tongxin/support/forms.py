"""Web forms for needs, consents, referrals and 三无 facts. They parse what the browser sends
and keep it for the re-rendered page; the rules and their Chinese messages live in
``tongxin.support.actions``, whose refusals are put back on the fields they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import Agency
from tongxin.people.models import Person
from tongxin.programs.forms import CaseworkForm, date_field, parse_date, select_field
from tongxin.support.actions import FACT_NAMES, MANUAL_MOVES
from tongxin.support.disclosure import ALWAYS, FIELDS, SUGGESTED
from tongxin.support.models import (
    PROVIDERS,
    Consent,
    ConsentForm,
    LivelihoodFacts,
    NeedStatus,
    Pathway,
    SupportNeed,
)

TEXT = forms.Textarea(attrs={"rows": 2})


def _required_date(form: forms.Form, name: str, message: str) -> dt.date:
    parsed = parse_date(form.cleaned_data.get(name, ""))
    if parsed is None:
        raise forms.ValidationError(message)
    return parsed


def _optional_date(form: forms.Form, name: str) -> dt.date | None:
    value = (form.cleaned_data.get(name) or "").strip()
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise forms.ValidationError(_("请填写日期,格式 YYYY-MM-DD,或留空。"))
    return parsed


class SupportForm(CaseworkForm):
    """Today's date as the default of every date field named in ``today_fields``."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in self.today_fields:
                self.initial.setdefault(name, timezone.localdate().isoformat())


class NeedForm(SupportForm):
    id_prefix = "need"
    today_fields = ("identified_on",)
    pathway = select_field(_lazy("帮扶途径"), dict(Pathway.choices), empty=_lazy("请选择"))
    identified_on = date_field(_lazy("发现日期"))
    target_on = date_field(_lazy("计划完成日期"), help_text=_lazy("可留空。"))
    note = forms.CharField(
        label=_lazy("情况说明"),
        required=False,
        max_length=500,
        widget=TEXT,
        help_text=_lazy("加密保存;转介时不会发给接收机构。"),
    )

    def clean_identified_on(self) -> dt.date:
        return _required_date(self, "identified_on", _("请填写发现日期,格式 YYYY-MM-DD。"))

    def clean_target_on(self) -> dt.date | None:
        return _optional_date(self, "target_on")


class NeedStatusForm(SupportForm):
    id_prefix = "need_status"
    today_fields = ("on_date",)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_status = forms.CharField(label=_lazy("改为"), required=False)
    on_date = date_field(_lazy("日期"))
    outcome = forms.CharField(
        label=_lazy("结果"),
        required=False,
        max_length=500,
        widget=TEXT,
        help_text=_lazy("改为“已解决”时必填。"),
    )
    note = forms.CharField(
        label=_lazy("说明"),
        required=False,
        max_length=500,
        widget=TEXT,
        help_text=_lazy("改为“本人拒绝”时必填。"),
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        moves = sorted(MANUAL_MOVES.get(status, frozenset()), key=NeedStatus.values.index)
        self.fields["to_status"] = select_field(
            _lazy("改为"), {code: NeedStatus(code).label for code in moves}, empty=_lazy("请选择")
        )

    def clean_on_date(self) -> dt.date:
        return _required_date(self, "on_date", _("请填写日期,格式 YYYY-MM-DD。"))


class MeasureForm(SupportForm):
    id_prefix = "measure"
    today_fields = ("started_on",)
    description = forms.CharField(
        label=_lazy("帮扶措施"),
        required=False,
        max_length=500,
        widget=TEXT,
        help_text=_lazy("例如:与某厂联系安置就业、恢复责任田承包。"),
    )
    started_on = date_field(_lazy("开始日期"))
    ended_on = date_field(_lazy("结束日期"), help_text=_lazy("可留空。"))

    def clean_started_on(self) -> dt.date:
        return _required_date(self, "started_on", _("请填写开始日期,格式 YYYY-MM-DD。"))

    def clean_ended_on(self) -> dt.date | None:
        return _optional_date(self, "ended_on")


def providers_for(need: SupportNeed) -> QuerySet[Agency]:
    """Agencies that provide the need's pathway and serve the person's residence."""
    kinds = sorted(PROVIDERS.get(need.pathway, frozenset()))
    path = need.person.residence_region.path
    candidates = Agency.objects.filter(kind__in=kinds, is_active=True).select_related("region")
    ids = [agency.pk for agency in candidates if path.startswith(agency.region.path)]
    return Agency.objects.filter(pk__in=ids).order_by("name")


def valid_consents(person: Person, today: dt.date) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(
            person=person, withdrawn_on__isnull=True, given_on__lte=today, expires_on__gte=today
        )
        .prefetch_related("agencies")
        .order_by("-given_on", "-id")
    )


def consent_label(consent: Consent) -> str:
    purposes = "、".join(str(Pathway(code).label) for code in consent.purposes)
    agencies = "、".join(agency.name for agency in consent.agencies.all())
    return _("%(given)s 至 %(expires)s:%(purposes)s → %(agencies)s") % {
        "given": consent.given_on.isoformat(),
        "expires": consent.expires_on.isoformat(),
        "purposes": purposes,
        "agencies": agencies,
    }


class ReferralForm(SupportForm):
    id_prefix = "referral"
    to_agency = forms.CharField(label=_lazy("接收机构"), required=False)
    purpose = forms.CharField(
        label=_lazy("转介事由"),
        required=False,
        max_length=500,
        widget=TEXT,
        help_text=_lazy("接收机构能看到。只写办理所需的内容。"),
    )
    disclosed_fields = forms.MultipleChoiceField(
        label=_lazy("提供给接收机构的信息"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_lazy("只勾选对方办理所需的信息。姓名总是提供。"),
    )
    consent = forms.CharField(label=_lazy("所依据的同意"), required=False)

    def __init__(self, *args: Any, need: SupportNeed, may_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        disclosed: forms.MultipleChoiceField = self.fields["disclosed_fields"]  # type: ignore[assignment]
        disclosed.choices = [(code, rule.label) for code, rule in FIELDS.items()]
        self.fields["to_agency"] = select_field(
            _lazy("接收机构"),
            {str(agency.pk): agency.name for agency in providers_for(need)},
            empty=_lazy("请选择"),
        )
        consents = valid_consents(need.person, timezone.localdate())
        self.fields["consent"] = select_field(
            _lazy("所依据的同意"),
            {str(consent.uuid): consent_label(consent) for consent in consents},
            empty=_lazy("请选择"),
            help_text=_lazy("没有合适的同意时,请先在“同意记录”中登记。"),
        )
        if may_override:
            self.fields["override_reason"] = forms.CharField(
                label=_lazy("无同意紧急转介理由"),
                required=False,
                max_length=500,
                widget=TEXT,
                help_text=_lazy("仅主管可用:无法取得同意又必须转介时填写,有效期较短,全程留痕。"),
            )
        if not self.is_bound:
            self.initial.setdefault("disclosed_fields", list(SUGGESTED.get(need.pathway, ALWAYS)))
            providers = list(self.fields["to_agency"].widget.choices)
            if len(providers) == 2:  # the empty choice and exactly one provider
                self.initial.setdefault("to_agency", providers[1][0])

    def add_casework_errors(self, errors: dict[str, list[str]]) -> None:
        # The action names the disclosed fields "fields"; a form cannot have a field so named.
        renamed = {("disclosed_fields" if k == "fields" else k): v for k, v in errors.items()}
        super().add_casework_errors(renamed)

    def clean_to_agency(self) -> int | None:
        value = self.cleaned_data.get("to_agency") or ""
        return int(value) if value.isdigit() else None


class ConsentRecordForm(SupportForm):
    id_prefix = "consent"
    today_fields = ("given_on",)
    purposes = forms.MultipleChoiceField(
        label=_lazy("用途"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Pathway.choices,
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_lazy("可接收信息的机构"),
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    form = select_field(_lazy("同意方式"), dict(ConsentForm.choices), empty=_lazy("请选择"))
    guardian_name = forms.CharField(
        label=_lazy("监护人姓名"),
        required=False,
        max_length=50,
        help_text=_lazy("未满十四周岁或由监护人同意时填写。"),
    )
    given_on = date_field(_lazy("同意日期"))
    expires_on = date_field(_lazy("有效期至"), help_text=_lazy("留空为一年。"))

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        path = person.residence_region.path
        serving = [
            agency.pk
            for agency in Agency.objects.filter(is_active=True).select_related("region")
            if path.startswith(agency.region.path)
            and any(agency.kind in kinds for kinds in PROVIDERS.values())
        ]
        field: forms.ModelMultipleChoiceField = self.fields["agencies"]  # type: ignore[assignment]
        field.queryset = Agency.objects.filter(pk__in=serving).order_by("kind", "name")

    def clean_given_on(self) -> dt.date:
        return _required_date(self, "given_on", _("请填写同意日期,格式 YYYY-MM-DD。"))

    def clean_expires_on(self) -> dt.date | None:
        return _optional_date(self, "expires_on")


class WithdrawConsentForm(SupportForm):
    id_prefix = "withdraw"
    today_fields = ("on_date",)
    on_date = date_field(_lazy("撤回日期"))

    def clean_on_date(self) -> dt.date:
        return _required_date(self, "on_date", _("请填写撤回日期,格式 YYYY-MM-DD。"))


TRI_STATE = {"": _lazy("不详"), "yes": _lazy("是"), "no": _lazy("否")}


class FactsForm(SupportForm):
    id_prefix = "facts"
    today_fields = ("recorded_on",)
    recorded_on = date_field(_lazy("核实日期"))

    def __init__(self, *args: Any, latest: LivelihoodFacts | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FACT_NAMES:
            label = getattr(LivelihoodFacts._meta.get_field(name), "verbose_name", name)
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, choices=list(TRI_STATE.items())
            )
            if latest is not None and not self.is_bound:
                value = getattr(latest, name)
                self.initial[name] = "" if value is None else ("yes" if value else "no")

    def clean_recorded_on(self) -> dt.date:
        return _required_date(self, "recorded_on", _("请填写核实日期,格式 YYYY-MM-DD。"))

    def facts(self) -> dict[str, bool | None]:
        return {
            name: {"yes": True, "no": False}.get(self.cleaned_data.get(name) or "")
            for name in FACT_NAMES
        }


class StepForm(SupportForm):
    """One step of a referral; ``reason`` or ``outcome`` where the step needs one."""

    today_fields = ("on_date",)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on_date = date_field(_lazy("日期"))

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        self.id_prefix = f"step_{step}"
        super().__init__(*args, **kwargs)
        self.step = step
        if step in ("reject", "end", "revoke"):
            self.fields["reason"] = forms.CharField(
                label=_lazy("原因"), required=False, max_length=500, widget=TEXT
            )
        if step == "complete":
            self.fields["outcome"] = forms.CharField(
                label=_lazy("服务结果"),
                required=False,
                max_length=500,
                widget=TEXT,
                help_text=_lazy("转出机构能看到,例如:经审核纳入低保,每月发放。"),
            )

    def clean_on_date(self) -> dt.date:
        return _required_date(self, "on_date", _("请填写日期,格式 YYYY-MM-DD。"))
