"""A 司法所 worker works a probation case through the API alone: enroll, report, record a
contact, change the level. Every step follows the program's rules, returns the case as it now
is, and leaves exactly one audit row naming the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from tests.api_programs_support import CASES, audit_seq, audit_since, case_url, probation_body
from tests.api_support import caller
from tests.personas import World
from tongxin.programs.models import Enrollment


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


def one_audit_row(
    since: int, action: str, case_uuid: str, world: World, by: Any = None
) -> dict[str, Any]:
    [event] = audit_since(since)
    assert (event.action, event.channel, event.object_type) == (action, "api", "enrollment")
    assert event.object_ids == [case_uuid]
    # Rows name the case's agency, whoever acted on it.
    assert (event.actor_id, event.agency_name) == ((by or world.worker_a).pk, "东城镇司法所")
    details: dict[str, Any] = event.details
    return details


def test_enroll_report_contact_and_level_change_through_the_api(world: World) -> None:
    api = caller(world.worker_a)

    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        since = audit_seq()
        created = api.post(
            CASES, probation_body(world, dt.date(2026, 3, 2), responsible_worker="worker_a")
        )
        assert created.status_code == 201, created.content
        case = created.json()
        uuid = case["uuid"]
        assert (case["program"], case["program_label"]) == ("corrections", "社区矫正")
        assert (case["status"], case["status_label"]) == ("pending_report", "待报到")
        assert (case["level"], case["level_label"]) == ("strict", "严管")
        assert case["person"] == {"uuid": str(world.person_a.uuid), "name": "张东明"}
        assert (case["owner_agency"], case["responsible_worker"]) == ("东城镇司法所", "worker_a")
        assert (case["started_on"], case["planned_end_on"]) == ("2026-03-02", "2027-03-01")
        assert (case["next_contact_due_on"], case["version"]) == (None, 1)
        assert case["details"]["supervision_type"] == "probation"
        report = next(d for d in case["deadlines"] if d["code"] == "report")
        assert (report["due_on"], report["citation"], report["status"]) == (
            "2026-03-12",
            "《社区矫正法》第二十一条",
            "open",
        )
        assert [(lv["to_level"], lv["reason"]) for lv in case["levels"]] == [
            ("strict", "登记时确定")
        ]
        details = one_audit_row(since, "enrollment.create", uuid, world)
        assert details["program"] == "corrections"

    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        since = audit_seq()
        reported = api.post(
            case_url(uuid, "transitions"),
            {"transition": "report", "on_date": "2026-03-04", "version": 1},
        )
        assert reported.status_code == 200, reported.content
        case = reported.json()
        assert (case["status"], case["status_label"], case["version"]) == ("active", "在矫", 2)
        # Strict supervision: the first office report a week after reporting.
        assert case["next_contact_due_on"] == "2026-03-11"
        deadlines = {d["code"]: d for d in case["deadlines"]}
        assert (deadlines["report"]["status"], deadlines["report"]["met_on"]) == (
            "met",
            "2026-03-04",
        )
        assert deadlines["first_home_visit"]["status"] == "open"
        details = one_audit_row(since, "enrollment.report", uuid, world)
        assert (details["from"], details["to"]) == ("pending_report", "active")

    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0), tick=False):
        since = audit_seq()
        contacted = api.post(
            case_url(uuid, "contacts"),
            {"kind": "office_report", "done_on": "2026-03-10", "outcome": "按时到所报告"},
        )
        assert contacted.status_code == 201, contacted.content
        case = contacted.json()
        done = [c for c in case["contacts"] if c["status"] == "done"]
        assert [(c["kind"], c["done_on"], c["outcome"]) for c in done] == [
            ("office_report", "2026-03-10", "按时到所报告")
        ]
        assert case["next_contact_due_on"] == "2026-03-17"
        assert case["version"] == 2  # a contact is added work, not a change to the case
        details = one_audit_row(since, "contact.record", uuid, world)
        assert "按时到所报告" not in str(details)  # notes stay encrypted, out of the audit

        level_change = {
            "level": "ordinary",
            "reason": "表现良好,经评估调整为普管",
            "effective_on": "2026-03-10",
            "version": 2,
        }
        # The county decides corrections levels: the worker is sent to a level-change request.
        asked = api.post(case_url(uuid, "level"), level_change)
        assert asked.status_code == 422
        assert asked.json()["errors"] == {
            "level": ["社区矫正的管理等级由县司法局审批:请在“审批”中提出等级调整申请。"]
        }
        county = caller(world.county_supervisor)
        since = audit_seq()
        leveled = county.post(case_url(uuid, "level"), level_change)
        assert leveled.status_code == 200, leveled.content
        case = leveled.json()
        assert (case["level"], case["level_label"], case["version"]) == ("ordinary", "普管", 3)
        assert case["next_contact_due_on"] == "2026-04-09"  # ordinary: every 30 days
        assert [(lv["from_level"], lv["to_level"]) for lv in case["levels"]] == [
            ("", "strict"),
            ("strict", "ordinary"),
        ]
        details = one_audit_row(since, "enrollment.level", uuid, world, by=world.county_supervisor)
        assert (details["from"], details["to"]) == ("strict", "ordinary")

    stored = Enrollment.objects.get(uuid=uuid)
    assert (stored.status, stored.level, stored.version) == ("active", "ordinary", 3)
    assert api.get(case_url(uuid)).json() == case
