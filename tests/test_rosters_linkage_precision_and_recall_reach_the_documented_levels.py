"""On a synthetic roster with the default mix of mistakes (80% registry people), the
matched outcome reaches the precision and recall the module docstring reports: no wrong
match, at most 1% of the registry people unmatched, F1 ≥ 0.99; and every registry row that
is not matched goes to review rather than being lost silently unless two fields are gone."""

from __future__ import annotations

from tests.rosters_registry_support import TODAY, load_registry
from tongxin.people.models import Person
from tongxin.rosters.linkage import Outcome, link_roster
from tongxin.rosters.synthetic import Perturbation, measure_linkage, synthetic_roster


def test_a_roster_of_six_hundred_rows_reaches_f1_of_0_99(db: None) -> None:
    load_registry()
    roster = synthetic_roster(Person.objects.all(), people=600, seed=2026)
    matches = list(link_roster(roster.people, registry=Person.objects.all(), today=TODAY))

    measures = measure_linkage(matches, roster.truth)
    real = sum(row.truth_id is not None for row in roster.rows)
    assert real == 480
    assert measures.true_matches + measures.missed == real
    assert measures.false_matches == 0
    assert measures.precision == 1.0
    assert measures.recall >= 0.99
    f1 = 2 * measures.precision * measures.recall / (measures.precision + measures.recall)
    assert f1 >= 0.99
    assert measures.f1 == f1

    # The few registry rows left unmatched are the ones with two fields gone or wrong.
    by_row = {row.person.row: row for row in roster.rows}
    for match in matches:
        row = by_row[match.row]
        if row.truth_id is not None and match.outcome != Outcome.MATCHED:
            assert len(row.perturbations) >= 2, (row, match)
            assert Perturbation.ID_MISSING in row.perturbations


def test_outsiders_are_never_matched(db: None) -> None:
    load_registry()
    roster = synthetic_roster(Person.objects.all(), people=300, seed=7)
    matches = {m.row: m for m in link_roster(roster.people, registry=Person.objects.all())}
    outsiders = [row for row in roster.rows if row.truth_id is None]
    assert len(outsiders) == 60
    assert all(matches[row.person.row].outcome != Outcome.MATCHED for row in outsiders)
