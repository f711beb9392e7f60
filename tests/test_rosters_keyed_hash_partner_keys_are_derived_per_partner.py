"""Each partner's key is derived from the project's key material and the partner's name:
the same name (however typed) gives the same key, another name another key, and another
blind-index key other keys. ``tongxin partner-key`` writes it for one reader only, never over
an existing file, and audits the issue."""

from __future__ import annotations

import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.rosters_registry_support import roster_command
from tongxin.audit.models import AuditEvent
from tongxin.rosters.keyed_hash import KEY_BYTES, parse_key, partner_key


def test_keys_follow_the_partner_name_and_the_key_material(settings: object) -> None:
    first = partner_key("省第一监狱")
    assert len(first) == KEY_BYTES
    assert partner_key(" 省第一监狱 ") == first
    assert partner_key("省第一监狱") == first
    assert partner_key("省第二监狱") != first
    assert partner_key("省第一监狱#2") != first
    settings.TONGXIN_BLIND_INDEX_KEY = bytes(range(32))  # type: ignore[attr-defined]
    assert partner_key("省第一监狱") != first
    with pytest.raises(ValueError):
        partner_key("  ")


def test_the_command_writes_an_owner_only_file_once_and_audits_it(db: None, tmp_path: Path) -> None:
    out = tmp_path / "prison.key"
    stdout = StringIO()
    call_command(roster_command("partner-key"), "省第一监狱", "--out", str(out), stdout=stdout)

    assert parse_key(out.read_text(encoding="ascii")) == partner_key("省第一监狱")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    event = AuditEvent.objects.get(action="rosters.partner_key")
    assert event.object_ids == ["省第一监狱"]
    assert out.read_text(encoding="ascii").strip() not in str(event.details)

    with pytest.raises(CommandError, match="exists"):
        call_command(roster_command("partner-key"), "省第二监狱", "--out", str(out))
    assert parse_key(out.read_text(encoding="ascii")) == partner_key("省第一监狱")
