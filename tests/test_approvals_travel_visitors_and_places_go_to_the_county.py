"""Frequent cross-county travel (valid 6 months, 实施办法 ~art 29 [M]), visitors (会客) and
restricted places (进入特定区域场所): the 司法所 reviews, the county approves; the form's
contents are kept encrypted and out of the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from tests.approvals_support import active_probation, decide, office_a_supervisor, on
from tests.personas import World
from tests.programs_support import act
from tongxin.audit.models import AuditEvent
from tongxin.programs import approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Approval, Enrollment

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


def ask(
    world: World, case: Enrollment, kind: str, payload: dict[str, Any], **dates: Any
) -> Approval:
    with on(TODAY):
        return approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind=kind,
            payload=payload,
            **dates,
        )


TRAVEL = {"destination": "邻县工业园", "reason": "在邻县务工,每日往返"}


def test_frequent_travel_is_valid_six_months_after_county_approval(
    world: World, case: Enrollment
) -> None:
    travel = ask(world, case, "frequent_travel", TRAVEL, starts_on=dt.date(2026, 4, 10))
    assert travel.ends_on == dt.date(2026, 10, 9)
    assert (travel.steps_required, travel.approver_level) == (2, "justice_bureau")
    with pytest.raises(CaseworkRejected) as error:
        ask(world, case, "frequent_travel", TRAVEL, starts_on=dt.date(2026, 5, 1))
    assert "待办" in error.value.errors["kind"][0]

    decide(office_a_supervisor(world), travel, today=TODAY)
    assert decide(world.county_supervisor, travel, today=TODAY).status == "approved"


def test_frequent_travel_beyond_six_months_is_refused_and_a_shorter_one_kept(
    world: World, case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        ask(
            world,
            case,
            "frequent_travel",
            TRAVEL,
            starts_on=dt.date(2026, 4, 10),
            ends_on=dt.date(2026, 10, 10),
        )
    assert "2026-10-09" in error.value.errors["ends_on"][0]
    shorter = ask(
        world,
        case,
        "frequent_travel",
        TRAVEL,
        starts_on=dt.date(2026, 4, 10),
        ends_on=dt.date(2026, 7, 31),
    )
    assert shorter.ends_on == dt.date(2026, 7, 31)


def test_a_visitor_request_needs_the_visitor_place_and_reason(
    world: World, case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        ask(world, case, "visitor", {"time": "14:00"}, starts_on=dt.date(2026, 4, 8))
    assert set(error.value.errors) == {"visitor_name", "place", "reason"}

    visitor = ask(
        world,
        case,
        "visitor",
        {
            "visitor_name": "孙某某",
            "time": "14:00–16:00",
            "place": "东城村委会",
            "reason": "商谈赔偿",
        },
        starts_on=dt.date(2026, 4, 8),
    )
    assert (visitor.steps_required, visitor.approver_level) == (2, "justice_bureau")
    assert visitor.payload["visitor_name"] == "孙某某"
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload_text FROM programs_approval WHERE id = %s", [visitor.pk])
        stored = cursor.fetchone()[0]
    assert "孙某某" not in stored
    audited = AuditEvent.objects.get(action="approval.request", subject_id=str(visitor.uuid))
    assert "孙某某" not in str(audited.details)
    assert audited.details["kind"] == "visitor"


def test_a_restricted_place_needs_its_end_date(world: World, case: Enrollment) -> None:
    place = {"place": "县城KTV", "reason": "同学聚会"}
    with pytest.raises(CaseworkRejected) as error:
        ask(world, case, "prohibited_place", place, starts_on=dt.date(2026, 4, 8))
    assert "ends_on" in error.value.errors
    approved = ask(
        world,
        case,
        "prohibited_place",
        place,
        starts_on=dt.date(2026, 4, 8),
        ends_on=dt.date(2026, 4, 8),
    )
    decide(office_a_supervisor(world), approved, today=TODAY)
    assert decide(world.county_supervisor, approved, today=TODAY).status == "approved"


def test_an_unknown_kind_is_refused(world: World, case: Enrollment) -> None:
    with pytest.raises(CaseworkRejected) as error:
        ask(world, case, "holiday", {"reason": "休假"}, starts_on=dt.date(2026, 4, 8))
    assert "kind" in error.value.errors
    assert not Approval.objects.exists()
