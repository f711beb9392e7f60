"""安置帮教 resettlement and aid after release (监狱法 arts 35–37; local rules [L])."""

from __future__ import annotations

import datetime as dt
from typing import Any

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

SOURCES = {"prison": _lazy("刑满释放"), "corrections": _lazy("解除社区矫正")}
HANDOVER_CITATION = "司法部《关于进一步做好刑满释放人员安置帮教工作的通知》(1999);地方规定"
VISIT_CITATION = "地方安置帮教工作规定(回归后七日内走访,可配置)"


class ReentrySpec(ProgramSpec):
    code = "reentry"
    label = _lazy("安置帮教")
    sensitivity = Sensitivity.AUDITED
    lead_kinds = frozenset({AgencyKind.JUSTICE_BUREAU, AgencyKind.JUSTICE_OFFICE})
    # 派出所 keep key subjects listed (列管) and help prevent 脱管漏管.
    visible_to_kinds = frozenset({AgencyKind.POLICE_BUREAU, AgencyKind.POLICE_STATION})
    statuses = {
        "pending_handover": _lazy("待衔接"),
        "active": _lazy("帮教中"),
        "ended": _lazy("帮教结束"),
    }
    ended_statuses = frozenset({"ended"})
    scheduling_statuses = frozenset({"active"})
    level_labels = {"key": _lazy("重点帮教对象"), "ordinary": _lazy("一般帮教对象")}
    deadline_labels = {
        "handover": _lazy("刑满释放人员衔接(接回、登记)"),
        "first_home_visit": _lazy("回归后首次走访"),
    }
    transitions = (
        Transition("handover", _lazy("完成衔接"), frozenset({"pending_handover"}), "active"),
        Transition(
            "end",
            _lazy("结束帮教"),
            frozenset({"pending_handover", "active"}),
            "ended",
            {
                "period_end": _lazy("帮教期满"),
                "reoffended": _lazy("重新犯罪"),
                "death": _lazy("死亡"),
                "moved_away": _lazy("迁出本县"),
            },
        ),
    )

    def initial_status(self, details: dict[str, Any]) -> str:
        # A case released from corrections is already known to the 司法所: no handover.
        return "active" if details["source"] == "corrections" else "pending_handover"

    def initial_level(self, details: dict[str, Any]) -> str:
        return "key" if details.get("key_subject") else str(self.rules()["initial_level"])

    def category(self, details: dict[str, Any]) -> str:
        return str(details["source"])

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        source = clean_choice(
            {"source": details.get("source") or "prison"},
            "source",
            SOURCES,
            _lazy("来源应为刑满释放或解除社区矫正。"),
            errors,
        )
        released = clean_date(
            details, "released_on", _lazy("请填写释放(解除)日期,格式 YYYY-MM-DD。"), errors
        )
        if errors or released is None:
            raise DetailsRejected(errors)
        return {
            "source": source,
            "released_on": released.isoformat(),
            "key_subject": bool(details.get("key_subject")),
            "prison": str(details.get("prison") or "")[:100],
        }

    def planned_end(self, started_on: dt.date, details: dict[str, Any]) -> dt.date | None:
        released = dt.date.fromisoformat(details["released_on"])
        return term_end(released, years=int(self.rules()["aid_period_years"]))

    def deadlines_on_enroll(
        self, started_on: dt.date, details: dict[str, Any], planned_end: dt.date | None
    ) -> list[DeadlineDraft]:
        released = dt.date.fromisoformat(details["released_on"])
        visit_days = int(self.rules()["first_home_visit_days"])
        drafts = [
            DeadlineDraft(
                "first_home_visit",
                released + dt.timedelta(days=visit_days),
                VISIT_CITATION,
            )
        ]
        if details["source"] == "prison":
            drafts.insert(
                0,
                DeadlineDraft("handover", released, HANDOVER_CITATION),
            )
        return drafts

    def deadlines_met_by(self, transition: str) -> frozenset[str]:
        return frozenset({"handover"}) if transition == "handover" else frozenset()


SPEC = ReentrySpec()
