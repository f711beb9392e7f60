"""Time the full periodic scan (``tongxin.programs.scan.run_scan``) over a province-scale
database, per backend, on a scratch copy of the loaded demo (the scan changes data).

    .venv/bin/python benchmarks/bench_scan.py                       # SQLite, province
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/bench_scan.py --postgres        # SQLite and PostgreSQL

Four runs in a row on the same copy, dated from the demo's reference date D (the demo is the
state after the scan of D − 1):

1. the daily scan of D: what fell due yesterday;
2. the same scan again: nothing left to claim (the cost of looking);
3. D + 7: a week without scans (a week of missed contacts and deadlines at once);
4. D + 30: a month without scans.

The target (DESIGN §Runtime and scale) is the daily scan within 60 s. Results are also
written to benchmarks/out/scan-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchdb import OUT, prepared, run_script, scratch_copy

HERE = Path(__file__).resolve()
TARGET_S = 60
RUNS = (("daily", 0), ("again", 0), ("week", 7), ("month", 30))


def measure() -> dict[str, Any]:
    """Run inside a process configured for the scratch database (env set by the parent)."""
    import django

    django.setup()
    from django.db import connection

    from tongxin.audit.models import AuditEvent
    from tongxin.programs.models import Alert, Contact, Deadline, Enrollment
    from tongxin.programs.scan import run_scan

    loaded = AuditEvent.objects.get(action="demo.load")
    reference = dt.date.fromisoformat(loaded.details["today"])
    sizes = {
        "enrollments": Enrollment.objects.count(),
        "contacts": Contact.objects.count(),
        "planned_contacts": Contact.objects.filter(status="planned").count(),
        "open_deadlines": Deadline.objects.filter(status="open").count(),
        "open_alerts": Alert.objects.filter(resolved_at__isnull=True).count(),
    }
    runs = []
    for name, days in RUNS:
        today = reference + dt.timedelta(days=days)
        started = time.perf_counter()
        report = run_scan(today)
        runs.append(
            {
                "run": name,
                "today": today.isoformat(),
                "seconds": round(time.perf_counter() - started, 2),
                **asdict(report),
            }
        )
    return {"backend": connection.vendor, "reference": reference.isoformat(), **sizes, "runs": runs}


def report(result: dict[str, Any]) -> None:
    print(
        f"{result['backend']}: {result['enrollments']:,} enrollments, {result['contacts']:,} "
        f"contacts ({result['planned_contacts']:,} planned), {result['open_deadlines']:,} open "
        f"deadlines, {result['open_alerts']:,} open alerts; reference date {result['reference']}"
    )
    for run in result["runs"]:
        verdict = ""
        if run["run"] == "daily":
            verdict = " — meets" if run["seconds"] <= TARGET_S else " — MISSES"
            verdict += f" the {TARGET_S} s target"
        print(
            f"  {run['run']:<6} {run['today']}  {run['seconds']:8.2f} s  "
            f"contacts missed {run['contacts_missed']:>7,}  deadlines missed "
            f"{run['deadlines_missed']:>6,}  lost {run['lost_to_follow_up']:>4,}  alerts raised "
            f"{run['alerts_raised']:>7,}{verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="province", choices=["county", "city", "province"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", action="store_true", help="also run on DATABASE_URL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--reload", action="store_true", help="load the demo database again")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return

    postgres_url = os.environ.get("DATABASE_URL") if args.postgres else None
    if args.postgres and not postgres_url:
        sys.exit("--postgres needs DATABASE_URL (a role allowed to create databases)")
    urls: list[str | None] = ([] if args.no_sqlite else [None]) + (
        [postgres_url] if postgres_url else []
    )
    results = []
    for url in urls:
        target = prepared(args.scale, args.seed, postgres_url=url, reload=args.reload)
        with scratch_copy(target) as scratch:
            output = run_script(scratch, HERE, "--measure")
        result = json.loads(output.strip().splitlines()[-1])
        report(result)
        results.append(result)
    OUT.mkdir(parents=True, exist_ok=True)
    out_file = OUT / f"scan-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(
        json.dumps({"cpus": os.cpu_count(), "scale": args.scale, "results": results}, indent=2),
        encoding="utf-8",
    )
    print(f"written {out_file}")


if __name__ == "__main__":
    main()
