"""The demo logins include officers of 民政, 人社 and 残联 who open on live incoming referrals:
open ones waiting for them (one past its answer date at 民政), unread notifications, and at
残联 a township health centre's referral naming the diagnosis; the county seat's 司法所
worker sees the same referrals from the sending side."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tongxin.access import policy
from tongxin.organisation.models import AgencyKind, Role
from tongxin.support.models import OPEN_REFERRAL_STATUSES, Notification, ReferralStatus

TODAY = dt.date(2026, 11, 30)
RECEIVERS = (
    AgencyKind.CIVIL_AFFAIRS,
    AgencyKind.HUMAN_RESOURCES,
    AgencyKind.DISABLED_FEDERATION,
)


@pytest.fixture
def logins(db: None, settings: object, tmp_path: Path) -> Iterator[list[dict[str, str]]]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=8, stdout=StringIO())
        rows: list[dict[str, str]] = json.loads((tmp_path / "demo-logins.json").read_text())
        yield rows


def test_each_receiving_agency_has_a_worker_login_with_open_incoming_referrals(
    logins: list[dict[str, str]],
) -> None:
    users = get_user_model().objects
    for kind in RECEIVERS:
        (row,) = [r for r in logins if r["agency_kind"] == kind and r["role"] == Role.WORKER]
        officer = users.get(username=row["username"])
        incoming = policy.referrals_visible_to(officer, side="received", today=TODAY)
        assert incoming.filter(status__in=OPEN_REFERRAL_STATUSES).exists(), kind
        assert incoming.filter(status=ReferralStatus.COMPLETED).exists(), kind
        assert not policy.referrals_visible_to(officer, side="sent", today=TODAY).exists()
        unread = Notification.objects.filter(agency__name=row["agency_name"], read_at__isnull=True)
        assert unread.exists(), kind
        if kind == AgencyKind.CIVIL_AFFAIRS:
            waiting = incoming.filter(status=ReferralStatus.SENT, respond_by__lt=TODAY)
            assert waiting.exists()
        if kind == AgencyKind.DISABLED_FEDERATION:
            from_health = incoming.filter(from_agency__kind=AgencyKind.TOWNSHIP_HEALTH_CENTRE)
            assert any("diagnosis" in r.disclosed_fields for r in from_health)


def test_the_seat_justice_worker_sees_their_outgoing_referrals_and_answers(
    logins: list[dict[str, str]],
) -> None:
    worker = get_user_model().objects.get(username="sfs_chengguan_1")
    outgoing = policy.referrals_visible_to(worker, side="sent", today=TODAY)
    statuses = set(outgoing.values_list("status", flat=True))
    assert {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE} <= statuses
    assert outgoing.filter(status=ReferralStatus.SENT, respond_by__lt=TODAY).exists()
    assert set(outgoing.values_list("to_agency__kind", flat=True)) >= {
        AgencyKind.CIVIL_AFFAIRS,
        AgencyKind.HUMAN_RESOURCES,
    }
