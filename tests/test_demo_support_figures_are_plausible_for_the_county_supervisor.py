"""The 司法局 supervisor's support figures over the demo county look like a county's: most
released people resettled (安置率 90–97%), nearly all aided (帮教率 95–99%), referrals to
民政, 人社, 派出所 and 残联 across the pathways, and a few days to two weeks from sending a
referral to the start of its service — in every township as in the county."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tongxin.support.figures import support_figures
from tongxin.support.models import Pathway, ReferralStatus

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=11, stdout=StringIO())
        yield


def test_county_resettlement_and_aid_rates_and_days_to_service_are_plausible(demo: None) -> None:
    supervisor = get_user_model().objects.get(username="sfj_shifan_sup")
    figures = support_figures(supervisor, TODAY)
    total = figures.total
    assert total.reentry_people > 400
    assert total.resettlement_rate is not None and 90 <= total.resettlement_rate <= 97
    assert total.aid_rate is not None and 95 <= total.aid_rate <= 99
    assert total.median_days_to_service is not None
    assert 2 <= total.median_days_to_service <= 14
    assert total.completed > total.referrals / 2
    assert len(figures.townships) == 12
    for township in figures.townships:
        assert township.reentry_people > 0, township.name
        assert township.resettled <= township.reentry_people
        assert township.referrals > 0, township.name
    pathways = {row.pathway: row for row in figures.by_pathway}
    for pathway in (
        Pathway.MINIMUM_ALLOWANCE,
        Pathway.TEMPORARY_RELIEF,
        Pathway.TRAINING,
        Pathway.EMPLOYER_PLACEMENT,
        Pathway.ID_DOCUMENTS,
    ):
        assert pathways[pathway].counts.get(ReferralStatus.COMPLETED, 0) > 0, pathway
    assert sum(row.total for row in figures.by_pathway) == total.referrals
