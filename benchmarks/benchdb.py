"""A demo database for the benchmarks, loaded once and reused.

SQLite: the data directory ``var/bench/<scale>-sqlite/`` (database and keys).
PostgreSQL: the database ``tongxin_bench_<scale>`` on the server named by DATABASE_URL (the
role needs CREATEDB), with its keys in ``var/bench/<scale>-postgres/``.

A finished load has its ``demo.load`` audit row; anything else is loaded again from scratch.
``scratch_copy`` gives a throw-away copy for benchmarks that change data (the scan).
"""

from __future__ import annotations

import math
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
OUT = ROOT / "benchmarks" / "out"
FINISHED = (
    "from tongxin.demo.load import demo_load_finished; "
    "print('finished' if demo_load_finished() else 'unfinished')"
)


@dataclass(frozen=True)
class Target:
    """Where a benchmark's Django process points: a data directory and maybe a database."""

    backend: str  # "sqlite" or "postgresql"
    data_dir: Path
    database_url: str | None = None

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TONGXIN_SQLITE_PATH"}
        }
        env["TONGXIN_DATA_DIR"] = str(self.data_dir)
        env["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env


def tongxin(target: Target, *args: str, echo: bool = False) -> str:
    # Fixed argv: this interpreter and the project's own CLI.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tongxin.cli", *args],
        env=target.env(),
        cwd=ROOT,
        capture_output=not echo,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"tongxin {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout or ""


def run_script(target: Target, script: Path, *args: str) -> str:
    """Run a benchmark's measuring half in a process set up for ``target``."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(script), *args],
        env=target.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{script.name} {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _database_url(base: str, name: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _postgres_exists(base: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(base, autocommit=True) as admin:
        row = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def _postgres(base: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(statement)


def prepared(scale: str, seed: int, *, postgres_url: str | None, reload: bool = False) -> Target:
    """The loaded demo database of ``scale``, loading it first if needed."""
    backend = "postgresql" if postgres_url else "sqlite"
    data_dir = BENCH_DIR / f"{scale}-{backend}"
    name = f"tongxin_bench_{scale}"
    url = _database_url(postgres_url, name) if postgres_url else None
    target = Target(backend, data_dir, url)
    if not reload and data_dir.exists():
        exists = postgres_url is None or _postgres_exists(postgres_url, name)
        if exists and "unfinished" not in tongxin(target, "shell", "-c", FINISHED):
            return target
    print(f"loading the {scale} demo (seed {seed}) into {backend} …", flush=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if postgres_url:
        _postgres(postgres_url, f'DROP DATABASE IF EXISTS "{name}"')
        _postgres(postgres_url, f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    tongxin(target, "migrate", "--noinput", "-v0")
    output = tongxin(target, "demo", "--scale", scale, "--seed", str(seed))
    print("\n".join(output.splitlines()[-3:]))
    print(f"loaded in {time.monotonic() - started:.0f} s", flush=True)
    return target


@contextmanager
def scratch_copy(target: Target) -> Iterator[Target]:
    """A copy to change and throw away: the SQLite file (checkpointed first) with its keys,
    or a PostgreSQL database created from the loaded one as its template."""
    if target.database_url is None:
        with sqlite3.connect(target.data_dir / "tongxin.sqlite3") as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy_dir = target.data_dir.with_name(target.data_dir.name + "-scratch")
        shutil.rmtree(copy_dir, ignore_errors=True)
        shutil.copytree(target.data_dir, copy_dir, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
        try:
            yield Target(target.backend, copy_dir)
        finally:
            shutil.rmtree(copy_dir, ignore_errors=True)
        return
    parts = urlsplit(target.database_url)
    name = parts.path.lstrip("/")
    scratch = f"{name}_scratch"
    admin = urlunsplit(parts._replace(path="/postgres"))
    _postgres(admin, f'DROP DATABASE IF EXISTS "{scratch}"')
    _postgres(admin, f'CREATE DATABASE "{scratch}" TEMPLATE "{name}"')
    try:
        yield Target(target.backend, target.data_dir, _database_url(target.database_url, scratch))
    finally:
        _postgres(admin, f'DROP DATABASE IF EXISTS "{scratch}"')


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 50 calls is the 48th fastest)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * share)) - 1]
