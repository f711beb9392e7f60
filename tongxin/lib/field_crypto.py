"""Field encryption at rest (AES-256-GCM) and HMAC blind indexes.

Written by hand over ``cryptography`` because the Django field-encryption packages are
abandoned, tie their key to SECRET_KEY, or cannot be searched (engineering-notes.md).

Ciphertext format stored in the database (ASCII, so it fits a TextField on both backends)::

    <key id> "$" base64url(nonce[12] || ciphertext || tag[16])

The key id lets ``tongxin rotate-keys`` find rows still under an old key. The field name is
bound as associated data, so a ciphertext copied from one column into another fails to
decrypt instead of silently showing the wrong value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

_NONCE_BYTES = 12


class DecryptionError(Exception):
    """The stored value cannot be decrypted with any configured key."""


def _keys() -> dict[str, bytes]:
    keys: dict[str, bytes] = settings.TONGXIN_FIELD_KEYS
    return keys


def current_key_id() -> str:
    key_id: str = settings.TONGXIN_FIELD_KEY_ID
    return key_id


def encrypt(plaintext: str, *, context: str) -> str:
    key_id = current_key_id()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_keys()[key_id]).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    return f"{key_id}${base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str) -> str:
    return token.partition("$")[0]


def decrypt(token: str, *, context: str) -> str:
    key_id, sep, body = token.partition("$")
    key = _keys().get(key_id)
    if not sep or key is None:
        raise DecryptionError(f"unknown key id {key_id!r} for {context}")
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(f"cannot decrypt {context} (key {key_id})") from exc
    return plain.decode("utf-8")


class BulkDecryptor:
    """``decrypt`` for many values of one column, as in a streaming pass over a million
    rows: the AES-GCM objects are built once per key instead of once per value."""

    def __init__(self, *, context: str) -> None:
        self.context = context
        self._associated = context.encode()
        self._ciphers = {key_id: AESGCM(key) for key_id, key in _keys().items()}

    def __call__(self, token: str) -> str:
        key_id, sep, body = token.partition("$")
        cipher = self._ciphers.get(key_id)
        if not sep or cipher is None:
            raise DecryptionError(f"unknown key id {key_id!r} for {self.context}")
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
            plain = cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], self._associated)
        except (InvalidTag, ValueError) as exc:
            raise DecryptionError(f"cannot decrypt {self.context} (key {key_id})") from exc
        return plain.decode("utf-8")


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash for exact lookup of an encrypted value; the purpose separates namespaces."""
    key: bytes = settings.TONGXIN_BLIND_INDEX_KEY
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted; Python code sees the plaintext (or None)."""

    def __init__(self, *args: Any, context: str = "", **kwargs: Any) -> None:
        self.context = context
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["context"] = self.context
        return name, path, args, kwargs

    def _context(self) -> str:
        return self.context or f"{self.model._meta.label_lower}.{self.name}"

    def bulk_decryptor(self) -> BulkDecryptor:
        """For code that reads this column's ciphertexts as text and decrypts many."""
        return BulkDecryptor(context=self._context())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return None
        return decrypt(value, context=self._context())

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        return encrypt(str(value), context=self._context())
