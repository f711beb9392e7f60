"""Each recorded mistake is the one the generator documents: a mistyped digit or two
adjacent digits swapped leave a number that fails its check; x is the lower-case final X; a
homophone or traditional character replaces exactly one character by its entry in the
tables; the birth date is missing or has day and month exchanged."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tests.rosters_registry_support import load_registry
from tongxin.lib import resident_id
from tongxin.people.models import Person
from tongxin.rosters.synthetic import (
    HOMOPHONES,
    TRADITIONAL,
    Mix,
    Perturbation,
    synthetic_roster,
)


def every_mistake() -> Mix:
    """Every field of every registry row wrong, half by each kind."""
    zero = {f.name: 0.0 for f in fields(Mix)}
    return Mix(
        **{
            **zero,
            "in_registry": 1.0,
            "id_digit": 0.3,
            "id_transposed": 0.3,
            "id_missing": 0.2,
            "lower_x": 1.0,
            "name_homophone": 0.5,
            "name_traditional": 0.5,
            "birth_missing": 0.5,
            "birth_swapped": 0.5,
        }
    )


def differing(a: str, b: str) -> list[int]:
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def test_every_recorded_mistake_is_what_it_says(db: None) -> None:
    load_registry()
    roster = synthetic_roster(Person.objects.all(), people=400, seed=3, mix=every_mistake())
    people = Person.objects.in_bulk([row.truth_id for row in roster.rows])
    seen: set[Perturbation] = set()
    for row in roster.rows:
        person, written = people[row.truth_id], row.person
        for kind in row.perturbations:
            seen.add(kind)
            if kind in (Perturbation.ID_DIGIT, Perturbation.ID_TRANSPOSED):
                assert written.id_number is not None
                with pytest.raises(resident_id.InvalidResidentId):
                    resident_id.parse(written.id_number)
                changed = differing(written.id_number, person.id_number)
                if kind == Perturbation.ID_DIGIT:
                    assert len(changed) == 1
                else:
                    assert len(changed) == 2 and changed[1] == changed[0] + 1
                    assert sorted(written.id_number) == sorted(person.id_number)
            elif kind == Perturbation.ID_LOWER_X:
                assert written.id_number == person.id_number[:-1] + "x"
            elif kind == Perturbation.ID_MISSING:
                assert written.id_number is None
            elif kind in (Perturbation.NAME_HOMOPHONE, Perturbation.NAME_TRADITIONAL):
                [at] = differing(written.name, person.name)
                table = (
                    HOMOPHONES
                    if kind == Perturbation.NAME_HOMOPHONE
                    else {k: (v,) for k, v in TRADITIONAL.items()}
                )
                assert written.name[at] in table[person.name[at]]
            elif kind == Perturbation.BIRTH_MISSING:
                assert written.birth_date is None
            elif kind == Perturbation.BIRTH_SWAPPED:
                assert written.birth_date is not None
                assert (written.birth_date.month, written.birth_date.day) == (
                    person.birth_date.day,
                    person.birth_date.month,
                )
                assert written.birth_date != person.birth_date
    assert seen == set(Perturbation)
