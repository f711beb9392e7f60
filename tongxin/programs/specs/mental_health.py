"""严重精神障碍患者社区管理 (精神卫生法; 国家基本公共卫生服务规范 第三版)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import AgencyKind
from tongxin.programs.registry import DetailsRejected, ProgramSpec, Sensitivity, Transition

# The six diseases in scope of the national specification.
DIAGNOSES = {
    "schizophrenia": _lazy("精神分裂症"),
    "schizoaffective": _lazy("分裂情感性障碍"),
    "paranoid_psychosis": _lazy("偏执性精神病"),
    "bipolar": _lazy("双相(情感)障碍"),
    "epilepsy_related": _lazy("癫痫所致精神障碍"),
    "intellectual_disability_related": _lazy("精神发育迟滞伴发精神障碍"),
}
# 危险性评估 0–5, national specification wording.
RISK_LEVELS = {
    0: _lazy("0 级:无符合以下 1–5 级中的任何行为"),
    1: _lazy("1 级:口头威胁,喊叫,但没有打砸行为"),
    2: _lazy("2 级:打砸行为,局限在家里,针对财物,能被劝说制止"),
    3: _lazy("3 级:明显打砸行为,不分场合,针对财物,不能接受劝说而停止"),
    4: _lazy("4 级:持续的打砸行为,不分场合,针对财物或人,不能接受劝说而停止(包括自伤、自杀)"),
    5: _lazy("5 级:持械针对人的任何暴力行为,或者纵火、爆炸等行为,无论在家里还是公共场合"),
}
# From this risk level the 派出所 sees a risk alert (level and doctor, never the diagnosis).
POLICE_ALERT_FROM_RISK = 3


def stability_for(risk_level: int, *, symptoms_controlled: bool = True) -> str:
    """Classified intervention (分类干预): risk 3–5 unstable; 1–2, or risk 0 with symptoms,
    poor insight or poor social function, basically stable; risk 0 and controlled, stable."""
    if risk_level >= 3:
        return "unstable"
    if risk_level >= 1 or not symptoms_controlled:
        return "basically_stable"
    return "stable"


class MentalHealthSpec(ProgramSpec):
    code = "mental_health"
    label = _lazy("严重精神障碍患者管理")
    sensitivity = Sensitivity.PROTECTED
    lead_kinds = frozenset({AgencyKind.HEALTH_BUREAU, AgencyKind.TOWNSHIP_HEALTH_CENTRE})
    statuses = {
        "active": _lazy("在管"),
        "hospitalised": _lazy("住院治疗"),
        "ended": _lazy("结案"),
    }
    ended_statuses = frozenset({"ended"})
    scheduling_statuses = frozenset({"active"})
    level_labels = {
        "unstable": _lazy("病情不稳定"),
        "basically_stable": _lazy("病情基本稳定"),
        "stable": _lazy("病情稳定"),
    }
    transitions = (
        Transition("hospitalise", _lazy("住院"), frozenset({"active"}), "hospitalised"),
        Transition("discharge", _lazy("出院回家"), frozenset({"hospitalised"}), "active"),
        Transition(
            "end",
            _lazy("结案"),
            frozenset({"active", "hospitalised"}),
            "ended",
            {
                "death": _lazy("死亡"),
                "moved_away": _lazy("迁出本辖区"),
                "diagnosis_excluded": _lazy("排除诊断"),
            },
        ),
    )

    def initial_status(self, details: dict[str, Any]) -> str:
        return "active"

    def initial_level(self, details: dict[str, Any]) -> str:
        # Until the first full assessment says symptoms, insight and social function are
        # good, a risk-0 patient is treated as basically stable (the more frequent schedule).
        return stability_for(
            int(details["risk_level"]), symptoms_controlled=details["symptoms_controlled"]
        )

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        diagnosis = str(details.get("diagnosis") or "")
        if diagnosis not in DIAGNOSES:
            errors["diagnosis"] = [_("请选择六类严重精神障碍之一。")]
        try:
            risk = int(details.get("risk_level", ""))
        except (TypeError, ValueError):
            risk = -1
        if risk not in RISK_LEVELS:
            errors["risk_level"] = [_("危险性等级应为 0 到 5 级。")]
        if errors:
            raise DetailsRejected(errors)
        return {
            "diagnosis": diagnosis,
            "risk_level": risk,
            "symptoms_controlled": bool(details.get("symptoms_controlled")),
            "guardian_name": str(details.get("guardian_name") or "")[:50],
            "guardian_phone": str(details.get("guardian_phone") or "")[:30],
        }


SPEC = MentalHealthSpec()
