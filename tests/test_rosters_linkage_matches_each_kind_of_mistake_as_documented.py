"""Each kind of mistake a roster makes, alone, still matches the right person (with the
evidence the module docstring names); a missing ID number together with a second mistake
goes to review, proposing the right person."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tests.rosters_registry_support import TODAY, load_registry
from tongxin.people.models import Person
from tongxin.rosters.linkage import (
    BirthAgreement,
    IdAgreement,
    Method,
    NameAgreement,
    Outcome,
    RowMatch,
    link_roster,
)
from tongxin.rosters.synthetic import Mix, Perturbation, SyntheticRoster, synthetic_roster

ROWS = 150


def only(**shares: float) -> Mix:
    """Every row from the registry, with just the named mistakes."""
    zero = {f.name: 0.0 for f in fields(Mix)}
    return Mix(**{**zero, "in_registry": 1.0, **shares})


def linked(mix: Mix, seed: int = 11) -> tuple[SyntheticRoster, dict[int, RowMatch]]:
    roster = synthetic_roster(Person.objects.all(), people=ROWS, seed=seed, mix=mix)
    matches = link_roster(roster.people, registry=Person.objects.all(), today=TODAY)
    return roster, {match.row: match for match in matches}


@pytest.mark.parametrize(
    ("mix", "kind", "method", "check", "score"),
    [
        (
            only(id_digit=1.0),
            Perturbation.ID_DIGIT,
            Method.NAME_BIRTH,
            ("id", IdAgreement.ONE_EDIT),
            97.0,
        ),
        (
            only(id_transposed=1.0),
            Perturbation.ID_TRANSPOSED,
            Method.NAME_BIRTH,
            ("id", IdAgreement.ONE_EDIT),
            97.0,
        ),
        (only(lower_x=1.0), Perturbation.ID_LOWER_X, Method.ID, ("id", IdAgreement.SAME), 100.0),
        (
            only(id_missing=1.0),
            Perturbation.ID_MISSING,
            Method.NAME_BIRTH,
            ("id", IdAgreement.MISSING),
            90.0,
        ),
        (
            only(name_homophone=1.0),
            Perturbation.NAME_HOMOPHONE,
            Method.ID,
            ("name", NameAgreement.SAME_SOUND),
            None,
        ),
        (
            only(name_traditional=1.0),
            Perturbation.NAME_TRADITIONAL,
            Method.ID,
            ("name", NameAgreement.SAME_SOUND),
            None,
        ),
        (
            only(birth_missing=1.0),
            Perturbation.BIRTH_MISSING,
            Method.ID,
            ("birth", BirthAgreement.SAME),
            100.0,
        ),
        # The number carries the right date: it wins over the row's swapped one.
        (
            only(birth_swapped=1.0),
            Perturbation.BIRTH_SWAPPED,
            Method.ID,
            ("birth", BirthAgreement.SAME),
            100.0,
        ),
    ],
)
def test_one_mistake_still_matches_the_right_person(
    db: None,
    mix: Mix,
    kind: Perturbation,
    method: Method,
    check: tuple[str, str],
    score: float | None,
) -> None:
    load_registry()
    roster, matches = linked(mix)
    mistaken = [row for row in roster.rows if row.perturbations == (kind,)]
    assert len(mistaken) >= 5, "the mix must produce rows with this mistake"
    for row in mistaken:
        match = matches[row.person.row]
        assert match.outcome == Outcome.MATCHED, (row, match)
        assert match.person_id == row.truth_id
        assert match.method == method
        evidence_field, expected = check
        assert getattr(match.candidates[0].evidence, evidence_field) == expected
        if score is not None:
            assert match.score == score
        else:
            assert 90.0 <= match.score < 100.0


@pytest.mark.parametrize(
    ("mix", "kinds", "lowest", "highest"),
    [
        (
            only(id_missing=1.0, name_homophone=1.0),
            (Perturbation.ID_MISSING, Perturbation.NAME_HOMOPHONE),
            80.0,
            90.0,
        ),
        (
            only(id_missing=1.0, birth_swapped=1.0),
            (Perturbation.ID_MISSING, Perturbation.BIRTH_SWAPPED),
            84.0,
            84.0,
        ),
        (
            only(id_missing=1.0, birth_missing=1.0),
            (Perturbation.ID_MISSING, Perturbation.BIRTH_MISSING),
            72.0,
            72.0,
        ),
    ],
)
def test_a_missing_number_with_a_second_mistake_goes_to_review_with_the_right_person_listed(
    db: None, mix: Mix, kinds: tuple[Perturbation, ...], lowest: float, highest: float
) -> None:
    load_registry()
    roster, matches = linked(mix)
    mistaken = [row for row in roster.rows if row.perturbations == kinds]
    assert len(mistaken) >= 5
    for row in mistaken:
        match = matches[row.person.row]
        assert match.outcome == Outcome.REVIEW, (row, match)
        assert lowest <= match.score <= highest
        # A name alone may fit several people of that name: the right one is among them.
        assert row.truth_id in [candidate.person_id for candidate in match.candidates]
