"""The bulk decryptor (one AES-GCM object per key, for streaming passes) reads exactly what
the encrypted field wrote, and refuses what the field would refuse: another column's
ciphertext, an unknown key id, a tampered value."""

from __future__ import annotations

import pytest

from tongxin.lib.field_crypto import DecryptionError, encrypt
from tongxin.people.models import Person


def test_reads_the_fields_ciphertext_and_refuses_others() -> None:
    field = Person._meta.get_field("id_number")
    decrypt = field.bulk_decryptor()
    token = field.get_prep_value("99012119900101123X")
    assert token is not None and "99012119900101123X" not in token
    assert decrypt(token) == "99012119900101123X"
    assert decrypt(token) == field.from_db_value(token, None, None)

    with pytest.raises(DecryptionError):
        decrypt(encrypt("99012119900101123X", context="people.person.phone"))
    with pytest.raises(DecryptionError):
        decrypt("nokey$" + token.partition("$")[2])
    key_id, _, body = token.partition("$")
    tampered = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionError):
        decrypt(f"{key_id}${tampered}")
