"""The receiving agency's queue (GET /referrals?side=incoming) lists what still waits for it
first, soonest answer date first, marks those not answered in time as overdue, and filters by
status; its query count does not grow with the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_referrals_support import REFERRALS
from tests.api_support import caller
from tests.personas import World, person_data
from tests.programs_support import act
from tests.referrals_support import TODAY, on
from tongxin.people.actions import create_person
from tongxin.support import actions
from tongxin.support.models import Referral


def refer_new_person(world: World, name: str, seq: int, sent_on: dt.date) -> Referral:
    worker = act(world.worker_a)
    with on(sent_on):
        person = create_person(
            actor=worker,
            data=person_data(name, world.village_a, dt.date(1980, 1, seq), 300 + seq),
        )
        need = actions.record_need(
            actor=worker, person_uuid=person.uuid, pathway="temporary_relief", identified_on=sent_on
        )
        consent = actions.record_consent(
            actor=worker,
            person_uuid=person.uuid,
            purposes=["temporary_relief"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=sent_on,
        )
        return actions.send_referral(
            actor=worker,
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="临时救助",
            fields=["name"],
            consent_uuid=consent.uuid,
        )


def queue(world: World, **params: Any) -> list[tuple[str, str, bool]]:
    body = caller(world.civil_officer).get(REFERRALS, {"side": "incoming", **params}).json()
    return [(item["person_name"], item["status"], item["overdue"]) for item in body["items"]]


def test_open_referrals_come_first_soonest_due_and_late_ones_are_overdue(world: World) -> None:
    officer = act(world.civil_officer)
    done = refer_new_person(world, "赵一", 1, TODAY)
    late = refer_new_person(world, "钱二", 2, TODAY + dt.timedelta(days=1))
    accepted = refer_new_person(world, "孙三", 3, TODAY + dt.timedelta(days=2))
    refer_new_person(world, "李四", 4, TODAY + dt.timedelta(days=8))
    with on(TODAY + dt.timedelta(days=8)):
        actions.accept_referral(actor=officer, referral_uuid=done.uuid, on_date=TODAY)
        actions.complete_referral(
            actor=officer,
            referral_uuid=done.uuid,
            on_date=TODAY + dt.timedelta(days=8),
            outcome="已发放临时救助金",
        )
        actions.accept_referral(
            actor=officer, referral_uuid=accepted.uuid, on_date=TODAY + dt.timedelta(days=3)
        )
    # 钱二 was due on 7 June and is still unanswered on 9 June; 孙三 was accepted in time.
    with on(TODAY + dt.timedelta(days=8)):
        assert late.respond_by == dt.date(2026, 6, 7)
        assert queue(world) == [
            ("钱二", "sent", True),
            ("孙三", "accepted", False),
            ("李四", "sent", False),
            ("赵一", "completed", False),
        ]
        assert queue(world, status="sent") == [("钱二", "sent", True), ("李四", "sent", False)]
        assert queue(world, status="", page_size=1, page=2) == [("孙三", "accepted", False)]


def test_the_queue_query_count_does_not_grow_with_the_page(world: World) -> None:
    refer_new_person(world, "赵一", 1, TODAY)
    api = caller(world.civil_officer)
    # Frozen clock: the token's last use is written on the first call only.
    with on(TODAY):
        api.get(REFERRALS, {"side": "incoming"})
        with CaptureQueriesContext(connection) as one:
            assert api.get(REFERRALS, {"side": "incoming"}).json()["count"] == 1
    for seq in (2, 3, 4):
        refer_new_person(world, "钱孙李"[seq - 2] + "二", seq, TODAY)
    with on(TODAY), CaptureQueriesContext(connection) as four:
        assert api.get(REFERRALS, {"side": "incoming"}).json()["count"] == 4
    assert len(four) == len(one)
