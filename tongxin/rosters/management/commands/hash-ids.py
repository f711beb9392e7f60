"""``tongxin hash-ids``: replace the ID-number column of a roster by keyed hashes.

    tongxin hash-ids ROSTER.xlsx --key-file partner.key --out HASHED.xlsx   (or .csv)

Run by a partner agency that may not send plain ID numbers (docs/keyed-id-hashes.md). The
key file comes from the county (``tongxin partner-key``). Rows whose number fails its checks
are left without a hash and listed, so they can be corrected and the file hashed again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.rosters.id_hash_file import HashFileError, hash_id_file
from tongxin.rosters.keyed_hash import InvalidKeyFile, read_key_file


class Command(BaseCommand):
    help = "Replace the ID-number column of a roster by keyed hashes / 将名单中的身份证号替换为带密钥的哈希."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the roster (.xlsx, .xls, .ods or .csv)")
        parser.add_argument("--key-file", type=Path, required=True, help="the partner's key")
        parser.add_argument("--out", type=Path, required=True, help="where to write (.xlsx/.csv)")

    def handle(self, *args: Any, file: Path, key_file: Path, out: Path, **options: Any) -> None:
        if out.resolve() == file.resolve():
            raise CommandError(
                "--out must be another file than the roster. / 输出文件不能覆盖原名单。"
            )
        try:
            key = read_key_file(key_file)
        except OSError as exc:
            raise CommandError(f"cannot read the key file: {exc} / 无法读取密钥文件。") from exc
        except InvalidKeyFile as exc:
            raise CommandError(str(exc)) from exc
        try:
            report = hash_id_file(file, out, key)
        except HashFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{out}: {report.hashed} of {report.rows} rows hashed, {report.empty} without an ID "
            f"number, {len(report.refused)} refused. / 已哈希 {report.hashed} 行。"
        )
        for row, reason in report.refused:
            self.stderr.write(f"row {row} / 第 {row} 行: {reason}")
