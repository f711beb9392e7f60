"""Helpers for the assessment page and API tests: patient_a's mental-health case (risk 1,
basically stable) run by the township health centre, person_a's reported probation case, and
the form data of a risk assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.personas import World
from tests.programs_support import act
from tongxin.programs import actions
from tongxin.programs.models import Enrollment

DIAGNOSIS = "精神分裂症"  # how the page would name patient_a's diagnosis, were it shown
NOTES = "家属反映近一周夜间打砸家具"


def patient_case(world: World) -> Enrollment:
    return actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": 1},
        started_on=dt.date(2026, 4, 1),
        responsible_worker=world.health_a,
    )


def risk_form(level: int | str, **extra: Any) -> dict[str, Any]:
    """A risk assessment on 28 May with symptoms, insight and social function all good."""
    return {
        "assessed_on": "2026-05-28",
        "risk_level": str(level),
        "symptoms_controlled": "on",
        "insight_good": "on",
        "social_function_good": "on",
        "notes": NOTES,
        **extra,
    }
