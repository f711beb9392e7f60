"""Helpers for the support API tests: URLs, person_a's probation case with its offence, and
the search of a response for what a receiving agency must never get."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, on
from tongxin.programs import actions as program_actions
from tongxin.programs.models import Enrollment

API = "/api/v1"
REFERRALS = f"{API}/referrals"
NOTIFICATIONS = f"{API}/notifications"
THREE_NOS = f"{API}/support/three-nos"
FIGURES = f"{API}/support/figures"
AGENCIES = f"{API}/support/agencies"
OFFENCE = "危险驾驶罪"


def uuid_of(thing: Any) -> str:
    """The UUID of a model row or of an API body (a dict with "uuid")."""
    return str(thing["uuid"] if isinstance(thing, dict) else thing.uuid)


def person_path(person: Any, what: str) -> str:
    return f"{API}/people/{uuid_of(person)}/{what}"


def need_path(need: Any, action: str = "") -> str:
    return f"{API}/needs/{uuid_of(need)}" + (f"/{action}" if action else "")


def referral_path(referral: Any, action: str = "") -> str:
    return f"{REFERRALS}/{uuid_of(referral)}" + (f"/{action}" if action else "")


def withdraw_path(consent: Any) -> str:
    return f"{API}/consents/{uuid_of(consent)}/withdraw"


def probation_with_offence(world: World) -> Enrollment:
    """person_a on probation for 危险驾驶罪 since 2 March 2026 (the offence is in the case's
    details, where the offence field of a referral would read it)."""
    with on(TODAY):
        return program_actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="corrections",
            details={
                "supervision_type": "probation",
                "judgment_effective_on": "2026-03-02",
                "term_years": 1,
                "court": "测试县人民法院",
                "offence": OFFENCE,
            },
            started_on=dt.date(2026, 3, 2),
            responsible_worker=world.worker_a,
        )


def day(offset: int = 0) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()
