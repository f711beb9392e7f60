"""``tongxin partner-key``: write the keyed-hash key of a partner agency to a file.

    tongxin partner-key "省第一监狱" --out partner.key

The key is derived from the project's key material and the partner's name (HKDF), so
nothing is stored and the same command gives the same key again. Hand the file over in
person; see docs/keyed-id-hashes.md. Issuing a key is audited.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.audit.record import Actor, record_change
from tongxin.rosters.keyed_hash import key_file_text, normalise_partner_name, partner_key


class Command(BaseCommand):
    help = "Write a partner agency's keyed-hash key to a file / 生成合作单位的哈希密钥文件."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partner", help="the partner agency's name, as agreed with it")
        parser.add_argument("--out", type=Path, required=True, help="the key file to create")

    def handle(self, *args: Any, partner: str, out: Path, **options: Any) -> None:
        name = normalise_partner_name(partner)
        if not name:
            raise CommandError("Name the partner agency. / 请填写合作单位名称。")
        try:
            # O_EXCL: never overwrite a key file; 0600: only its owner reads it.
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise CommandError(f"{out} exists already. / 文件已存在。") from exc
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key_file_text(partner_key(name)))
        record_change(
            actor=Actor.cli(),
            action="rosters.partner_key",
            object_type="partner",
            object_ids=[name],
        )
        self.stdout.write(f"{out}: key for {name} / 已生成 {name} 的密钥。")
