"""Time one township 司法所 worker's work queue (``tongxin.programs.queue.worker_queue``) on a
province-scale database: median and p95 over N calls after a warm-up, per backend, with the
time of each of its queries and (``--explain``) their plans.

    .venv/bin/python benchmarks/bench_queue.py                      # SQLite, province
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/bench_queue.py --postgres       # SQLite and PostgreSQL
    .venv/bin/python benchmarks/bench_queue.py --scale city --explain

The demo database is loaded the first time (``tongxin demo --scale …``, see benchdb.py) and
reused afterwards. Each call is what a request costs on the server: the worker's memberships
are read again (the per-request cache is cleared), then the queue's queries run and its rows
become model instances (the columns a queue shows). The queue is taken as of the demo's
reference date, so a database loaded days ago measures the same queue. Results are also
written to benchmarks/out/queue-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchdb import OUT, percentile, prepared, run_script

HERE = Path(__file__).resolve()
WORKER = "sfs_chengguan_1"  # 城关镇司法所, the seat of 示范县
TARGET_MS = 50


def _timed(function: Any, user: Any, today: dt.date, calls: int, warmup: int) -> list[float]:
    from tongxin.access import policy

    times = []
    for number in range(warmup + calls):
        policy.forget_cached_scopes(user)
        started = time.perf_counter()
        function(user, today)
        if number >= warmup:
            times.append((time.perf_counter() - started) * 1000)
    return times


def measure(calls: int, warmup: int, explain: bool) -> dict[str, Any]:
    """Run inside a process configured for the target database (env set by the parent)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongxin.access import policy
    from tongxin.audit.models import AuditEvent
    from tongxin.people.models import Person
    from tongxin.programs.models import Contact, Enrollment
    from tongxin.programs.queue import worker_queue

    loaded = AuditEvent.objects.get(action="demo.load")
    today = dt.date.fromisoformat(loaded.details["today"])
    user = get_user_model().objects.get(username=WORKER)

    times = _timed(worker_queue, user, today, calls, warmup)
    policy.forget_cached_scopes(user)
    queue = worker_queue(user, today)
    policy.forget_cached_scopes(user)
    with CaptureQueriesContext(connection) as captured:
        worker_queue(user, today)
    queries = []
    for query in captured.captured_queries:
        sql = query["sql"]
        runs = []
        for _ in range(5):
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(sql)
                rows = len(cursor.fetchall())
                runs.append((time.perf_counter() - started) * 1000)
        entry: dict[str, Any] = {
            "sql": sql,
            "rows": rows,
            "median_ms": round(statistics.median(runs), 2),
        }
        if explain:
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                    entry["plan"] = [row[-1] for row in cursor.fetchall()]
                else:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    entry["plan"] = [row[0] for row in cursor.fetchall()]
        queries.append(entry)
    return {
        "backend": connection.vendor,
        "worker": WORKER,
        "today": today.isoformat(),
        "people": Person.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "contacts": Contact.objects.count(),
        "worker_open_cases": Enrollment.objects.filter(
            responsible_worker=user, ended_on__isnull=True
        ).count(),
        "queue": {
            "overdue": len(queue.overdue),
            "due_today": len(queue.due_today),
            "due_soon": len(queue.due_soon),
            "deadlines": len(queue.deadlines),
            "alerts": len(queue.alerts),
            "unassigned": len(queue.unassigned),
        },
        "calls": calls,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries": queries,
    }


def report(result: dict[str, Any], explain: bool) -> None:
    verdict = "meets" if result["median_ms"] <= TARGET_MS else "MISSES"
    print(
        f"{result['backend']:<10} median {result['median_ms']:7.1f} ms  p95 "
        f"{result['p95_ms']:7.1f} ms  (min {result['min_ms']:.1f}, max {result['max_ms']:.1f}; "
        f"{result['calls']} calls) — {verdict} the {TARGET_MS} ms target"
    )
    print(
        f"           {result['people']:,} people, {result['enrollments']:,} enrollments, "
        f"{result['contacts']:,} contacts; {result['worker']} has "
        f"{result['worker_open_cases']} open cases; queue {result['queue']} as of "
        f"{result['today']}"
    )
    for number, query in enumerate(result["queries"], 1):
        table = query["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
        print(
            f"           query {number}: {query['median_ms']:7.2f} ms  {query['rows']:>4} rows  {table}"
        )
        if explain:
            for line in query.get("plan", []):
                print(f"                 {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="province", choices=["county", "city", "province"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="also run on DATABASE_URL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--reload", action="store_true", help="load the demo database again")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.calls, args.warmup, args.explain)))
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
        flags = ["--measure", "--calls", str(args.calls), "--warmup", str(args.warmup)]
        flags += ["--explain"] if args.explain else []
        output = run_script(target, HERE, *flags)
        result = json.loads(output.strip().splitlines()[-1])
        report(result, args.explain)
        results.append(result)
    OUT.mkdir(parents=True, exist_ok=True)
    out_file = OUT / f"queue-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(
        json.dumps({"cpus": os.cpu_count(), "scale": args.scale, "results": results}, indent=2),
        encoding="utf-8",
    )
    print(f"written {out_file}")


if __name__ == "__main__":
    main()
