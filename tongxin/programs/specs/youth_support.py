"""重点青少年 / 就业困难人员帮扶: voluntary, consent-based support plans."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import AgencyKind
from tongxin.programs.registry import (
    DetailsRejected,
    ProgramSpec,
    Sensitivity,
    Transition,
    clean_choice,
    clean_date,
)

CATEGORIES = {"at_risk_youth": _lazy("重点青少年"), "unemployed": _lazy("就业困难人员")}


class YouthSupportSpec(ProgramSpec):
    code = "youth_support"
    label = _lazy("重点青少年与就业困难人员帮扶")
    sensitivity = Sensitivity.AUDITED
    lead_kinds = frozenset({AgencyKind.CIVIL_AFFAIRS, AgencyKind.HUMAN_RESOURCES})
    statuses = {"active": _lazy("帮扶中"), "ended": _lazy("帮扶结束")}
    ended_statuses = frozenset({"ended"})
    scheduling_statuses = frozenset({"active"})
    level_labels = {"standard": _lazy("常规")}
    transitions = (
        Transition(
            "end",
            _lazy("结束帮扶"),
            frozenset({"active"}),
            "ended",
            {
                "plan_completed": _lazy("帮扶计划完成"),
                "consent_withdrawn": _lazy("本人撤回同意"),
                "moved_away": _lazy("迁出本辖区"),
            },
        ),
    )

    def initial_status(self, details: dict[str, Any]) -> str:
        return "active"

    def category(self, details: dict[str, Any]) -> str:
        return str(details["category"])

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        category = clean_choice(
            details, "category", CATEGORIES, _("请选择重点青少年或就业困难人员。"), errors
        )
        consent = clean_date(
            details, "consent_on", _("自愿帮扶须有本人(或监护人)同意:请填写同意日期。"), errors
        )
        if errors or consent is None:
            raise DetailsRejected(errors)
        return {"category": category, "consent_on": consent.isoformat()}


SPEC = YouthSupportSpec()
