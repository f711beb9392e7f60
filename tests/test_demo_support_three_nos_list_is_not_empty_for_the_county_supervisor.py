"""The demo records 三无 facts for some released people, and the list of those who meet the
criteria with no open welfare referral is not empty for the county 司法局 supervisor: each
listed person's newest facts meet a sense of 三无 and nothing for 低保, 特困 or 临时救助 is
under way; those already referred, or whose facts changed once they were housed or
supported, are not listed; a township worker sees only their township's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tongxin.access import policy
from tongxin.support.figures import three_nos_without_welfare_referral
from tongxin.support.models import (
    OPEN_REFERRAL_STATUSES,
    WELFARE_PATHWAYS,
    LivelihoodFacts,
    Referral,
)


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=10, stdout=StringIO())
        yield


def newest_facts(person_id: int) -> LivelihoodFacts:
    facts = LivelihoodFacts.objects.filter(person_id=person_id).order_by("-recorded_on", "-id")
    return facts.first()  # type: ignore[return-value]


def test_the_county_supervisor_has_a_three_nos_list_to_act_on(demo: None) -> None:
    users = get_user_model().objects
    supervisor = users.get(username="sfj_shifan_sup")
    listed = list(three_nos_without_welfare_referral(supervisor))
    assert listed
    for person in listed:
        facts = newest_facts(person.pk)
        assert facts.released_three_nos or facts.assistance_three_nos
        assert not Referral.objects.filter(
            person=person, pathway__in=WELFARE_PATHWAYS, status__in=OPEN_REFERRAL_STATUSES
        ).exists()
    # The county seat's worker finds their own 三无 person, and nobody of other townships.
    worker = users.get(username="sfs_chengguan_1")
    mine = list(three_nos_without_welfare_referral(worker))
    assert mine
    (scope,) = policy.scopes_of(worker)
    assert all(person.residence_region.path.startswith(scope.jurisdiction_path) for person in mine)
    assert {person.pk for person in mine} < {person.pk for person in listed}


def test_people_referred_for_welfare_or_whose_facts_changed_are_not_listed(demo: None) -> None:
    supervisor = get_user_model().objects.get(username="sfj_shifan_sup")
    listed = {person.pk for person in three_nos_without_welfare_referral(supervisor)}
    recorded = set(LivelihoodFacts.objects.values_list("person_id", flat=True))
    assert len(recorded) > 3 * len(listed)
    referred = housed = 0
    for person_id in recorded - listed:
        facts = newest_facts(person_id)
        open_welfare = Referral.objects.filter(
            person_id=person_id, pathway__in=WELFARE_PATHWAYS, status__in=OPEN_REFERRAL_STATUSES
        ).exists()
        meets = facts.released_three_nos or facts.assistance_three_nos
        assert open_welfare or not meets, person_id
        referred += open_welfare and meets
        changed = LivelihoodFacts.objects.filter(person_id=person_id).count() > 1
        housed += changed and not meets
    assert referred > 0 and housed > 0
