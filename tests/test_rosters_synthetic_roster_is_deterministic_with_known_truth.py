"""The synthetic roster is a function of its seed and the registry: the same seed gives the
same rows and truth, another seed others. Its truth is right: a registry row names a real
person whose fields it carries (but for the recorded mistakes), an outsider's ID number is
nobody's in the database, and the shares follow the mix."""

from __future__ import annotations

from tests.rosters_registry_support import load_registry
from tongxin.people.actions import id_number_index
from tongxin.people.models import Person
from tongxin.rosters.synthetic import Perturbation, SyntheticRoster, synthetic_roster

ID_MISTAKES = {
    Perturbation.ID_DIGIT,
    Perturbation.ID_TRANSPOSED,
    Perturbation.ID_LOWER_X,
    Perturbation.ID_MISSING,
}
NAME_MISTAKES = {Perturbation.NAME_HOMOPHONE, Perturbation.NAME_TRADITIONAL}
BIRTH_MISTAKES = {Perturbation.BIRTH_MISSING, Perturbation.BIRTH_SWAPPED}


def fingerprint(roster: SyntheticRoster) -> list[tuple[object, ...]]:
    return [(row.person, row.truth_id, row.truth_uuid, row.perturbations) for row in roster.rows]


def test_same_seed_same_roster_other_seed_other_roster(db: None) -> None:
    load_registry()
    first = synthetic_roster(Person.objects.all(), people=300, seed=4)
    again = synthetic_roster(Person.objects.all(), people=300, seed=4)
    other = synthetic_roster(Person.objects.all(), people=300, seed=5)
    assert fingerprint(first) == fingerprint(again)
    assert first.truth == again.truth
    differing = sum(
        a.person.name != b.person.name for a, b in zip(first.rows, other.rows, strict=True)
    )
    assert differing > 250


def test_the_truth_is_right(db: None) -> None:
    load_registry()
    roster = synthetic_roster(Person.objects.all(), people=500, seed=9)
    assert [row.person.row for row in roster.rows] == list(range(2, 502))
    real = [row for row in roster.rows if row.truth_id is not None]
    outsiders = [row for row in roster.rows if row.truth_id is None]
    assert len(real) == 400 and len(outsiders) == 100
    assert len({row.truth_id for row in real}) == 400  # each registry person once

    people = Person.objects.in_bulk([row.truth_id for row in real])
    for row in real:
        person, made = people[row.truth_id], set(row.perturbations)
        assert person.uuid == row.truth_uuid
        assert row.person.sex == person.sex
        if not made & ID_MISTAKES:
            assert row.person.id_number == person.id_number
        if not made & NAME_MISTAKES:
            assert row.person.name == person.name
        if not made & BIRTH_MISTAKES:
            assert row.person.birth_date == person.birth_date

    numbers = [row.person.id_number for row in outsiders if row.person.id_number]
    assert len(numbers) >= 85
    indexes = [id_number_index(n.upper()) for n in numbers]
    assert not Person.objects.filter(id_number_index__in=indexes).exists()

    # Roughly the default mix: each kind of mistake shows up, none dominates.
    made = [p for row in roster.rows for p in row.perturbations]
    for kind in (Perturbation.ID_DIGIT, Perturbation.ID_MISSING, Perturbation.NAME_HOMOPHONE):
        assert 5 <= made.count(kind) <= 60
    assert sum(bool(row.person.region) for row in roster.rows) > 180
