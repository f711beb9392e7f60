"""Secrets and field-encryption keys for the embedded default.

Production passes every key through the environment (or ``*_FILE``). On a laptop or a
single-machine install nobody should have to invent keys, so on first run we generate them
into ``<data dir>/keys.json`` with owner-only permissions. The field keys are never derived
from ``SECRET_KEY``: rotating the session secret must not make encrypted data unreadable.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from tongxin.lib.env import env_str


@dataclass(frozen=True)
class KeyMaterial:
    secret_key: str
    field_keys: dict[str, bytes]  # key id -> 32-byte AES-256-GCM key
    current_field_key_id: str
    blind_index_key: bytes
    audit_chain_key: bytes


def _b64key(raw: str, name: str) -> bytes:
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes, got {len(key)}")
    return key


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _generated_file(data_dir: Path) -> dict[str, str]:
    path = data_dir / "keys.json"
    if path.exists():
        loaded: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TONGXIN_FIELD_KEYS": f"k1:{_new_key()}",
        "TONGXIN_BLIND_INDEX_KEY": _new_key(),
        "TONGXIN_AUDIT_KEY": _new_key(),
    }
    # Write a temporary file and hard-link it into place: the link fails if another process
    # (a second test worker, a second server) won the race, and then we read its keys.
    fd, tmp_name = tempfile.mkstemp(dir=data_dir, prefix=".keys-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(generated, handle, indent=2)
        os.chmod(tmp_name, 0o600)
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            existing: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
            return existing
    finally:
        os.unlink(tmp_name)
    return generated


def parse_field_keys(spec: str) -> dict[str, bytes]:
    """``"k2:BASE64,k1:BASE64"`` -> {"k2": key, "k1": key}; the first one encrypts."""
    keys: dict[str, bytes] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured(
                "TONGXIN_FIELD_KEYS must look like 'k2:BASE64,k1:BASE64' (key id, colon, key)"
            )
        keys[key_id] = _b64key(encoded, f"TONGXIN_FIELD_KEYS[{key_id}]")
    if not keys:
        raise ImproperlyConfigured("TONGXIN_FIELD_KEYS names no key")
    return keys


def load_key_material(data_dir: Path, *, allow_generate: bool) -> KeyMaterial:
    names = ("SECRET_KEY", "TONGXIN_FIELD_KEYS", "TONGXIN_BLIND_INDEX_KEY", "TONGXIN_AUDIT_KEY")
    values = {name: env_str(name) for name in names}
    if any(value is None for value in values.values()):
        if not allow_generate:
            missing = ", ".join(name for name, value in values.items() if value is None)
            raise ImproperlyConfigured(
                f"Production settings need these keys in the environment (or *_FILE): {missing}"
            )
        generated = _generated_file(data_dir)
        values = {
            name: value if value is not None else generated[name] for name, value in values.items()
        }
    field_keys = parse_field_keys(str(values["TONGXIN_FIELD_KEYS"]))
    current = env_str("TONGXIN_FIELD_KEY_ID") or next(iter(field_keys))
    if current not in field_keys:
        raise ImproperlyConfigured(f"TONGXIN_FIELD_KEY_ID={current} is not in TONGXIN_FIELD_KEYS")
    return KeyMaterial(
        secret_key=str(values["SECRET_KEY"]),
        field_keys=field_keys,
        current_field_key_id=current,
        blind_index_key=_b64key(str(values["TONGXIN_BLIND_INDEX_KEY"]), "TONGXIN_BLIND_INDEX_KEY"),
        audit_chain_key=_b64key(str(values["TONGXIN_AUDIT_KEY"]), "TONGXIN_AUDIT_KEY"),
    )
