"""person_a's probation case through the API: another township's 司法所, civil affairs, the
health centre and a user without membership get 404 on every call about it and find neither
its name nor its UUID in their lists and queues. The 派出所 and the procuratorate read it
without the program details or casework notes, and cannot change it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine

from tests.api_programs_support import (
    CASES,
    QUEUE,
    SUMMARY,
    audit_seq,
    case_url,
    probation_body,
)
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act
from tongxin.programs import actions
from tongxin.programs.models import Enrollment

NOBODY = ("worker_b", "civil_officer", "health_a", "outsider")
READERS = ("police_a", "procurator")


@pytest.fixture
def case(world: World) -> Enrollment:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        body = probation_body(world, dt.date(2026, 3, 2))
        enrollment = actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="corrections",
            details=body["details"],
            started_on=dt.date(2026, 3, 2),
            responsible_worker=world.worker_a,
        )
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=enrollment.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 4),
        )
        actions.record_contact(
            actor=act(world.worker_a),
            enrollment_uuid=enrollment.uuid,
            kind="home_visit",
            done_on=dt.date(2026, 3, 4),
            outcome="家中有饮酒情况,已谈话",
        )
    enrollment.refresh_from_db()
    return enrollment


def writes(case: Enrollment) -> dict[str, dict[str, Any]]:
    return {
        case_url(case, "transitions"): {
            "transition": "release",
            "on_date": "2026-03-12",
            "reason": "amnesty",
            "version": case.version,
        },
        case_url(case, "contacts"): {"kind": "phone", "done_on": "2026-03-12"},
        case_url(case, "level"): {
            "level": "lenient",
            "reason": "表现良好",
            "effective_on": "2026-03-12",
            "version": case.version,
        },
        case_url(case, "assign"): {"worker": "worker_a", "version": case.version},
    }


def leaked(text: str, case: Enrollment) -> list[str]:
    return [secret for secret in ("张东明", str(case.uuid)) if secret in text]


@pytest.mark.parametrize("persona", NOBODY)
def test_others_get_404_and_find_the_case_nowhere(
    world: World, case: Enrollment, persona: str
) -> None:
    api = caller(getattr(world, persona))
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        detail = api.get(case_url(case))
        assert detail.status_code == 404
        assert leaked(detail.content.decode(), case) == []
        since = audit_seq()
        for path, body in writes(case).items():
            response = api.post(path, body)
            assert response.status_code == 404, (path, response.content)
            assert leaked(response.content.decode(), case) == []
        created = api.post(CASES, probation_body(world, dt.date(2026, 3, 2)))
        assert created.status_code == 404
        assert audit_seq() == since
        for path, params in (
            (CASES, {}),
            (CASES, {"person": str(world.person_a.uuid)}),
            (CASES, {"program": "corrections"}),
            (QUEUE, {}),
            (SUMMARY, {"by": "worker"}),
        ):
            response = api.get(path, params)
            assert response.status_code == 200
            assert leaked(response.content.decode(), case) == [], (path, params)
            assert "worker_a" not in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.level, case.version) == ("active", "strict", 2)


@pytest.mark.parametrize("persona", READERS)
def test_police_and_procuratorate_read_the_case_without_program_details(
    world: World, case: Enrollment, persona: str
) -> None:
    api = caller(getattr(world, persona))
    response = api.get(case_url(case))
    assert response.status_code == 200
    body = response.json()
    assert (body["uuid"], body["status"], body["level"]) == (str(case.uuid), "active", "strict")
    assert body["person"]["name"] == "张东明"
    assert "details" not in body
    assert [c["outcome"] for c in body["contacts"]] == [None, None]
    assert all(level["reason"] is None for level in body["levels"])
    text = response.content.decode()
    for secret in ("probation", "危险驾驶", "饮酒", "supervision_type"):
        assert secret not in text, secret
    listed = api.get(CASES).json()
    assert [item["uuid"] for item in listed["items"]] == [str(case.uuid)]
    assert "危险驾驶" not in json.dumps(listed, ensure_ascii=False)


@pytest.mark.parametrize("persona", READERS)
def test_police_and_procuratorate_cannot_change_the_case(
    world: World, case: Enrollment, persona: str
) -> None:
    api = caller(getattr(world, persona))
    since = audit_seq()
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        for path, body in writes(case).items():
            response = api.post(path, body)
            assert response.status_code == 404, (path, response.content)
            assert leaked(response.content.decode(), case) == []
    assert audit_seq() == since
    case.refresh_from_db()
    assert (case.status, case.level, case.version) == ("active", "strict", 2)


def test_the_owning_agencys_supervisor_sees_the_details(world: World, case: Enrollment) -> None:
    body = caller(world.county_supervisor).get(case_url(case)).json()
    assert body["details"]["offence"] == "危险驾驶罪"
    assert [c["outcome"] for c in body["contacts"] if c["status"] == "done"] == [
        "家中有饮酒情况,已谈话"
    ]
