"""Sensitive fields are encrypted at rest with a key id; the blind index is keyed."""

from __future__ import annotations

import base64

import pytest
from django.db import connection

from tests.personas import World
from tongxin.lib import field_crypto


def test_round_trip_and_fresh_nonce_each_time() -> None:
    first = field_crypto.encrypt("13800001111", context="person.phone")
    second = field_crypto.encrypt("13800001111", context="person.phone")
    assert first != second
    assert first.startswith(field_crypto.current_key_id() + "$")
    assert field_crypto.decrypt(first, context="person.phone") == "13800001111"


def test_ciphertext_moved_to_another_column_does_not_decrypt() -> None:
    token = field_crypto.encrypt("13800001111", context="person.phone")
    with pytest.raises(field_crypto.DecryptionError):
        field_crypto.decrypt(token, context="person.id_number")


def test_tampered_ciphertext_does_not_decrypt() -> None:
    token = field_crypto.encrypt("secret", context="c")
    key_id, _, body = token.partition("$")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(field_crypto.DecryptionError):
        field_crypto.decrypt(
            f"{key_id}${base64.urlsafe_b64encode(bytes(raw)).decode()}", context="c"
        )


def test_old_key_still_decrypts_after_rotation(settings: object) -> None:
    old_token = field_crypto.encrypt("110105194912310021", context="c")
    new_key = base64.b64decode(base64.b64encode(b"n" * 32))
    keys = dict(settings.TONGXIN_FIELD_KEYS)  # type: ignore[attr-defined]
    settings.TONGXIN_FIELD_KEYS = {"k9": new_key, **keys}  # type: ignore[attr-defined]
    settings.TONGXIN_FIELD_KEY_ID = "k9"  # type: ignore[attr-defined]
    assert field_crypto.encrypt("x", context="c").startswith("k9$")
    assert field_crypto.decrypt(old_token, context="c") == "110105194912310021"


def test_blind_index_depends_on_key_and_purpose(settings: object) -> None:
    a = field_crypto.blind_index("110105194912310021", purpose="person.id_number")
    assert a != field_crypto.blind_index("110105194912310021", purpose="person.phone")
    settings.TONGXIN_BLIND_INDEX_KEY = b"k" * 32  # type: ignore[attr-defined]
    assert a != field_crypto.blind_index("110105194912310021", purpose="person.id_number")


def test_database_rows_hold_no_plaintext_id_phone_or_address(world: World) -> None:
    person = world.person_a
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, residence_address, id_number_index FROM people_person "
            "WHERE id = %s",
            [person.pk],
        )
        stored_id, stored_phone, stored_address, index = cursor.fetchone()
    assert person.id_number and person.phone and person.residence_address
    assert person.id_number not in stored_id and person.phone not in stored_phone
    assert person.residence_address not in stored_address
    assert person.id_number not in index
