"""Time the roster linkage (``tongxin.rosters.linkage.link_roster``) of a synthetic roster
with known truth against a loaded demo database, and measure its precision and recall.

    .venv/bin/python benchmarks/bench_linkage.py                  # city: 100k rows × 100k people
    .venv/bin/python benchmarks/bench_linkage.py --province       # 100k rows × 1M people
    .venv/bin/python benchmarks/bench_linkage.py --user sfj_shifan_sup   # through a user's scope

The roster (``tongxin.rosters.synthetic``, default mix: 80% registry people, each field
with its usual mistakes) is generated first and not timed. Then, timed: the linkage with
plain ID numbers; the linkage of the same roster with a partner's keyed hashes instead of
the valid numbers (every ID number in scope is then decrypted and hashed in the pass). Precision and recall count the *matched* outcome; the rows sent to
review are reported beside them, with a sweep of the match threshold.

Side by side, on the same roster and registry: Splink 4 with DuckDB (``make bench-install``;
``--no-splink`` skips it). Splink is given every advantage: the registry's ID numbers
decrypted beforehand (not timed; our linkage never decrypts them for an exact match), the
name, its pinyin, the birth date and sex. Timed: its training (the prior from ID-number
agreement, u by random sampling, m by expectation maximisation on two blockings) and its
prediction over four blockings (ID number, birth date, name pinyin, name); each roster row
then takes its most probable pair at or above a match probability (0.9, and a sweep).

The target (issue 5): 100,000 rows against 1M people in ≤ 30 s with F1 ≥ 0.99. Results
are also written to benchmarks/out/linkage-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from benchdb import OUT, prepared, run_script

HERE = Path(__file__).resolve()
TARGET_S = 30
TARGET_F1 = 0.99
SWEEP = (80.0, 85.0, 90.0, 95.0)
SPLINK_MATCH = 0.9
SPLINK_SWEEP = (0.5, 0.8, 0.9, 0.99, 0.999)


def measure(rows: int, seed: int, username: str | None, splink: bool) -> dict[str, Any]:
    """Run inside a process configured for the demo database (env set by the parent)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongxin.access.policy import people_visible_to
    from tongxin.people.models import Person
    from tongxin.rosters.keyed_hash import hash_id
    from tongxin.rosters.linkage import Thresholds, decide, link_roster
    from tongxin.rosters.synthetic import measure_linkage, synthetic_roster

    if username:
        registry = people_visible_to(get_user_model().objects.get(username=username))
    else:
        registry = Person.objects.all()
    people = registry.count()

    started = time.perf_counter()
    roster = synthetic_roster(registry, people=rows, seed=seed)
    generated_s = time.perf_counter() - started

    with CaptureQueriesContext(connection) as queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        matches = list(link_roster(roster.people, registry=registry))
        linked_s = time.perf_counter() - started
        linked_cpu_s = time.process_time() - cpu_started
    measures = measure_linkage(matches, roster.truth)

    sweep = []
    for threshold in SWEEP:
        thresholds = Thresholds(match=threshold)
        swept = [replace(match, outcome=decide(match.candidates, thresholds)) for match in matches]
        swept_measures = measure_linkage(swept, roster.truth)
        sweep.append({"match_at": threshold, **_figures(swept_measures)})

    # As `tongxin hash-ids` leaves them: valid numbers hashed, mistyped ones left empty.
    key = bytes(range(32))
    hashed_people = [
        replace(
            person,
            id_number=None,
            id_hash=hash_id(person.id_number, key) if _valid(person.id_number) else None,
        )
        if person.id_number
        else person
        for person in roster.people
    ]
    started, cpu_started = time.perf_counter(), time.process_time()
    hashed_matches = list(link_roster(hashed_people, registry=registry, partner_key=key))
    hashed_s = time.perf_counter() - started
    hashed_cpu_s = time.process_time() - cpu_started
    hashed_measures = measure_linkage(hashed_matches, roster.truth)

    splink_result = measure_splink(registry, roster) if splink else None

    return {
        "backend": connection.vendor,
        "user": username,
        "people": people,
        "rows": len(roster.rows),
        "real_rows": sum(row.truth_id is not None for row in roster.rows),
        "generated_s": round(generated_s, 2),
        "linked_s": round(linked_s, 2),
        "linked_cpu_s": round(linked_cpu_s, 2),
        "queries": len(queries),
        **_figures(measures),
        "sweep": sweep,
        "hashed_rows": sum(person.id_hash is not None for person in hashed_people),
        "hashed_linked_s": round(hashed_s, 2),
        "hashed_linked_cpu_s": round(hashed_cpu_s, 2),
        "hashed": _figures(hashed_measures),
        "splink": splink_result,
    }


