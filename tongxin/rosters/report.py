"""The row report of an import batch as an Excel workbook, for the officer to fix a rejected
file or check the rows that need a look.

One line per reason (a row with two problems has two lines; a row without any has one):
row number, outcome, field, reason, and the public id of the person the row created,
matched or may duplicate. The top lines carry a watermark (who exported it, from which
agency, when) that the print header repeats. Every text cell goes through ``safe_text``, so
nothing from the uploaded file becomes a formula; the workbook is also written with
formula and URL conversion off. Exporting is a disclosure: one access-audit row naming the
batch and the people listed is written before the bytes are returned.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_disclosure
from tongxin.lib.export_book import watermarked_book
from tongxin.lib.safe_cells import safe_text
from tongxin.rosters.document import NAMES_PERSON
from tongxin.rosters.importing import field_label
from tongxin.rosters.models import BatchStatus, ImportBatch, ImportRow, Outcome


def _people_of(row: ImportRow) -> list[str]:
    if row.outcome in NAMES_PERSON and row.person_public_id:  # type: ignore[attr-defined]
        return [str(row.person_public_id)]  # type: ignore[attr-defined]
    if row.outcome == Outcome.POSSIBLE_DUPLICATE:
        return [str(candidate) for candidate in row.candidates]
    return []


def _report_rows(batch: ImportBatch) -> list[ImportRow]:
    return list(
        ImportRow.objects.filter(batch=batch)
        .only("row_number", "outcome", "reasons_text", "candidates")
        .annotate(person_public_id=F("person__uuid"))
        .order_by("row_number")
    )


def write_report(*, actor: Actor, batch_uuid: Any) -> bytes:
    """The batch's row report as .xlsx bytes; Http404 outside the user's scope."""
    batch = policy.get_import_batch_for_user(actor.user, batch_uuid)
    rows = _report_rows(batch)
    people = sorted({person for row in rows for person in _people_of(row)})
    record_disclosure(
        actor=actor,
        action="roster.report",
        object_type="import_batch",
        object_ids=[batch.uuid],
        details={"rows": len(rows), "people": people},
        agency_name=policy.primary_agency_name(actor.user),
    )
    return build_workbook(
        batch,
        rows,
        exported_by=actor.username,
        exporter_agency=policy.primary_agency_name(actor.user),
        when=timezone.now(),
    )


def build_workbook(
    batch: ImportBatch,
    rows: list[ImportRow],
    *,
    exported_by: str,
    exporter_agency: str,
    when: Any,
) -> bytes:
    export = watermarked_book(
        _("导入结果"), exported_by=exported_by, exporter_agency=exporter_agency, when=when
    )
    sheet, bold, wrap, top = export.sheet, export.bold, export.wrap, export.top
    sheet.write_string(1, 0, safe_text(_("文件")))
    sheet.write_string(1, 1, safe_text(batch.file_name))
    sheet.write_string(2, 0, safe_text(_("批次")))
    sheet.write_string(2, 1, safe_text(f"{batch.uuid} · {batch.get_status_display()}"))
    if batch.status in (BatchStatus.REJECTED, BatchStatus.FAILED) and batch.error_message:
        sheet.write_string(3, 0, safe_text(_("说明")))
        sheet.write_string(3, 1, safe_text(batch.error_message))
    header_row = 5
    headers = [_("行号"), _("结果"), _("字段"), _("原因"), _("人员编号")]
    for column, title in enumerate(headers):
        sheet.write_string(header_row, column, title, bold)
    line = header_row + 1
    for row in rows:
        people = "\n".join(_people_of(row))
        reasons = row.reasons or [{"field": "", "message": ""}]
        for reason in reasons:
            sheet.write_number(line, 0, row.row_number, top)
            sheet.write_string(line, 1, safe_text(Outcome(row.outcome).label), top)
            sheet.write_string(line, 2, safe_text(field_label(reason["field"])), top)
            sheet.write_string(line, 3, safe_text(reason["message"]), wrap)
            sheet.write_string(line, 4, safe_text(people), wrap)
            line += 1
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 14)
    sheet.set_column(3, 3, 70)
    sheet.set_column(4, 4, 38)
    sheet.freeze_panes(header_row + 1, 0)
    return export.close()
