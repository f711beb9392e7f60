"""After ``tongxin demo`` into an on-disk SQLite file, the raw bytes of the database and its
WAL hold none of the support texts about a person in plaintext — notes, outcomes, measures,
referral purposes and reasons, the reasons for referring without consent — and every
encrypted support column holds ciphertext under the current key (guardian names included).

As in test_demo_database_file_holds_no_plaintext_identifiers: the demo runs in subprocesses
with their own data directory and keys, and a third reads the texts back through Django,
which proves the file holds them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.test_demo_database_file_holds_no_plaintext_identifiers import database_bytes, tongxin

READ_BACK = """
import json
from django.db import connection
from tongxin.lib.field_crypto import EncryptedTextField, current_key_id
from tongxin.support import models
texts, raw = set(), []
for model in (models.SupportNeed, models.SupportNeedChange, models.SupportMeasure,
              models.Referral, models.Consent):
    fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    for row in model.objects.values_list(*[f.name for f in fields]):
        texts.update(value for value in row if value)
    with connection.cursor() as cursor:
        columns = ", ".join(f.column for f in fields)
        cursor.execute(f"SELECT {columns} FROM {model._meta.db_table}")
        raw.extend(value for row in cursor.fetchall() for value in row if value is not None)
guardians = set(models.Consent.objects.exclude(guardian_name=None).values_list(
    "guardian_name", flat=True))
print(json.dumps({"texts": sorted(texts - guardians), "guardians": len(guardians),
                  "key": current_key_id(), "raw": raw}))
"""


def test_support_texts_are_encrypted_in_the_database_file(tmp_path: Path) -> None:
    tongxin(tmp_path, "migrate", "--noinput", "-v0")
    tongxin(tmp_path, "demo", "--seed", "12")
    stored = json.loads(tongxin(tmp_path, "shell", "-c", READ_BACK).strip().splitlines()[-1])
    texts: list[str] = stored["texts"]
    # Outcomes, purposes, reasons, notes and measures of many kinds, and guardians' names.
    assert len(texts) > 60 and stored["guardians"] > 0
    assert any("低保" in text or "最低生活保障" in text for text in texts)
    assert any("无法表示同意" in text or "无法签署同意书" in text for text in texts)
    assert all(value.startswith(stored["key"] + "$") for value in stored["raw"])

    blob = database_bytes(tmp_path)
    # The search works: the file does hold readable Chinese text (people's names).
    assert "示范县".encode() in blob
    assert [text for text in texts if text.encode() in blob] == []
    with sqlite3.connect(tmp_path / "tongxin.sqlite3") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob = database_bytes(tmp_path)
    assert [text for text in texts if text.encode() in blob] == []
