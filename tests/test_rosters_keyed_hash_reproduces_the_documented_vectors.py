"""The test vectors of docs/keyed-id-hashes.md are what the code computes: the same hash for
a number written with spaces, full-width digits, a lower-case x or in its 15-digit form, and
no hash for a number with a wrong check digit."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import pytest

from tongxin.lib.resident_id import InvalidResidentId
from tongxin.rosters.keyed_hash import clean_id, hash_id, keyed_id_hash

DOC = Path(__file__).resolve().parent.parent / "docs" / "keyed-id-hashes.md"
ROW = re.compile(r"^\| `(?P<raw>[^`]+)` \| (?P<cleaned>[^|]+) \| (?P<hash>[^|]+) \|$")


def documented() -> tuple[bytes, list[tuple[str, str, str]]]:
    text = DOC.read_text(encoding="utf-8")
    key = bytes.fromhex(re.search(r"Key \(hex\): `([0-9a-f]{64})`", text).group(1))  # type: ignore[union-attr]
    rows = []
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            rows.append(
                (
                    match["raw"],
                    match["cleaned"].strip().strip("`"),
                    match["hash"].strip().strip("`"),
                )
            )
    return key, rows


def test_every_documented_vector_is_reproduced() -> None:
    key, rows = documented()
    assert len(rows) == 7
    for raw, cleaned, expected in rows:
        if cleaned.startswith("refused"):
            with pytest.raises(InvalidResidentId):
                hash_id(raw, key)
            continue
        assert clean_id(raw) == cleaned
        assert hash_id(raw, key) == expected
        # Plain HMAC-SHA256 over the ASCII number: what a partner's own system computes.
        assert hmac.new(key, cleaned.encode("ascii"), hashlib.sha256).hexdigest() == expected


def test_the_hash_takes_only_the_cleaned_number() -> None:
    with pytest.raises(ValueError, match="cleaned"):
        keyed_id_hash("99012119850314048x", bytes(32))
