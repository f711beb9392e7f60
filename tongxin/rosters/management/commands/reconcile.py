"""``tongxin reconcile FILE --against police-roster --user USERNAME [--partner-key FILE]
[--format json]``

Reconciles a police roster (公安列管名单) against the open 社区矫正 and 安置帮教 cases
USERNAME may see, and writes a run with its worklist (see ``tongxin.rosters.reconciling``).
``--partner-key`` reads a roster whose ID column was replaced by keyed hashes
(``tongxin hash-ids``; docs/keyed-id-hashes.md). ``--format json`` prints exactly one JSON
document on stdout (docs/reconcile-json.md).

Exit status: 0 when the roster was reconciled; 1 when it was refused (the reason is on
stderr, and in the JSON document).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.audit.record import Actor
from tongxin.rosters.files import UploadLimits
from tongxin.rosters.keyed_hash import InvalidKeyFile, read_key_file
from tongxin.rosters.models import DiscrepancyKind
from tongxin.rosters.reconcile_document import refusal_document, result_document, summary
from tongxin.rosters.reconciling import (
    AGAINST,
    ReconcileRefused,
    ReconcileResult,
    reason_lines,
    reconcile_roster,
)


class Command(BaseCommand):
    help = "Reconcile a police roster against the registry / 核对公安列管名单."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx, .xls or .csv file / 名单文件")
        parser.add_argument("--against", required=True, choices=sorted(AGAINST))
        parser.add_argument(
            "--user", required=True, help="reconcile as this user (their agency and scope apply)"
        )
        parser.add_argument(
            "--partner-key", help="the partner's key file, for a roster of keyed ID hashes"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(
        self,
        *args: Any,
        file: str,
        against: str,
        user: str,
        partner_key: str | None,
        format: str,
        **options: Any,
    ) -> None:
        as_json = format == "json"
        try:
            result = reconcile_roster(
                Actor.cli(self._user(user)),
                self._content(Path(file)),
                against,
                self._key(Path(partner_key)) if partner_key else None,
                file_name=Path(file).name,
            )
        except ReconcileRefused as exc:
            if as_json:
                self.stdout.write(
                    json.dumps(refusal_document(exc.message), ensure_ascii=False, indent=2)
                )
            raise CommandError(exc.message, returncode=1) from exc
        if as_json:
            self.stdout.write(json.dumps(result_document(result), ensure_ascii=False, indent=2))
        else:
            self._write_text(result)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise ReconcileRefused(_("没有用户“%(username)s”。") % {"username": username}, "user")
        return user

    def _key(self, path: Path) -> bytes:
        try:
            return read_key_file(path)
        except InvalidKeyFile as exc:
            raise ReconcileRefused(str(exc), "partner_key") from exc
        except OSError as exc:
            raise ReconcileRefused(
                _("无法读取文件“%(path)s”:%(reason)s") % {"path": path, "reason": exc.strerror},
                "partner_key",
            ) from exc

    def _content(self, path: Path) -> bytes:
        # One byte past the upload limit is enough for the check to refuse an oversized file.
        limit = UploadLimits.from_settings().max_bytes + 1
        try:
            with path.open("rb") as handle:
                return handle.read(limit)
        except OSError as exc:
            raise ReconcileRefused(
                _("无法读取文件“%(path)s”:%(reason)s") % {"path": path, "reason": exc.strerror},
                "file",
            ) from exc

    def _write_text(self, result: ReconcileResult) -> None:
        self.stdout.write(summary(result))
        self.stdout.write(_("核对编号:%(run)s") % {"run": result.run.uuid})
        for item in result.discrepancies:
            where = (
                _("第 %(row)d 行") % {"row": item.row_number}
                if item.row_number
                else str(item.person.uuid if item.person else "")
            )
            linked = "" if item.pk in result.new else _("(上次核对已发现,仍待处理)")
            self.stdout.write(
                f"  {DiscrepancyKind(item.kind).label} {where} → {item.agency.name}{linked}"
            )
        for invalid in result.invalid:
            for reason in reason_lines(invalid):
                self.stdout.write(
                    "  "
                    + _("第 %(row)d 行 %(field)s:%(message)s")
                    % {
                        "row": invalid.row,
                        "field": reason["field_label"],
                        "message": reason["message"],
                    }
                )