def measure_splink(registry: Any, roster: Any) -> dict[str, Any]:
    """Splink (DuckDB) on the same roster and registry; see the module docstring."""
    from types import SimpleNamespace

    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from tongxin.lib.name_keys import name_keys
    from tongxin.rosters.linkage import Outcome
    from tongxin.rosters.synthetic import measure_linkage

    started = time.perf_counter()
    people = pd.DataFrame.from_records(
        registry.values_list("pk", "name", "name_pinyin", "birth_date", "sex", "id_number"),
        columns=["unique_id", "name", "name_pinyin", "birth_date", "sex", "id_number"],
    )
    rows = pd.DataFrame.from_records(
        [
            (
                person.row,
                person.name,
                name_keys(person.name).full,
                person.birth_date,
                person.sex,
                person.id_number,
            )
            for person in roster.people
        ],
        columns=["unique_id", "name", "name_pinyin", "birth_date", "sex", "id_number"],
    )
    for frame in (people, rows):
        frame["birth_date"] = pd.to_datetime(frame["birth_date"])
        frame.replace({"": None}, inplace=True)
    prepared_s = time.perf_counter() - started

    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            # Exact: two people born on one day in one county have numbers that differ only
            # in the sequence digits, so "within two edits" would join strangers. (Measured
            # at province scale: precision 0.83 either way; benchmarks/README.md.)
            cl.ExactMatch("id_number"),
            cl.NameComparison("name"),
            cl.ExactMatch("name_pinyin"),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("id_number"),
            block_on("birth_date"),
            block_on("name_pinyin"),
            block_on("name"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker([rows, people], settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("id_number")], recall=0.9
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_pinyin"))
    trained_s = time.perf_counter() - started
    started = time.perf_counter()
    pairs = linker.inference.predict(
        threshold_match_probability=min(SPLINK_SWEEP)
    ).as_pandas_dataframe()
    predicted_s = time.perf_counter() - started

    # Each roster row's most probable registry person (the row frame was passed first: _l).
    best = (
        pairs.sort_values("match_probability", ascending=False)
        .drop_duplicates("unique_id_l")
        .set_index("unique_id_l")
    )
    sweep = []
    for threshold in SPLINK_SWEEP:
        chosen = best[best["match_probability"] >= threshold]["unique_id_r"].to_dict()
        matches = [
            SimpleNamespace(
                row=person.row,
                outcome=Outcome.MATCHED if person.row in chosen else Outcome.NO_MATCH,
                person_id=chosen.get(person.row),
            )
            for person in roster.people
        ]
        sweep.append({"match_at": threshold, **_figures(measure_linkage(matches, roster.truth))})
    at_match = next(row for row in sweep if row["match_at"] == SPLINK_MATCH)
    return {
        "prepared_s": round(prepared_s, 2),
        "trained_s": round(trained_s, 2),
        "predicted_s": round(predicted_s, 2),
        "linked_s": round(trained_s + predicted_s, 2),
        "pairs": len(pairs),
        **{key: value for key, value in at_match.items() if key != "match_at"},
        "sweep": sweep,
    }


def _valid(number: str | None) -> bool:
    from tongxin.lib import resident_id

    if not number:
        return False
    try:
        resident_id.parse(number)
    except resident_id.InvalidResidentId:
        return False
    return True


def _figures(measures: Any) -> dict[str, Any]:
    return {
        **asdict(measures),
        "precision": round(measures.precision, 5),
        "recall": round(measures.recall, 5),
        "f1": round(measures.f1, 5),
    }


def report(result: dict[str, Any]) -> None:
    scope = f"the scope of {result['user']}" if result["user"] else "the whole registry"
    f1_verdict = "meets" if result["f1"] >= TARGET_F1 else "MISSES"
    print(
        f"{result['backend']}: {result['rows']:,} rows ({result['real_rows']:,} registry "
        f"people) against {result['people']:,} people in {scope} (target: 100,000 rows "
        f"against 1M people in ≤ {TARGET_S} s, F1 ≥ {TARGET_F1})"
    )
    print(f"  roster generated in {result['generated_s']:.2f} s (not timed)")
    print(
        f"  linked in {result['linked_s']:.2f} s (CPU {result['linked_cpu_s']:.2f} s, "
        f"{result['queries']} queries): precision "
        f"{result['precision']:.4f}, recall {result['recall']:.4f}, F1 {result['f1']:.4f} "
        f"({f1_verdict} {TARGET_F1})"
    )
    print(
        f"  {result['true_matches']:,} right matches, {result['false_matches']:,} wrong, "
        f"{result['missed']:,} registry rows not matched; {result['reviews']:,} sent to review "
        f"({result['reviews_proposing_the_truth']:,} proposing the right person)"
    )
    for row in result["sweep"]:
        print(
            f"    match at ≥ {row['match_at']:.0f}: precision {row['precision']:.4f}, recall "
            f"{row['recall']:.4f}, F1 {row['f1']:.4f}, {row['false_matches']} wrong, "
            f"{row['reviews']:,} reviews"
        )
    hashed = result["hashed"]
    print(
        f"  keyed hashes ({result['hashed_rows']:,} rows hashed, the mistyped numbers left "
        f"empty): linked in {result['hashed_linked_s']:.2f} s (CPU "
        f"{result['hashed_linked_cpu_s']:.2f} s), every ID number in scope "
        f"decrypted and hashed: precision {hashed['precision']:.4f}, recall "
        f"{hashed['recall']:.4f}, F1 {hashed['f1']:.4f}"
    )
    splink = result["splink"]
    if splink is None:
        return
    print(
        f"  Splink (DuckDB): trained in {splink['trained_s']:.2f} s, predicted in "
        f"{splink['predicted_s']:.2f} s ({splink['pairs']:,} pairs), linked in "
        f"{splink['linked_s']:.2f} s (the data handed over in {splink['prepared_s']:.2f} s, "
        f"not timed); at p ≥ {SPLINK_MATCH}: precision {splink['precision']:.4f}, recall "
        f"{splink['recall']:.4f}, F1 {splink['f1']:.4f}"
    )
    for row in splink["sweep"]:
        print(
            f"    Splink match at p ≥ {row['match_at']}: precision {row['precision']:.4f}, "
            f"recall {row['recall']:.4f}, F1 {row['f1']:.4f}, {row['false_matches']} wrong"
        )
    print(
        f"  Splink took {splink['linked_s'] / result['linked_s']:.1f}× tongxin's time; F1 "
        f"tongxin {result['f1']:.4f}, Splink {splink['f1']:.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", action="store_true", help="1M people (loads for >10 min)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1, help="the demo's seed")
    parser.add_argument("--roster-seed", type=int, default=1)
    parser.add_argument("--user", help="link through this user's scope (people_visible_to)")
    parser.add_argument("--reload", action="store_true", help="load the demo database again")
    parser.add_argument("--no-splink", action="store_true", help="skip Splink (DuckDB)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.rows, args.roster_seed, args.user, not args.no_splink)))
        return

    scale = "province" if args.province else "city"
    target = prepared(scale, args.seed, postgres_url=None, reload=args.reload)
    extra = ["--user", args.user] if args.user else []
    if args.no_splink:
        extra.append("--no-splink")
    output = run_script(
        target,
        HERE,
        "--measure",
        "--rows",
        str(args.rows),
        "--roster-seed",
        str(args.roster_seed),
        *extra,
    )
    result = json.loads(output.strip().splitlines()[-1])
    report(result)
    OUT.mkdir(parents=True, exist_ok=True)
    out_file = OUT / f"linkage-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(
        json.dumps({"cpus": os.cpu_count(), "scale": scale, "result": result}, indent=2),
        encoding="utf-8",
    )
    print(f"written {out_file}")


if __name__ == "__main__":
    main()
