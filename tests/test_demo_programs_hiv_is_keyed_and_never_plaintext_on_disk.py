"""The demo's HIV follow-up cases belong to the county CDC alone: stored under the keyed
program code with encrypted details, seen by CDC staff only, counted under the keyed code in
the audit row, and the raw database file never says "hiv" outside a ciphertext
(艾滋病防治条例 art 39)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from tests.test_demo_database_file_holds_no_plaintext_identifiers import database_bytes, tongxin
from tongxin.access import policy
from tongxin.audit.models import AuditEvent
from tongxin.lib.field_crypto import current_key_id, key_id_of
from tongxin.programs.models import Enrollment
from tongxin.programs.specs import hiv

# Characters of a ciphertext token ("<key id>$<base64url>") and of the words around it.
TOKEN_CHARS = re.compile(rb"[A-Za-z0-9_\-=$]")
# Argon2 password hashes: a random salt (22 characters) and hash, no data of anyone's.
ARGON2_HASH = re.compile(rb"argon2id?\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+")


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=8, stdout=StringIO())
        yield


def plaintext_occurrences(blob: bytes, word: bytes) -> list[bytes]:
    """Every case-insensitive ``word`` that is not inside a ciphertext token.

    Base64 text contains any three letters by chance, so a hit counts as ciphertext only if
    it sits in a run of token characters that has a ``$`` (the key id's separator) before it
    and at least 40 characters after that ``$`` (the shortest AES-GCM token: nonce and tag).
    A plaintext "hiv" next to other text (``"hiv"`` in JSON, ``hivactive`` in a SQLite
    record) has no such ``$`` and is reported.
    """
    found = []
    blob = ARGON2_HASH.sub(lambda hashed: b"#" * len(hashed.group()), blob)
    for match in re.finditer(re.escape(word), blob, re.IGNORECASE):
        start, end = match.start(), match.end()
        while start > 0 and TOKEN_CHARS.fullmatch(blob[start - 1 : start]):
            start -= 1
        while end < len(blob) and TOKEN_CHARS.fullmatch(blob[end : end + 1]):
            end += 1
        dollar = blob.rfind(b"$", start, match.start())
        if dollar < 0 or end - dollar - 1 < 40:
            found.append(blob[max(0, match.start() - 30) : match.end() + 30])
    return found


def test_the_occurrence_check_tells_plaintext_from_ciphertext() -> None:
    assert plaintext_occurrences(b'{"program": "hiv"}', b"hiv")
    assert plaintext_occurrences(b"\x05\x1b42hivactiveinfected", b"hiv")
    token = b"k1$0Sbt6BtPOM1GO-LHiVwzDxhvxBBCKS63M40L0K-IIJ1oEs1R=="
    assert not plaintext_occurrences(b"\x05" + token + b"\x01", b"hiv")
    assert plaintext_occurrences(b"\x05k1$hiv\x01", b"hiv")
    # A password hash's salt is random text too (this one happened in a demo load).
    salted = b"argon2id$v=19$m=102400,t=2,p=8$QUhiVm1mZ2ZkY3N6bXB4eQ$" + b"a" * 43
    assert not plaintext_occurrences(b"\x05" + salted + b"\x01", b"hiv")


def test_hiv_cases_are_keyed_encrypted_and_seen_by_the_cdc_only(demo: None) -> None:
    code = hiv.SPEC.storage_code
    assert code.startswith("c_") and "hiv" not in code
    cases = Enrollment.objects.filter(program=code).select_related("owner_agency")
    assert 8 <= cases.count() <= 16
    assert not Enrollment.objects.filter(program__icontains="hiv").exists()
    assert {case.owner_agency.kind for case in cases} == {"cdc"}
    assert {case.responsible_worker.get_username() for case in cases} == {"jkzx_shifan_1"}  # type: ignore[union-attr]
    assert {case.details["stage"] for case in cases} <= set(hiv.STAGES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT details_text FROM programs_enrollment WHERE program = %s", [code])
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(key_id_of(value) == current_key_id() for value in stored)

    users = get_user_model().objects
    cdc = users.get(username="jkzx_shifan_1")
    assert set(policy.enrollments_visible_to(cdc).filter(program=code)) == set(cases)
    outsiders = ("wsy_chengguan_1", "wjj_shifan_1", "pcs_chengguan_1", "sfs_chengguan_1")
    for username in (*outsiders, "mzj_shifan_1", "jcy_shifan_view"):
        outsider = users.get(username=username)
        assert not policy.enrollments_visible_to(outsider).filter(program=code).exists(), username

    (event,) = AuditEvent.objects.filter(action="demo.load")
    enrollments = event.details["counts"]["casework"]["enrollments"]
    assert enrollments[code] == cases.count()
    assert "hiv" not in json.dumps(event.details).lower()


def test_the_database_file_never_says_hiv_outside_a_ciphertext(tmp_path: Path) -> None:
    tongxin(tmp_path, "migrate", "--noinput", "-v0")
    tongxin(tmp_path, "demo", "--seed", "9")
    read_back = tongxin(
        tmp_path,
        "shell",
        "-c",
        "from tongxin.programs.models import Enrollment; from tongxin.programs.specs import hiv; "
        "code = hiv.SPEC.storage_code; "
        "print(code, Enrollment.objects.filter(program=code).count())",
    )
    code, count = read_back.strip().splitlines()[-1].split()
    assert int(count) >= 8
    blob = database_bytes(tmp_path)
    # The file holds the cases, under the keyed code.
    assert blob.count(code.encode()) >= int(count)
    assert plaintext_occurrences(blob, b"hiv") == []
    assert "艾滋".encode() not in blob
    assert "感染者".encode() not in blob
