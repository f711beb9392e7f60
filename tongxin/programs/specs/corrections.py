"""社区矫正 community corrections (社区矫正法 2019; 实施办法 2020)."""

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

SUPERVISION_TYPES = {
    "surveillance": _lazy("管制"),
    "probation": _lazy("缓刑"),
    "parole": _lazy("假释"),
    "temporary_outside": _lazy("暂予监外执行"),
}
# Term limits in months [S]: 管制 3 months–2 years (刑法 art 38); probation at least 2 months
# (拘役) and at most 5 years (有期徒刑) (刑法 art 73); parole of a life sentence is 10 years
# (刑法 art 83).
TERM_LIMITS_MONTHS = {
    "surveillance": (3, 24),
    "probation": (2, 60),
    "parole": (1, 120),
    "temporary_outside": (1, 240),
}
REPORT_DAYS = 10  # 社区矫正法 art 21 [S]
REPORT_CITATION = "《社区矫正法》第二十一条"
SUMMARY_CITATION = "《社区矫正法实施办法》第五十三条(待核)"
HOME_VISIT_CITATION = "省社区矫正实施细则(入矫走访,可配置)"


def _count(value: Any, name: str, errors: dict[str, list[str]]) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        errors.setdefault(name, []).append(_("请填写整数。"))
        return 0
    if number < 0:
        errors.setdefault(name, []).append(_("不能为负数。"))
    return number


