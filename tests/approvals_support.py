"""Helpers for approval tests: an active corrections case, the supervisors who decide, and a
frozen clock at nine in the morning of a given day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from tests.personas import World, member
from tests.programs_support import act
from tongxin.organisation.models import Role
from tongxin.programs import actions, approvals
from tongxin.programs.models import Approval, Enrollment

EFFECTIVE = dt.date(2026, 3, 2)
REPORTED = dt.date(2026, 3, 4)


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)), tick=False)


def active_probation(world: World, person: Any = None, worker: Any = None) -> Enrollment:
    """A one-year probation case that reported on 4 March 2026 (strict, weekly contacts)."""
    person = person or world.person_a
    worker = worker or world.worker_a
    with on(EFFECTIVE + dt.timedelta(days=1)):
        case = actions.enroll_person(
            actor=act(worker),
            person_uuid=person.uuid,
            program="corrections",
            details={
                "supervision_type": "probation",
                "judgment_effective_on": EFFECTIVE.isoformat(),
                "term_years": 1,
            },
            started_on=EFFECTIVE,
            responsible_worker=worker,
        )
    with on(REPORTED):
        actions.transition_enrollment(
            actor=act(worker), enrollment_uuid=case.uuid, transition="report", on_date=REPORTED
        )
    case.refresh_from_db()
    return case


def office_a_supervisor(world: World) -> Any:
    """Head of 东城镇司法所, where person_a's case is run."""
    return member("office_a_supervisor", world.justice_office_a, Role.SUPERVISOR)


def office_b_supervisor(world: World) -> Any:
    """Head of 西山乡司法所, the other township."""
    return member("office_b_supervisor", world.justice_office_b, Role.SUPERVISOR)


def ask_leave(
    case: Enrollment, user: Any, starts_on: dt.date, ends_on: dt.date, *, today: dt.date
) -> Approval:
    with on(today):
        return approvals.request_approval(
            actor=act(user),
            enrollment_uuid=case.uuid,
            kind="leave",
            starts_on=starts_on,
            ends_on=ends_on,
            payload={"destination": "省城", "reason": "探望住院的母亲"},
        )


def decide(
    user: Any,
    approval: Approval,
    *,
    today: dt.date,
    agreed: bool = True,
    opinion: str = "情况属实,同意。",
    expected_version: int | None = None,
) -> Approval:
    with on(today):
        return approvals.decide_approval(
            actor=act(user),
            approval_uuid=approval.uuid,
            agreed=agreed,
            opinion=opinion,
            expected_version=expected_version,
        )
