"""``tongxin import-roster FILE --kind KIND --user USERNAME [--dry-run] [--format json]``

Imports a release notice (刑满释放人员通知), a corrections intake (社区矫正交付接收) or a
police roster (公安列管名单) as USERNAME: their agency owns what is created and their scope
decides what is matched. ``--dry-run`` does everything but commit and saves nothing.
``--format json`` prints exactly one JSON document on stdout (docs/import-roster-json.md).
``--report FILE.xlsx`` also writes the row report as a workbook.

Exit status: 0 when the file was imported, previewed or had been imported before; 1 when it
was rejected, failed or refused (the reason is on stderr, and in the JSON document).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.audit.record import Actor
from tongxin.organisation.models import Agency
from tongxin.rosters.document import refusal_document, result_document, summary
from tongxin.rosters.files import UploadLimits
from tongxin.rosters.importing import (
    COMMIT_CHUNK,
    ERROR,
    AlreadyImported,
    ImportRefused,
    ImportResult,
    field_label,
    import_roster,
)
from tongxin.rosters.models import BatchStatus, Outcome
from tongxin.rosters.reading import RosterKind
from tongxin.rosters.report import write_report

KINDS = {
    "release-notice": RosterKind.RELEASE_NOTICE,
    "corrections-intake": RosterKind.CORRECTIONS_INTAKE,
    "police-roster": RosterKind.POLICE_ROSTER,
}
# Lines of bad rows (and of rows to check) printed before pointing at --report.
MAX_LINES = 100


class Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Command(BaseCommand):
    help = "Import a roster (release notice, corrections intake, police roster) / 导入名单."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx, .xls or .csv file / 名单文件")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument(
            "--user", required=True, help="import as this user (their agency and scope apply)"
        )
        parser.add_argument(
            "--agency", help="the agency's name, for a user who works in several / 机构名称"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and match only")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--report", help="also write the row report to this .xlsx file")

    def handle(
        self,
        *args: Any,
        file: str,
        kind: str,
        user: str,
        agency: str | None,
        dry_run: bool,
        format: str,
        report: str | None,
        **options: Any,
    ) -> None:
        as_json = format == "json"
        try:
            if report and dry_run:
                raise Refused(_("试导入不保存批次,不能导出行报告;请去掉 --dry-run 或 --report。"))
            actor = Actor.cli(self._user(user))
            result = import_roster(
                actor=actor,
                content=self._content(Path(file)),
                file_name=Path(file).name,
                kind=KINDS[kind],
                agency=self._agency(agency) if agency else None,
                dry_run=dry_run,
                progress=None if as_json else self._progress,
            )
        except (Refused, ImportRefused) as exc:
            self._emit_refusal(as_json, "refused", exc.message, dry_run)
            raise CommandError(exc.message, returncode=1) from exc
        except AlreadyImported as exc:
            self._emit_refusal(as_json, "already_imported", exc.message, dry_run, exc)
            return
        if report and result.batch.pk is not None:
            Path(report).write_bytes(write_report(actor=actor, batch_uuid=result.batch.uuid))
        if as_json:
            self.stdout.write(json.dumps(result_document(result), ensure_ascii=False, indent=2))
        else:
            self._write_text(result)
        if result.batch.status in (BatchStatus.REJECTED, BatchStatus.FAILED):
            raise CommandError(summary(result), returncode=1)

    # -- input -------------------------------------------------------------------------------

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise Refused(_("没有用户“%(username)s”。") % {"username": username})
        return user

    def _agency(self, name: str) -> Agency:
        agencies = list(Agency.objects.filter(name=name, is_active=True)[:2])
        if len(agencies) != 1:
            raise Refused(
                _("没有名为“%(name)s”的机构。") % {"name": name}
                if not agencies
                else _("有多个名为“%(name)s”的机构,请联系管理员。") % {"name": name}
            )
        return agencies[0]

    def _content(self, path: Path) -> bytes:
        # One byte past the upload limit is enough for the check to refuse an oversized file
        # without reading all of it.
        limit = UploadLimits.from_settings().max_bytes + 1
        try:
            with path.open("rb") as handle:
                return handle.read(limit)
        except OSError as exc:
            raise Refused(
                _("无法读取文件“%(path)s”:%(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc

    # -- output ------------------------------------------------------------------------------

    def _progress(self, done: int, total: int) -> None:
        if total > COMMIT_CHUNK:
            self.stderr.write(_("已写入 %(done)d / %(total)d 行") % {"done": done, "total": total})

    def _emit_refusal(
        self,
        as_json: bool,
        status: str,
        message: str,
        dry_run: bool,
        error: AlreadyImported | None = None,
    ) -> None:
        if as_json:
            document = refusal_document(
                status=status, message=message, dry_run=dry_run, error=error
            )
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        elif error is not None:
            self.stdout.write(message)

    def _write_text(self, result: ImportResult) -> None:
        self.stdout.write(summary(result))
        if result.batch.pk is not None:
            self.stdout.write(_("批次编号:%(batch)s") % {"batch": result.batch.uuid})
        for note in result.file_notes:
            self.stdout.write(note)
        errors = [(plan, reason) for plan in result.rows for reason in plan.errors]
        notes = [
            (plan, reason)
            for plan in result.rows
            for reason in plan.reasons
            if reason.severity != ERROR
        ]
        if errors:
            self.stdout.write(_("有误的行(请改正后重新上传):"))
            for plan, reason in errors[:MAX_LINES]:
                self.stdout.write(
                    "  "
                    + _("第 %(row)d 行 %(field)s:%(message)s")
                    % {
                        "row": plan.row_number,
                        "field": field_label(reason.field),
                        "message": reason.message,
                    }
                )
            self._more(len(errors))
        if notes:
            self.stdout.write(_("请核对的行:"))
            for plan, reason in notes[:MAX_LINES]:
                self.stdout.write(
                    "  "
                    + _("第 %(row)d 行(%(outcome)s)%(field)s:%(message)s")
                    % {
                        "row": plan.row_number,
                        "outcome": Outcome(plan.outcome).label if plan.outcome else "",
                        "field": field_label(reason.field),
                        "message": reason.message,
                    }
                )
            self._more(len(notes))

    def _more(self, count: int) -> None:
        if count > MAX_LINES:
            self.stdout.write(
                "  "
                + _("……另有 %(count)d 条,完整内容请用 --report 导出 Excel。")
                % {"count": count - MAX_LINES}
            )
