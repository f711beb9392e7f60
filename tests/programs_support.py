"""Helpers for program tests: enroll through the actions, as a persona, on a frozen clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.personas import World, member
from tongxin.audit.record import Actor
from tongxin.organisation.models import Agency, AgencyKind, Role
from tongxin.programs import actions
from tongxin.programs.models import Enrollment


def act(user: Any) -> Actor:
    return Actor(user=user, channel="web")


def cdc_officer(world: World) -> Any:
    cdc = Agency.objects.create(name="测试县疾控中心", kind=AgencyKind.CDC, region=world.county)
    return member("cdc_officer", cdc, Role.WORKER)


def enroll_probation(
    world: World, *, effective: dt.date, years: int = 1, months: int = 0, user: Any = None
) -> Enrollment:
    return actions.enroll_person(
        actor=act(user or world.worker_a),
        person_uuid=world.person_a.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": effective.isoformat(),
            "term_years": years,
            "term_months": months,
        },
        started_on=effective,
        responsible_worker=world.worker_a,
    )


def reported_corrections_case(
    world: World,
    *,
    supervision_type: str = "probation",
    effective: dt.date,
    reported: dt.date,
    years: int = 2,
) -> Enrollment:
    """A corrections case of person_a that has reported (the usual starting point)."""
    case = actions.enroll_person(
        actor=act(world.worker_a),
        person_uuid=world.person_a.uuid,
        program="corrections",
        details={
            "supervision_type": supervision_type,
            "judgment_effective_on": effective.isoformat(),
            "term_years": years,
        },
        started_on=effective,
    )
    actions.transition_enrollment(
        actor=act(world.worker_a), enrollment_uuid=case.uuid, transition="report", on_date=reported
    )
    case.refresh_from_db()
    return case
