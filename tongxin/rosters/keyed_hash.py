"""Keyed hashes of ID numbers, for partners that may not send plain numbers.

A partner agency (a prison, a police station) that must not hand over plain ID numbers sends
``HMAC-SHA256(key, ID)`` instead; the county computes the same hash for the people of the
registry in scope and matches equal hashes. ``docs/keyed-id-hashes.md`` is the partner's
specification (key exchange, normalisation, format, test vectors); this module is its
reference implementation:

1. normalise the number: NFKC (full-width digits become ASCII), drop spaces and hyphens,
   upper-case X; upgrade a 15-digit number to 18 digits; refuse a number whose birth date or
   check digit is wrong (a typo would hash to an unrelated value, so it is better caught);
2. hash the 18 ASCII characters with HMAC-SHA256 under the partner's 32-byte key;
3. write the digest as 64 lower-case hexadecimal characters.

The key of each partner is derived from the project's blind-index key with HKDF-SHA256 and
the partner's name, so the county stores no per-partner secret and can derive the key again
at reconciliation time; a partner's key reveals nothing about the blind-index key or about
another partner's key.

The registry keeps no per-partner column: the linkage computes the hashes of the people in
scope during its one streaming pass over the registry, from their decrypted numbers (see the
doc for the measured cost and the trade-off against a stored index).
"""

from __future__ import annotations

import hmac
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from tongxin.lib import resident_id

KEY_BYTES = 32
# The column header of a hashed roster: the reader tells hashes from plain numbers by it.
HASH_HEADER = "身份证号哈希"
_HKDF_SALT = b"tongxin partner id hash"
_HKDF_INFO_PREFIX = b"v1\x00"


class InvalidKeyFile(ValueError):
    """The key file does not hold exactly 64 hexadecimal characters."""


def normalise_partner_name(partner: str) -> str:
    """NFKC and trimmed: the same name typed with full-width characters gives the same key."""
    return unicodedata.normalize("NFKC", partner).strip()


def partner_key(partner: str) -> bytes:
    """The 32-byte key the county gives ``partner`` (HKDF-SHA256 of the blind-index key)."""
    name = normalise_partner_name(partner)
    if not name:
        raise ValueError("a partner key needs the partner's name")
    master: bytes = settings.TONGXIN_BLIND_INDEX_KEY
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=_HKDF_SALT,
        info=_HKDF_INFO_PREFIX + name.encode("utf-8"),
    )
    return hkdf.derive(master)


def key_file_text(key: bytes) -> str:
    return key.hex() + "\n"


def parse_key(text: str) -> bytes:
    compact = "".join(text.split()).lower()
    if len(compact) != KEY_BYTES * 2 or any(ch not in "0123456789abcdef" for ch in compact):
        raise InvalidKeyFile(
            f"The key file must hold the key as {KEY_BYTES * 2} hexadecimal characters "
            "(as written by `tongxin partner-key`). / 密钥文件应为 64 位十六进制字符。"
        )
    return bytes.fromhex(compact)


def read_key_file(path: Path) -> bytes:
    return parse_key(path.read_text(encoding="ascii", errors="replace"))


def clean_id(raw: str) -> str:
    """The 18-character number that is hashed; raises ``resident_id.InvalidResidentId``."""
    return resident_id.parse(raw).number


def keyed_id_hash(number: str, key: bytes) -> str:
    """HMAC-SHA256 of an already cleaned 18-character number, lower-case hex."""
    if len(number) != 18 or number != number.upper():
        raise ValueError("keyed_id_hash takes the cleaned 18-character number (clean_id)")
    return hmac.digest(key, number.encode("ascii"), "sha256").hex()


def hash_id(raw: str, key: bytes) -> str:
    """Clean ``raw`` and hash it; raises ``resident_id.InvalidResidentId``."""
    return keyed_id_hash(clean_id(raw), key)
