"""The demo's referrals are in every status — sent (some overdue for an answer), accepted, in
service, completed with an outcome, returned, ended or revoked with a reason — and each
carries the steps the actions would have written: an event per step in date order ending in
its status, its dates, its version, the need moved with it, and a notification to the other
side for every step, the recent ones still unread."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tongxin.organisation.models import Membership
from tongxin.support.models import (
    PROVIDERS,
    NeedStatus,
    Notification,
    Referral,
    ReferralStatus,
)

TODAY = dt.date(2026, 11, 30)
RESPOND_DAYS = 5
# The need a referral leaves behind, by the referral's status.
NEED_WHILE: dict[str, set[str]] = {
    ReferralStatus.SENT: {NeedStatus.REFERRED},
    ReferralStatus.ACCEPTED: {NeedStatus.REFERRED},
    ReferralStatus.IN_SERVICE: {NeedStatus.IN_PROGRESS},
    ReferralStatus.COMPLETED: {NeedStatus.MET},
}
RECEIVER_STEPS = {
    ReferralStatus.ACCEPTED,
    ReferralStatus.REJECTED,
    ReferralStatus.IN_SERVICE,
    ReferralStatus.COMPLETED,
    ReferralStatus.ENDED,
}


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=6, stdout=StringIO())
        yield


def referrals() -> list[Referral]:
    return list(Referral.objects.select_related("need").prefetch_related("events").order_by("id"))


def test_referrals_are_in_every_status_and_some_wait_past_their_answer_date(demo: None) -> None:
    rows = referrals()
    statuses = Counter(referral.status for referral in rows)
    assert set(statuses) == set(ReferralStatus.values)
    assert statuses[ReferralStatus.COMPLETED] > len(rows) / 2
    waiting = [r for r in rows if r.status == ReferralStatus.SENT]
    assert any(r.respond_by < TODAY for r in waiting), "none overdue for an answer"
    assert any(r.respond_by >= TODAY for r in waiting), "none still within its answer time"
    for referral in rows:
        # To an agency that provides the pathway, whose area holds the person.
        assert referral.to_agency.kind in PROVIDERS[referral.pathway]
        assert referral.person.residence_region.is_within(referral.to_agency.region)
        assert referral.respond_by == referral.sent_on + dt.timedelta(days=RESPOND_DAYS)
        assert referral.pathway == referral.need.pathway
        assert referral.person_id == referral.need.person_id
        assert referral.from_agency_id == referral.need.responsible_agency_id
        if referral.status == ReferralStatus.COMPLETED:
            assert referral.outcome and referral.need.outcome == referral.outcome
        if referral.status in (
            ReferralStatus.REJECTED,
            ReferralStatus.ENDED,
            ReferralStatus.REVOKED,
        ):
            assert referral.closing_reason


def test_each_referral_has_its_steps_in_order_ending_in_its_status(demo: None) -> None:
    for referral in referrals():
        events = sorted(referral.events.all(), key=lambda event: event.pk)
        first = events[0]
        assert first.status == ReferralStatus.SENT and first.on_date == referral.sent_on
        assert (first.by_id, first.agency_id) == (referral.sent_by_id, referral.from_agency_id)
        assert events[-1].status == referral.status
        assert referral.version == len(events)
        for before, after in pairwise(events):
            assert before.on_date <= after.on_date < TODAY, referral.pk
        days = {event.status: event.on_date for event in events}
        for event in events[1:]:
            side = referral.to_agency_id if event.status in RECEIVER_STEPS else None
            assert event.agency_id == (side or referral.from_agency_id), referral.pk
        if ReferralStatus.ACCEPTED in days:
            assert referral.accepted_on == days[ReferralStatus.ACCEPTED]
        if ReferralStatus.IN_SERVICE in days:
            assert referral.service_started_on == days[ReferralStatus.IN_SERVICE]
            assert referral.accepted_on is not None
            assert referral.accepted_on <= referral.service_started_on
        if referral.is_open:
            assert referral.closed_on is None
        else:
            assert referral.closed_on == events[-1].on_date
        if referral.status in NEED_WHILE:
            assert referral.need.status in NEED_WHILE[referral.status], referral.pk


def test_every_step_notifies_the_other_side_and_recent_ones_are_unread(demo: None) -> None:
    staff = set(Membership.objects.values_list("user_id", "agency_id"))
    by_referral: dict[int, list[Notification]] = {}
    for notification in Notification.objects.order_by("id"):
        by_referral.setdefault(notification.referral_id, []).append(notification)
    unread = 0
    for referral in referrals():
        notes = by_referral[referral.pk]
        events = sorted(referral.events.all(), key=lambda event: event.pk)
        assert [n.status for n in notes] == [e.status for e in events]
        for note, event in zip(notes, events, strict=True):
            sender_steps = (ReferralStatus.SENT, ReferralStatus.REVOKED)
            told = (
                referral.to_agency_id if event.status in sender_steps else referral.from_agency_id
            )
            assert note.agency_id == told
            assert timezone.localdate(note.created_at) == event.on_date
            if note.read_at is None:
                unread += 1
                assert note.read_by_id is None
            else:
                assert note.created_at < note.read_at
                assert (note.read_by_id, note.agency_id) in staff
    assert unread > 0