class CorrectionsSpec(ProgramSpec):
    code = "corrections"
    label = _lazy("社区矫正")
    sensitivity = Sensitivity.AUDITED
    lead_kinds = frozenset({AgencyKind.JUSTICE_BUREAU, AgencyKind.JUSTICE_OFFICE})
    # 公安 help supervise and search (社区矫正法 arts 28–31); the procuratorate supervises (art 8).
    visible_to_kinds = frozenset(
        {AgencyKind.POLICE_BUREAU, AgencyKind.POLICE_STATION, AgencyKind.PROCURATORATE}
    )
    statuses = {
        "pending_report": _lazy("待报到"),
        "active": _lazy("在矫"),
        "suspended": _lazy("暂停(羁押)"),
        "released": _lazy("解除矫正"),
        "terminated": _lazy("终止矫正"),
    }
    ended_statuses = frozenset({"released", "terminated"})
    scheduling_statuses = frozenset({"active"})
    level_labels = {"strict": _lazy("严管"), "ordinary": _lazy("普管"), "lenient": _lazy("宽管")}
    levels_decided_by_county = True
    deadline_labels = {
        "report": _lazy("报到期限(判决、裁定生效之日起十日内)"),
        "pre_release_summary": _lazy("解矫前个人总结与书面鉴定"),
        "first_home_visit": _lazy("入矫后首次走访家庭或村(居)"),
        # Created by an approved change of residence (tongxin.programs.approvals).
        "report_new_place": _lazy("变更执行地后向新执行地报到"),
    }
    transitions = (
        Transition("report", _lazy("报到入矫"), frozenset({"pending_report"}), "active"),
        Transition(
            "suspend",
            _lazy("暂停(被羁押)"),
            frozenset({"active"}),
            "suspended",
            # Other organs must notify corrections of custody (社区矫正法 art 32).
            {
                "detained": _lazy("被拘留"),
                "compulsory_isolation": _lazy("强制隔离戒毒"),
                "criminal_measure": _lazy("被采取刑事强制措施"),
            },
        ),
        Transition("resume", _lazy("恢复矫正"), frozenset({"suspended"}), "active"),
        Transition(
            "release",
            _lazy("解除矫正"),
            frozenset({"active"}),
            "released",
            {"term_end": _lazy("矫正期满"), "amnesty": _lazy("赦免")},  # art 44
        ),
        Transition(
            "terminate",
            _lazy("终止矫正"),
            frozenset({"pending_report", "active", "suspended"}),
            "terminated",
            {
                "revoke_probation": _lazy("撤销缓刑"),
                "revoke_parole": _lazy("撤销假释"),
                "imprison": _lazy("收监执行"),
                "death": _lazy("死亡"),
            },  # art 45
        ),
    )

    def initial_status(self, details: dict[str, Any]) -> str:
        return "pending_report"

    def category(self, details: dict[str, Any]) -> str:
        return str(details["supervision_type"])

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        kind = clean_choice(
            details,
            "supervision_type",
            SUPERVISION_TYPES,
            _lazy("请选择矫正类别:管制、缓刑、假释或暂予监外执行。"),
            errors,
        )
        date_message = _lazy("请填写日期,格式 YYYY-MM-DD。")
        effective = clean_date(details, "judgment_effective_on", date_message, errors)
        start = clean_date(
            {"term_start_on": details.get("term_start_on") or details.get("judgment_effective_on")},
            "term_start_on",
            date_message,
            errors,
        )
        years = _count(details.get("term_years"), "term_years", errors)
        months = _count(details.get("term_months"), "term_months", errors)
        days = _count(details.get("term_days"), "term_days", errors)
        total_months = years * 12 + months + (1 if days else 0)
        if kind in TERM_LIMITS_MONTHS and not errors.get("term_years"):
            low, high = TERM_LIMITS_MONTHS[kind]
            if total_months < low or years * 12 + months > high:
                errors.setdefault("term_months", []).append(
                    _(
                        "%(kind)s的矫正期限应在 %(low)d 个月到 %(high)d 个月之间(刑法第三十八、七十三、八十三条)。"
                    )
                    % {"kind": SUPERVISION_TYPES[kind], "low": low, "high": high}
                )
        if errors:
            raise DetailsRejected(errors)
        return {
            "supervision_type": kind,
            "judgment_effective_on": effective.isoformat() if effective else None,
            "term_start_on": start.isoformat() if start else None,
            "term_years": years,
            "term_months": months,
            "term_days": days,
            "court": str(details.get("court") or "")[:100],
            "offence": str(details.get("offence") or "")[:200],
        }

    def planned_end(self, started_on: dt.date, details: dict[str, Any]) -> dt.date | None:
        start = dt.date.fromisoformat(details["term_start_on"])
        return term_end(
            start,
            years=details["term_years"],
            months=details["term_months"],
            days=details["term_days"],
        )

    def deadlines_on_enroll(
        self, started_on: dt.date, details: dict[str, Any], planned_end: dt.date | None
    ) -> list[DeadlineDraft]:
        effective = dt.date.fromisoformat(details["judgment_effective_on"])
        drafts = [
            DeadlineDraft("report", effective + dt.timedelta(days=REPORT_DAYS), REPORT_CITATION)
        ]
        if planned_end is not None:
            before = self.rules()["pre_release_summary_days"]
            drafts.append(
                DeadlineDraft(
                    "pre_release_summary",
                    planned_end - dt.timedelta(days=before),
                    SUMMARY_CITATION,
                )
            )
        return drafts

    def deadlines_met_by(self, transition: str) -> frozenset[str]:
        return frozenset({"report"}) if transition == "report" else frozenset()

    def deadlines_on_transition(
        self, transition: str, on_date: dt.date, enrollment: Any
    ) -> list[DeadlineDraft]:
        if transition != "report":
            return []
        return [
            DeadlineDraft(
                "first_home_visit",
                on_date + dt.timedelta(days=self.rules()["first_home_visit_days"]),
                HOME_VISIT_CITATION,
            )
        ]

    def deadline_label(self, code: str, details: dict[str, Any]) -> str:
        # 暂予监外执行 is handed over by the deciding authority rather than reported to.
        if code == "report" and details.get("supervision_type") == "temporary_outside":
            return _("交付接收期限(决定之日起十日内)")
        return super().deadline_label(code, details)

    def check_transition(
        self, transition: Transition, reason: str, on_date: dt.date, enrollment: Any
    ) -> str | None:
        kind = enrollment.details.get("supervision_type")
        if (
            transition.name == "release"
            and reason == "term_end"
            and enrollment.planned_end_on
            and on_date < enrollment.planned_end_on
        ):
            return _("矫正期至 %(end)s 才届满;期满前不能以“矫正期满”解除。") % {
                "end": enrollment.planned_end_on.isoformat()
            }
        required = {
            "revoke_probation": "probation",
            "revoke_parole": "parole",
            "imprison": "temporary_outside",
        }
        if transition.name == "terminate" and reason in required and kind != required[reason]:
            return _("%(reason)s只适用于%(kind)s人员。") % {
                "reason": transition.reasons[reason],
                "kind": SUPERVISION_TYPES[required[reason]],
            }
        return None


SPEC = CorrectionsSpec()
