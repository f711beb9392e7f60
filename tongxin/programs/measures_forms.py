"""The form that records a decided reward or sanction (奖惩) on the case page. It parses and
keeps the input; ``tongxin.programs.measures.decide_measure`` holds the rules and their
Chinese messages, which go back on the fields they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.programs.forms import CaseworkForm, date_field, parse_date, select_field
from tongxin.programs.measures import Suggestion
from tongxin.programs.models import MeasureKind


def suggestion_label(suggestion: Suggestion) -> str:
    return _("%(kind)s:%(reason)s") % {
        "kind": MeasureKind(suggestion.kind).label,
        "reason": suggestion.reason,
    }


class DecideMeasureForm(CaseworkForm):
    """Kind, date, facts and evidence, and the current suggestion the decision answers (if
    any). The first suggestion is offered pre-selected; the decider may choose otherwise."""

    id_prefix = "measure"
    kind = select_field(_lazy("奖惩类别"), dict(MeasureKind.choices), empty=_lazy("请选择"))
    decided_on = date_field(_lazy("决定日期"))
    suggestion = forms.CharField(label=_lazy("所依据的系统建议"), required=False)
    reason = forms.CharField(
        label=_lazy("事实与理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.CharField(
        label=_lazy("证据材料"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy(
            "训诫、警告和各项提请须附司法所调查核实的证据材料(《社区矫正法》第三十四条);加密保存。"
        ),
    )

    def __init__(self, *args: Any, suggestions: list[Suggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions = {s.reason: s for s in suggestions}
        options = [
            ("", _lazy("不依据系统建议")),
            *((s.reason, suggestion_label(s)) for s in suggestions),
        ]
        self.fields["suggestion"].widget = forms.Select(choices=options)
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate().isoformat())
            if suggestions:
                self.initial.setdefault("kind", suggestions[0].kind)
                self.initial.setdefault("suggestion", suggestions[0].reason)

    def clean_decided_on(self) -> dt.date:
        parsed = parse_date(self.cleaned_data.get("decided_on", ""))
        if parsed is None:
            raise forms.ValidationError(_("请填写决定日期,格式 YYYY-MM-DD。"))
        return parsed

    def clean_suggestion(self) -> str:
        reason: str = self.cleaned_data.get("suggestion", "")
        if reason and reason not in self.suggestions:
            raise forms.ValidationError(_("该建议已不再适用,请重新选择,或选择“不依据系统建议”。"))
        return reason

    def clean(self) -> dict[str, Any] | None:
        cleaned_data = super().clean()
        chosen = self.suggestions.get(self.cleaned_data.get("suggestion", ""))
        kind = self.cleaned_data.get("kind", "")
        # The action keeps a suggestion only for a decision of its kind; saying so here, rather
        # than dropping it silently, lets the decider choose deliberately.
        if chosen is not None and kind and chosen.kind != kind:
            self.add_error(
                "suggestion",
                _("所选建议为“%(kind)s”,与奖惩类别不一致:请改选类别,或选择“不依据系统建议”。")
                % {"kind": MeasureKind(chosen.kind).label},
            )
        return cleaned_data
