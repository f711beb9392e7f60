"""``tongxin demo`` gives 示范县 support needs in every status for most released people, each
with the status history the actions would have written: recorded as identified, moved step by
step to its current status, closed on the day it was met, declined or not needed, with the
measures and outcomes that go with it; and the demo's audit row counts them."""

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

from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment
from tongxin.support.models import (
    OPEN_NEED_STATUSES,
    NeedStatus,
    Pathway,
    ReferralStatus,
    SupportNeed,
)

TODAY = dt.date(2026, 11, 30)
CLOSED = {NeedStatus.MET, NeedStatus.DECLINED, NeedStatus.NOT_NEEDED}


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=5, stdout=StringIO())
        yield


def needs() -> list[SupportNeed]:
    return list(
        SupportNeed.objects.select_related("enrollment", "responsible_agency")
        .prefetch_related("changes", "measures", "referrals")
        .order_by("id")
    )


def test_most_released_people_have_needs_of_every_pathway_and_status(demo: None) -> None:
    rows = needs()
    statuses = Counter(need.status for need in rows)
    assert set(statuses) == set(NeedStatus.values)
    assert statuses[NeedStatus.MET] > len(rows) / 2
    pathways = {need.pathway for need in rows}
    assert {
        Pathway.LAND,
        Pathway.EMPLOYER_PLACEMENT,
        Pathway.SELF_EMPLOYMENT,
        Pathway.TRAINING,
        Pathway.MINIMUM_ALLOWANCE,
        Pathway.EXTREME_POVERTY,
        Pathway.TEMPORARY_RELIEF,
        Pathway.ACCOMMODATION,
        Pathway.ID_DOCUMENTS,
        Pathway.DISABILITY_CERTIFICATE,
        Pathway.MEDICAL_AID,
        Pathway.EDUCATION,
    } <= pathways
    released = set(
        Enrollment.objects.filter(program="reentry", status="active").values_list(
            "person_id", flat=True
        )
    )
    helped = {need.person_id for need in rows}
    assert len(released & helped) > 0.9 * len(released)
    # One open need per person and pathway (the model's constraint).
    open_pairs = Counter((n.person_id, n.pathway) for n in rows if n.status in OPEN_NEED_STATUSES)
    assert max(open_pairs.values()) == 1
    # Every need belongs to the case it was found in, of the agency responsible for it.
    for need in rows:
        assert need.enrollment is not None and need.enrollment.person_id == need.person_id
        assert need.enrollment.owner_agency_id == need.responsible_agency_id
        assert need.enrollment.started_on <= need.identified_on < TODAY


def test_each_need_has_the_history_that_leads_to_its_status(demo: None) -> None:
    for need in needs():
        changes = sorted(need.changes.all(), key=lambda change: change.pk)
        first = changes[0]
        assert (first.from_status, first.to_status) == ("", NeedStatus.IDENTIFIED)
        assert first.on_date == need.identified_on
        for before, after in pairwise(changes):
            assert after.from_status == before.to_status, need.pk
            assert before.on_date <= after.on_date < TODAY, need.pk
        assert changes[-1].to_status == need.status
        assert need.version == len(changes)
        if need.status in CLOSED:
            assert need.closed_on == changes[-1].on_date
        else:
            assert need.closed_on is None
        if need.status == NeedStatus.MET:
            assert need.outcome
        if need.status == NeedStatus.DECLINED:
            assert changes[-1].note
        if need.target_on is not None:
            assert need.target_on >= need.identified_on


def test_help_in_progress_or_given_is_a_measure_or_a_referral_in_service(demo: None) -> None:
    served = {ReferralStatus.IN_SERVICE, ReferralStatus.COMPLETED}
    for need in needs():
        measures = list(need.measures.all())
        for measure in measures:
            assert need.identified_on <= measure.started_on < TODAY
            assert measure.ended_on is None or measure.started_on <= measure.ended_on
            assert measure.description
        if need.status in (NeedStatus.IN_PROGRESS, NeedStatus.MET):
            referrals = [r for r in need.referrals.all() if r.status in served]
            assert measures or referrals, need.pk
        if need.status == NeedStatus.REFERRED:
            assert any(r.is_open for r in need.referrals.all()), need.pk


def test_the_demo_audit_row_counts_the_support_rows(demo: None) -> None:
    (event,) = AuditEvent.objects.filter(action="demo.load")
    counts = event.details["counts"]["support"]
    assert counts["needs"] == SupportNeed.objects.count()
    assert counts["referrals"] > 0 and counts["consents"] > 0 and counts["notifications"] > 0
