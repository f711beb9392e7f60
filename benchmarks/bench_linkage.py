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


def measure(rows: int, seed: int, username: str | None) -> dict[str, Any]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", action="store_true", help="1M people (loads for >10 min)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1, help="the demo's seed")
    parser.add_argument("--roster-seed", type=int, default=1)
    parser.add_argument("--user", help="link through this user's scope (people_visible_to)")
    parser.add_argument("--reload", action="store_true", help="load the demo database again")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.rows, args.roster_seed, args.user)))
        return

    scale = "province" if args.province else "city"
    target = prepared(scale, args.seed, postgres_url=None, reload=args.reload)
    extra = ["--user", args.user] if args.user else []
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
