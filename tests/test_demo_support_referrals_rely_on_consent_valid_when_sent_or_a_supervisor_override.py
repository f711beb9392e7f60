"""Every referral of the demo relies on a consent of its person that held on the day it was
sent and names the receiving agency and the pathway, or was sent without consent by a
supervisor of the sending agency, with a reason, for 30 days. Most consents are written,
some have expired, a few were withdrawn — and the referral relying on it was revoked that
day, so the receiver sees it no more."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tongxin.access import policy
from tongxin.organisation.models import Membership, Role
from tongxin.support.models import (
    Consent,
    ConsentForm,
    Referral,
    ReferralStatus,
)

TODAY = dt.date(2026, 11, 30)
OVERRIDE_DAYS = 30


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=7, stdout=StringIO())
        yield


def test_each_referral_had_a_valid_consent_or_a_supervisors_override(demo: None) -> None:
    supervisors = set(
        Membership.objects.filter(role=Role.SUPERVISOR).values_list("user_id", "agency_id")
    )
    overrides = 0
    referrals = Referral.objects.select_related("consent").prefetch_related("consent__agencies")
    for referral in referrals:
        consent = referral.consent
        if consent is None:
            overrides += 1
            assert referral.override_reason and len(referral.override_reason) >= 10
            assert referral.override_until == referral.sent_on + dt.timedelta(OVERRIDE_DAYS)
            assert (referral.sent_by_id, referral.from_agency_id) in supervisors
            continue
        assert referral.override_reason is None and referral.override_until is None
        assert consent.person_id == referral.person_id
        assert consent.holds_on(referral.sent_on) or (
            consent.withdrawn_on is not None
            and consent.given_on <= referral.sent_on < consent.withdrawn_on
            and referral.sent_on <= consent.expires_on
        ), referral.pk
        assert referral.pathway in consent.purposes
        assert referral.to_agency in consent.agencies.all()
        assert consent.recorded_by_agency_id == referral.from_agency_id
    assert overrides >= 1


def test_consents_are_mostly_written_some_expired_and_a_few_withdrawn(demo: None) -> None:
    consents = list(Consent.objects.all())
    forms = Counter(consent.form for consent in consents)
    assert forms[ConsentForm.WRITTEN] > 0.7 * len(consents)
    assert forms[ConsentForm.ORAL_RECORDED] > 0 and forms[ConsentForm.GUARDIAN_WRITTEN] > 0
    for consent in consents:
        assert consent.given_on < TODAY and consent.given_on < consent.expires_on
        assert (consent.form == ConsentForm.GUARDIAN_WRITTEN) == bool(consent.guardian_name)
    expired = [c for c in consents if c.expires_on < TODAY]
    assert len(consents) / 4 < len(expired) < len(consents)
    withdrawn = [c for c in consents if c.withdrawn_on is not None]
    assert 1 <= len(withdrawn) <= 3
    for consent in withdrawn:
        assert consent.withdrawn_by_id is not None
        (referral,) = consent.referrals.all()
        assert referral.status == ReferralStatus.REVOKED
        assert referral.closed_on == consent.withdrawn_on
        assert referral.need.status == "declined"


def test_receivers_see_only_referrals_whose_consent_or_override_still_holds(demo: None) -> None:
    checked = 0
    for referral in Referral.objects.select_related("consent").exclude(
        status__in=[ReferralStatus.REJECTED, ReferralStatus.REVOKED]
    ):
        staff = Membership.objects.filter(agency_id=referral.to_agency_id).first()
        assert staff is not None, referral.to_agency_id
        seen = policy.referrals_visible_to(staff.user, side="received", today=TODAY)
        consent = referral.consent
        holds = (
            consent.holds_on(TODAY)
            if consent is not None
            else referral.override_until is not None and referral.override_until >= TODAY
        )
        assert seen.filter(pk=referral.pk).exists() == holds, referral.pk
        checked += holds
    assert checked > 0
