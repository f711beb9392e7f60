"""The linkage reads the registry through the QuerySet the caller passes: with
``people_visible_to(worker_a)``, a roster row of a person of township B is no match (not
even a candidate), whether it is found by ID number or by name and birth date; a user
without membership matches nobody."""

from __future__ import annotations

from tests.personas import World
from tests.rosters_registry_support import row_of
from tongxin.access.policy import people_visible_to
from tongxin.rosters.linkage import Outcome, link_roster


def test_people_outside_the_scope_are_neither_matched_nor_listed(world: World) -> None:
    rows = [
        row_of(world.person_a, row=2),
        row_of(world.person_b, row=3),
        row_of(world.person_b, row=4, id_number=None),
    ]
    matches = list(link_roster(rows, registry=people_visible_to(world.worker_a)))

    assert matches[0].outcome == Outcome.MATCHED
    assert matches[0].person_id == world.person_a.pk
    for match in matches[1:]:
        assert match.outcome == Outcome.NO_MATCH
        assert match.person_id is None
        assert match.candidates == ()


def test_a_user_without_membership_matches_nobody(world: World) -> None:
    rows = [row_of(world.person_a), row_of(world.patient_a, row=3)]
    matches = list(link_roster(rows, registry=people_visible_to(world.outsider)))
    assert [match.outcome for match in matches] == [Outcome.NO_MATCH, Outcome.NO_MATCH]
    assert all(match.candidates == () for match in matches)


def test_the_other_townships_worker_matches_their_own_person(world: World) -> None:
    matches = list(
        link_roster([row_of(world.person_b)], registry=people_visible_to(world.worker_b))
    )
    assert matches[0].outcome == Outcome.MATCHED
    assert matches[0].person_id == world.person_b.pk
