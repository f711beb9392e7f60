"""No demo referral discloses a field against the rules of ``tongxin.support.disclosure``:
every named field passes ``field_refusal`` for its sender, receiver and pathway, so the
diagnosis goes only from a township health centre for a disability certificate or medical
aid, the offence only from justice to the 司法局 (legal aid); the name always goes; and no
referral tells another agency of a sealed juvenile record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tongxin.organisation.models import AgencyKind, Sector
from tongxin.support.disclosure import FIELDS, SUGGESTED, field_refusal
from tongxin.support.models import Referral


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=9, stdout=StringIO())
        yield


def test_every_disclosed_field_is_allowed_for_its_sender_receiver_and_pathway(
    demo: None,
) -> None:
    referrals = list(Referral.objects.select_related("from_agency", "to_agency", "person"))
    assert referrals
    diagnoses = offences = 0
    catalogue = list(FIELDS)
    for referral in referrals:
        fields = referral.disclosed_fields
        assert "name" in fields
        assert fields == sorted(fields, key=catalogue.index), referral.pk
        for code in fields:
            refusal = field_refusal(
                code,
                sender=referral.from_agency,
                receiver=referral.to_agency,
                pathway=referral.pathway,
            )
            assert refusal is None, (referral.pk, code, refusal)
        # Beyond the suggested fields, only the sensitive one the rules allow.
        assert set(fields) - {"name", *SUGGESTED[referral.pathway]} <= {"offence", "diagnosis"}
        if "diagnosis" in fields:
            diagnoses += 1
            assert referral.from_agency.sector == Sector.HEALTH
        if "offence" in fields:
            offences += 1
            assert referral.to_agency.kind == AgencyKind.JUSTICE_BUREAU
        assert not referral.person.is_sealed_minor
    assert diagnoses > 0 and offences > 0
    # 民政, 人社 and 残联 serve the person, not the sentence: never the offence.
    assert not any(
        "offence" in r.disclosed_fields
        for r in referrals
        if r.to_agency.kind
        in (
            AgencyKind.CIVIL_AFFAIRS,
            AgencyKind.HUMAN_RESOURCES,
            AgencyKind.DISABLED_FEDERATION,
        )
    )
