"""After ``tongxin import-roster`` of a good file and of a rejected one into an on-disk
SQLite database, the raw bytes of the database and its WAL hold none of the files' ID
numbers or phone numbers in plaintext, though the people, their cases and both row reports
(cleaned values included) are stored and read back through Django."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.roster_import_support import RELEASED, Someone, release_notice
from tests.test_demo_database_file_holds_no_plaintext_identifiers import (
    database_bytes,
    plaintexts_in,
)

SETUP = (
    "from django.contrib.auth import get_user_model; "
    "from tongxin.organisation.models import Agency, Membership, Region; "
    "county = Region.objects.create(code='990101', name='测试县', level='county'); "
    "town = Region.objects.create(code='990101001', name='东城镇', level='township', "
    "parent=county); "
    "office = Agency.objects.create(name='东城镇司法所', kind='justice_office', region=town); "
    "user = get_user_model().objects.create_user(username='worker_a'); "
    "Membership.objects.create(user=user, agency=office, role='worker', jurisdiction=town)"
)
READ_BACK = (
    "import json; from tongxin.people.models import Person; "
    "from tongxin.rosters.models import ImportRow; "
    "print(json.dumps({'people': sorted([p.id_number, p.phone] for p in Person.objects.all()), "
    "'rows': sorted(r.values.get('id_number', '-') for r in ImportRow.objects.all())}))"
)


def tongxin(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TONGXIN_SQLITE_PATH", "TONGXIN_SQLITE_TEST_PATH"}
    }
    env["TONGXIN_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    # Fixed argv: this interpreter, our own CLI, arguments from this file.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tongxin.cli", *args],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_imported_id_numbers_and_phones_are_never_plaintext_on_disk(tmp_path: Path) -> None:
    assert tongxin(tmp_path, "migrate", "--noinput", "-v0").returncode == 0
    assert tongxin(tmp_path, "shell", "-c", SETUP).returncode == 0
    people = [
        Someone(f"赵{given}", dt.date(1970, 1, 1) + dt.timedelta(days=97 * n), n + 1, phone=phone)
        for n, (given, phone) in enumerate(
            [(g, f"139{n:08d}") for n, g in enumerate("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸")]
        )
    ]
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(release_notice(people[:15]))
    bad.write_bytes(release_notice([*people[15:], ["某人", "123", "男", RELEASED]]))
    imported = tongxin(
        tmp_path, "import-roster", str(good), "--kind", "release-notice", "--user", "worker_a"
    )
    assert imported.returncode == 0, imported.stderr
    rejected = tongxin(
        tmp_path, "import-roster", str(bad), "--kind", "release-notice", "--user", "worker_a"
    )
    assert rejected.returncode == 1 and "整个文件未导入" in rejected.stderr

    read_back = tongxin(tmp_path, "shell", "-c", READ_BACK)
    assert read_back.returncode == 0, read_back.stderr
    stored = json.loads(read_back.stdout.splitlines()[-1])
    assert stored["people"] == sorted([p.id_number, p.phone] for p in people[:15])
    # The rejected file's good rows are kept with their cleaned values; its bad row has none.
    assert stored["rows"] == sorted(["-", *(p.id_number for p in people)])

    targets = {p.id_number.encode() for p in people} | {p.phone.encode() for p in people}
    assert plaintexts_in(b"x" + people[0].id_number.encode() + b"7", targets)
    before_checkpoint = database_bytes(tmp_path)
    assert all(p.name.encode() in before_checkpoint for p in people[:15])
    assert plaintexts_in(before_checkpoint, targets) == set()
    with sqlite3.connect(tmp_path / "tongxin.sqlite3") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert plaintexts_in(database_bytes(tmp_path), targets) == set()
