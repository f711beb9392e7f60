"""Helpers for the case API tests: URLs, request bodies, the protected and closed cases of
patient_a, and the audit rows a call adds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.personas import World
from tests.programs_support import act, cdc_officer
from tongxin.audit.models import AccessEvent, AuditEvent
from tongxin.programs import actions
from tongxin.programs.models import Enrollment

CASES = "/api/v1/cases"
QUEUE = "/api/v1/queue"
SUMMARY = "/api/v1/queue/summary"


def case_url(case: Any, action: str = "") -> str:
    uuid = case.uuid if hasattr(case, "uuid") else case
    return f"{CASES}/{uuid}" + (f"/{action}" if action else "")


def probation_body(world: World, effective: dt.date, **extra: Any) -> dict[str, Any]:
    return {
        "person": str(world.person_a.uuid),
        "program": "corrections",
        "details": {
            "supervision_type": "probation",
            "judgment_effective_on": effective.isoformat(),
            "term_years": 1,
            "court": "测试县人民法院",
            "offence": "危险驾驶罪",
        },
        "started_on": effective.isoformat(),
        **extra,
    }


def enroll_mental_health(world: World) -> Enrollment:
    return actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": 4},
        started_on=dt.date(2026, 2, 1),
        responsible_worker=world.health_a,
    )


def enroll_hiv(world: World) -> tuple[Enrollment, Any]:
    officer = cdc_officer(world)
    case = actions.enroll_person(
        actor=act(officer),
        person_uuid=world.patient_a.uuid,
        program="hiv",
        details={"stage": "infected", "on_art": True},
        started_on=dt.date(2026, 1, 5),
        responsible_worker=officer,
    )
    return case, officer


def access_seq() -> int:
    event = AccessEvent.objects.order_by("-seq").first()
    return event.seq if event else 0


def access_since(seq: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(seq__gt=seq).order_by("seq"))


def audit_seq() -> int:
    event = AuditEvent.objects.order_by("-seq").first()
    return event.seq if event else 0


def audit_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))
