"""社区戒毒 / 社区康复 (禁毒法 arts 33–35, 48; 戒毒条例 arts 13–24, 37–40)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.lib.dates import term_end
from tongxin.organisation.models import AgencyKind
from tongxin.programs.registry import (
    DeadlineDraft,
    DetailsRejected,
    ProgramSpec,
    Sensitivity,
    Transition,
    clean_choice,
    clean_date,
)

CATEGORIES = {"community_detox": _lazy("社区戒毒"), "community_rehab": _lazy("社区康复")}
REPORT_DAYS = 15  # 戒毒条例 arts 14, 38 [S]
DURATION_YEARS = 3  # 禁毒法 arts 33, 48 [S] (community rehabilitation: at most 3 years)
CITATIONS = {
    "community_detox": "《戒毒条例》第十四条",
    "community_rehab": "《戒毒条例》第三十八条",
}


class DrugRehabSpec(ProgramSpec):
    code = "drug_rehab"
    label = _lazy("社区戒毒(康复)")
    sensitivity = Sensitivity.PROTECTED
    lead_kinds = frozenset({AgencyKind.POLICE_BUREAU, AgencyKind.POLICE_STATION})
    statuses = {
        "pending_report": _lazy("待报到"),
        "active": _lazy("执行中"),
        "suspended": _lazy("中止(被羁押)"),
        "ended": _lazy("期满解除"),
        "terminated": _lazy("终止"),
    }
    ended_statuses = frozenset({"ended", "terminated"})
    scheduling_statuses = frozenset({"active"})
    level_labels = {"standard": _lazy("常规")}
    deadline_labels = {"report": _lazy("报到期限(收到决定书之日起十五日内)")}
    transitions = (
        Transition("report", _lazy("报到并签订协议"), frozenset({"pending_report"}), "active"),
        # Suspended during detention or arrest, resumed on release (戒毒条例 art 24).
        Transition("suspend", _lazy("中止"), frozenset({"active"}), "suspended"),
        Transition("resume", _lazy("恢复执行"), frozenset({"suspended"}), "active"),
        Transition("release", _lazy("期满解除"), frozenset({"active"}), "ended"),
        Transition(
            "terminate",
            _lazy("终止"),
            frozenset({"pending_report", "active", "suspended"}),
            "terminated",
            {
                "compulsory_isolation": _lazy("决定强制隔离戒毒"),
                "imprisoned": _lazy("被判处刑罚"),
                "death": _lazy("死亡"),
            },
        ),
    )

    def initial_status(self, details: dict[str, Any]) -> str:
        return "pending_report"

    def category(self, details: dict[str, Any]) -> str:
        return str(details["category"])

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        category = clean_choice(
            details, "category", CATEGORIES, _("请选择社区戒毒或社区康复。"), errors
        )
        served = clean_date(
            details, "order_served_on", _("请填写决定书送达日期,格式 YYYY-MM-DD。"), errors
        )
        if errors or served is None:
            raise DetailsRejected(errors)
        return {"category": category, "order_served_on": served.isoformat()}

    def deadlines_on_enroll(
        self, started_on: dt.date, details: dict[str, Any], planned_end: dt.date | None
    ) -> list[DeadlineDraft]:
        served = dt.date.fromisoformat(details["order_served_on"])
        return [
            DeadlineDraft(
                "report",
                served + dt.timedelta(days=REPORT_DAYS),
                CITATIONS[details["category"]],
            )
        ]

    def deadlines_met_by(self, transition: str) -> frozenset[str]:
        return frozenset({"report"}) if transition == "report" else frozenset()

    def planned_end_after(
        self, transition: str, on_date: dt.date, enrollment: Any
    ) -> dt.date | None:
        # Three years counted from the day of reporting (禁毒法 art 33).
        return term_end(on_date, years=DURATION_YEARS) if transition == "report" else None


SPEC = DrugRehabSpec()
