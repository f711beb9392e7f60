"""A partner's roster with keyed hashes instead of numbers (as ``tongxin hash-ids`` leaves
it: mistyped numbers empty) matches its people by hash, with the same precision as plain
numbers; without the partner's key the rows cannot be linked, and a hash under another key
matches nobody."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.rosters_registry_support import TODAY, load_registry
from tongxin.lib.resident_id import InvalidResidentId
from tongxin.people.models import Person
from tongxin.rosters.keyed_hash import hash_id, partner_key
from tongxin.rosters.linkage import Method, Outcome, RosterPerson, link_roster
from tongxin.rosters.synthetic import measure_linkage, synthetic_roster


def hashed(person: RosterPerson, key: bytes) -> RosterPerson:
    if not person.id_number:
        return person
    try:
        digest: str | None = hash_id(person.id_number, key)
    except InvalidResidentId:
        digest = None
    return replace(person, id_number=None, id_hash=digest)


def test_hashed_rows_match_their_people_by_hash(db: None) -> None:
    load_registry()
    key = partner_key("省第一监狱")
    roster = synthetic_roster(Person.objects.all(), people=400, seed=5)
    rows = [hashed(person, key) for person in roster.people]
    assert all(row.id_number is None for row in rows)

    matches = list(link_roster(rows, registry=Person.objects.all(), partner_key=key, today=TODAY))

    measures = measure_linkage(matches, roster.truth)
    assert measures.false_matches == 0
    assert measures.recall >= 0.98
    for match, row, truth in zip(matches, rows, roster.rows, strict=True):
        if row.id_hash and truth.truth_id is not None:
            assert match.method == Method.ID_HASH
            assert match.outcome == Outcome.MATCHED
            assert match.person_id == truth.truth_id
        elif row.id_hash:
            assert match.method != Method.ID_HASH  # an outsider's hash is nobody's


def test_without_the_key_or_under_another_key_nothing_matches_by_hash(db: None) -> None:
    load_registry()
    person = Person.objects.order_by("pk").first()
    assert person is not None and person.id_number
    row = RosterPerson(row=2, name="某某", id_hash=hash_id(person.id_number, partner_key("甲")))

    with pytest.raises(ValueError, match="partner's key"):
        list(link_roster([row], registry=Person.objects.all()))
    [match] = link_roster([row], registry=Person.objects.all(), partner_key=partner_key("乙"))
    assert match.outcome == Outcome.NO_MATCH
    [match] = link_roster([row], registry=Person.objects.all(), partner_key=partner_key("甲"))
    assert match.method == Method.ID_HASH
    assert match.person_id == person.pk
    assert match.outcome == Outcome.REVIEW  # the number is theirs, the name is not
