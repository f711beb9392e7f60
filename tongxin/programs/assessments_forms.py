"""Web forms for assessments: the mental-health risk assessment (危险性评估, levels 0–5 with the
national definitions as the choices) and the corrections classification (分类管理评估). They
parse what the browser sends; the rules and their messages live in ``programs.assessments``,
which also counts the inputs the system knows (time since entry, reprimands, warnings,
praises, time in ordinary management)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.programs.assessments import REOFFENDING_RISKS
from tongxin.programs.forms import CaseworkForm, date_field, parse_date, select_field
from tongxin.programs.specs import corrections, mental_health


def _notes_field() -> forms.CharField:
    return forms.CharField(
        label=_lazy("评估情况"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("加密保存;只读用户看不到。"),
    )


class AssessmentForm(CaseworkForm):
    section = "assessments"

    assessed_on = date_field(_lazy("评估日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate().isoformat())

    def clean_assessed_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("assessed_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写评估日期,格式 YYYY-MM-DD。"))
        return parsed


class RiskAssessmentForm(AssessmentForm):
    id_prefix = "risk"

    # Radio buttons, so every national definition is read before one is chosen.
    risk_level = forms.CharField(
        label=_lazy("危险性等级"),
        required=False,
        widget=forms.RadioSelect(
            choices=[(str(k), v) for k, v in mental_health.RISK_LEVELS.items()]
        ),
        help_text=_lazy(
            "按国家基本公共卫生服务规范的定义评定;3 级及以上辖区派出所会收到风险提示。"
        ),
    )
    symptoms_controlled = forms.BooleanField(label=_lazy("精神症状基本消失"), required=False)
    insight_good = forms.BooleanField(label=_lazy("自知力基本恢复"), required=False)
    social_function_good = forms.BooleanField(
        label=_lazy("社会功能处于一般或良好"),
        required=False,
        help_text=_lazy(
            "危险性 0 级且三项均勾选为病情稳定;1–2 级或有一项未勾选为基本稳定;3–5 级为不稳定。"
        ),
    )
    notes = _notes_field()

    def clean_risk_level(self) -> int:
        value: str = self.cleaned_data.get("risk_level", "")
        if not value.isdigit() or int(value) not in mental_health.RISK_LEVELS:
            raise forms.ValidationError(_("请选择危险性等级(0 到 5 级)。"))
        return int(value)


def _classification_help() -> str:
    limits = corrections.SPEC.rules()["classification"]
    return _(
        "系统自动计入入矫时间、近%(months)d个月的训诫和警告、连续表扬次数和普管时间;"
        "普管满%(ordinary)d个月且平均分不低于%(score)d分可建议宽管。没有季度考核可不填。"
    ) % {
        "months": limits["sanction_window_months"],
        "ordinary": limits["lenient_ordinary_months"],
        "score": limits["lenient_min_score"],
    }


class ClassificationForm(AssessmentForm):
    id_prefix = "classification"

    reoffending_risk = select_field(
        _lazy("再犯罪风险评估结果"), REOFFENDING_RISKS, empty=_lazy("请选择")
    )
    public_security_penalty = forms.BooleanField(label=_lazy("受到治安管理处罚"), required=False)
    failed_assessment = forms.BooleanField(label=_lazy("考核不合格"), required=False)
    average_quarterly_score = forms.CharField(
        label=_lazy("季度考核平均分"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    notes = _notes_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["average_quarterly_score"].help_text = _classification_help()

    def clean_average_quarterly_score(self) -> float | None:
        value: str = self.cleaned_data.get("average_quarterly_score", "").strip()
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            raise forms.ValidationError(_("季度考核平均分请填写数字,例如 85 或 85.5。")) from None
