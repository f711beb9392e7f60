"""After ``tongxin demo`` into an on-disk SQLite file, the raw bytes of the database and its
WAL hold no demo person's ID number or phone in plaintext (DESIGN: a dump holds no plaintext
ID number).

The demo runs in subprocesses with their own data directory and keys, exactly as
``make run`` would. The plaintext values come from the generator (same seed, same values),
and a third subprocess reads them back through Django to prove the file holds those people.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tongxin.demo.generate import build_plan, iter_people

SEED = 7
READ_BACK = (
    "import json; from tongxin.people.models import Person; "
    "print(json.dumps([[p.id_number, p.phone] for p in Person.objects.order_by('id')]))"
)


def tongxin(data_dir: Path, *args: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TONGXIN_SQLITE_PATH", "TONGXIN_SQLITE_TEST_PATH"}
    }
    env["TONGXIN_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    # Fixed argv: this interpreter, our own CLI, arguments from this file.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tongxin.cli", *args],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def database_bytes(data_dir: Path) -> bytes:
    files = [data_dir / f"tongxin.sqlite3{suffix}" for suffix in ("", "-wal", "-shm")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def plaintexts_in(blob: bytes, targets: set[bytes]) -> set[bytes]:
    """Every target (11-digit phone or 18-character ID) found in ``blob``, overlapping too."""
    found: set[bytes] = set()
    for run in re.finditer(rb"[0-9X]{11,}", blob):
        digits = run.group()
        for size in (11, 18):
            for start in range(len(digits) - size + 1):
                if digits[start : start + size] in targets:
                    found.add(digits[start : start + size])
    return found


def test_database_and_wal_bytes_hold_no_plaintext_id_number_or_phone(tmp_path: Path) -> None:
    tongxin(tmp_path, "migrate", "--noinput", "-v0")
    tongxin(tmp_path, "demo", "--seed", str(SEED))

    people = list(iter_people(build_plan(SEED, "county")))
    stored = json.loads(tongxin(tmp_path, "shell", "-c", READ_BACK).strip().splitlines()[-1])
    assert stored == [[p.id_number, p.phone] for p in people]

    targets = {p.id_number.encode() for p in people} | {p.phone.encode() for p in people if p.phone}
    assert len(targets) > 2900
    # The search works: a planted number is found, and the file does hold the people.
    assert plaintexts_in(b"x" + people[0].id_number.encode() + b"7", targets)
    before_checkpoint = database_bytes(tmp_path)
    names_found = sum(p.name.encode() in before_checkpoint for p in people[:100])
    assert names_found > 90

    assert plaintexts_in(before_checkpoint, targets) == set()
    with sqlite3.connect(tmp_path / "tongxin.sqlite3") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert plaintexts_in(database_bytes(tmp_path), targets) == set()
