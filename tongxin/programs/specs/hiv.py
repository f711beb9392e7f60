"""艾滋病随访 HIV follow-up: the CDC's alone (艾滋病防治条例 arts 34, 39). Closed program:
stored under a keyed code, visible to CDC staff only, never in others' lists or exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import AgencyKind
from tongxin.programs.registry import DetailsRejected, ProgramSpec, Sensitivity, Transition

STAGES = {"infected": _lazy("HIV 感染者"), "aids": _lazy("艾滋病病人")}


class HivSpec(ProgramSpec):
    code = "hiv"
    label = _lazy("艾滋病随访")
    sensitivity = Sensitivity.CLOSED
    lead_kinds = frozenset({AgencyKind.CDC})
    statuses = {"active": _lazy("随访中"), "lost": _lazy("失访"), "ended": _lazy("结案")}
    ended_statuses = frozenset({"ended"})
    scheduling_statuses = frozenset({"active"})
    level_labels = {"infected": _lazy("感染者(每半年)"), "aids": _lazy("病人(每季度)")}
    transitions = (
        Transition("mark_lost", _lazy("判定失访"), frozenset({"active"}), "lost"),
        Transition("found", _lazy("恢复随访"), frozenset({"lost"}), "active"),
        Transition(
            "end",
            _lazy("结案"),
            frozenset({"active", "lost"}),
            "ended",
            {"death": _lazy("死亡"), "transferred": _lazy("转出")},
        ),
    )

    def initial_status(self, details: dict[str, Any]) -> str:
        return "active"

    def initial_level(self, details: dict[str, Any]) -> str:
        return str(details["stage"])

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        stage = str(details.get("stage") or "")
        if stage not in STAGES:
            raise DetailsRejected({"stage": [_("请选择感染者或病人。")]})
        return {"stage": stage, "on_art": bool(details.get("on_art"))}


SPEC = HivSpec()
