"""Time ``tongxin demo`` at each scale into a fresh database; print wall time and people/s.

    .venv/bin/python benchmarks/bench_demo.py                 # city on SQLite
    .venv/bin/python benchmarks/bench_demo.py --county --province
    DATABASE_URL=postgres://u:p@host/any .venv/bin/python benchmarks/bench_demo.py --postgres

Each run gets a new data directory (keys, SQLite file, demo-logins.json) under the system
temp directory, removed afterwards unless --keep. With --postgres, each run creates its own
database ``tongxin_bench_<scale>_<pid>`` on the server named by DATABASE_URL (the role needs
CREATEDB) and drops it afterwards; the database named in the URL is only used to connect.
Results are also written to benchmarks/out/demo-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PEOPLE_LINE = re.compile(r"([\d,]+) people: ([\d.]+) s \(([\d,]+) people/s\)")
CASEWORK_LINE = re.compile(r"([\d,]+) enrollments, ([\d,]+) contacts .*: ([\d.]+) s\.")
SUPPORT_LINE = re.compile(r"([\d,]+) support needs, ([\d,]+) referrals .*: ([\d.]+) s\.")


@dataclass
class Result:
    scale: str
    backend: str
    wall_seconds: float  # the whole `tongxin demo` process, Django start-up included
    people: int
    people_seconds: float  # the people phase alone, as the command reports it
    people_per_second: float
    enrollments: int
    contacts: int
    casework_seconds: float  # the programs' rows (tongxin.demo.programs), planned and inserted
    referrals: int
    support_seconds: float  # needs, consents, referrals (tongxin.demo.support), the same way
    database_bytes: int | None


def tongxin(env: dict[str, str], *args: str) -> str:
    # Fixed argv: this interpreter and the project's own CLI.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tongxin.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"tongxin {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def base_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TONGXIN_SQLITE_PATH"}
    }
    env["TONGXIN_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    return env


@contextmanager
def fresh_database(url: str | None, name: str) -> Iterator[str | None]:
    """A new, empty PostgreSQL database on the server of ``url``, dropped on exit; with no
    ``url``, nothing (the SQLite file of the new data directory is fresh already)."""
    if url is None:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run(scale: str, seed: int, *, postgres_url: str | None, keep: bool) -> Result:
    data_dir = Path(tempfile.mkdtemp(prefix=f"tongxin-bench-{scale}-"))
    env = base_env(data_dir)
    try:
        with fresh_database(postgres_url, f"tongxin_bench_{scale}_{os.getpid()}") as database_url:
            if database_url:
                env["DATABASE_URL"] = database_url
            tongxin(env, "migrate", "--noinput", "-v0")
            started = time.monotonic()
            output = tongxin(env, "demo", "--scale", scale, "--seed", str(seed))
            wall = time.monotonic() - started
        match = PEOPLE_LINE.search(output)
        casework = CASEWORK_LINE.search(output)
        support = SUPPORT_LINE.search(output)
        if match is None or casework is None or support is None:
            sys.exit(f"no timing line in the demo output:\n{output}")
        sqlite_file = data_dir / "tongxin.sqlite3"
        return Result(
            scale=scale,
            backend="postgresql" if postgres_url else "sqlite",
            wall_seconds=round(wall, 1),
            people=int(match.group(1).replace(",", "")),
            people_seconds=float(match.group(2)),
            people_per_second=float(match.group(3).replace(",", "")),
            enrollments=int(casework.group(1).replace(",", "")),
            contacts=int(casework.group(2).replace(",", "")),
            casework_seconds=float(casework.group(3)),
            referrals=int(support.group(2).replace(",", "")),
            support_seconds=float(support.group(3)),
            database_bytes=sqlite_file.stat().st_size if sqlite_file.exists() else None,
        )
    finally:
        if keep:
            print(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--county", action="store_true", help="also time the county scale")
    parser.add_argument("--province", action="store_true", help="also time 1M people")
    parser.add_argument("--no-city", action="store_true", help="skip the city scale")
    parser.add_argument("--postgres", action="store_true", help="also run on DATABASE_URL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args()
    scales = [
        scale
        for scale, wanted in (
            ("county", args.county),
            ("city", not args.no_city),
            ("province", args.province),
        )
        if wanted
    ]
    postgres_url = os.environ.get("DATABASE_URL") if args.postgres else None
    if args.postgres and not postgres_url:
        sys.exit("--postgres needs DATABASE_URL (a role allowed to create databases)")
    backends: list[str | None] = [None] + ([postgres_url] if postgres_url else [])

    results = []
    print(
        f"{'scale':<9} {'backend':<11} {'wall s':>8} {'people':>10} {'people s':>9} "
        f"{'people/s':>9} {'enrollments':>12} {'contacts':>10} {'casework s':>11} "
        f"{'referrals':>10} {'support s':>10} {'db MB':>7}"
    )
    for scale in scales:
        for url in backends:
            result = run(scale, args.seed, postgres_url=url, keep=args.keep)
            results.append(result)
            size = f"{result.database_bytes / 2**20:7.0f}" if result.database_bytes else "      -"
            print(
                f"{result.scale:<9} {result.backend:<11} {result.wall_seconds:8.1f} "
                f"{result.people:10,} {result.people_seconds:9.1f} "
                f"{result.people_per_second:9,.0f} {result.enrollments:12,} "
                f"{result.contacts:10,} {result.casework_seconds:11.1f} "
                f"{result.referrals:10,} {result.support_seconds:10.1f} {size}",
                flush=True,
            )
    OUT.mkdir(parents=True, exist_ok=True)
    out_file = OUT / f"demo-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(
        json.dumps({"cpus": os.cpu_count(), "results": [asdict(r) for r in results]}, indent=2),
        encoding="utf-8",
    )
    print(f"written {out_file}")


if __name__ == "__main__":
    main()
