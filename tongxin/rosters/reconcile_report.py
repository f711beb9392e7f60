"""A reconciliation run's results as an Excel workbook, for the office that works them.

One line per worklist item the run found (new or still open from before) that the user may
see: its kind, the agency it is assigned to, the roster row, the registered person (name and
public id), what the roster and the registry say, and how it was resolved. The top lines
carry a watermark (who exported it, from which agency, when) that the print header repeats.
Every text cell goes through ``safe_text`` and the workbook is written with formula and URL
conversion off, so nothing from the police file becomes a formula. Exporting is a
disclosure: one access-audit row naming the run, its items and the people listed is written
before the bytes are returned.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_disclosure
from tongxin.lib.export_book import watermarked_book
from tongxin.lib.safe_cells import safe_text
from tongxin.rosters.models import Discrepancy, ReconciliationRun
from tongxin.rosters.reading import FIELD_LABELS


def _label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name


def compared_values(item: Discrepancy) -> list[tuple[str, str, str]]:
    """(field label, roster value, registry value) of what the item is about."""
    stored = item.values
    roster: dict[str, str] = stored.get("roster", {})
    registry: dict[str, str] = stored.get("registry", {})
    return [
        (_label(name), roster.get(name, ""), registry.get(name, ""))
        for name in sorted(set(roster) | set(registry))
    ]


def run_items(user: Any, run: ReconciliationRun) -> list[Discrepancy]:
    """The items ``run`` found (added, or linked from an earlier run) that ``user`` may see."""
    return list(
        policy.discrepancies_visible_to(user)
        .filter(Q(run=run) | Q(last_run=run))
        .select_related("agency", "person")
        .order_by("kind", "row_number", "id")
    )


def write_run_report(*, actor: Actor, run_uuid: Any) -> tuple[ReconciliationRun, bytes]:
    """The run and its results as .xlsx bytes; Http404 outside the user's scope."""
    run = policy.get_reconciliation_run_for_user(actor.user, run_uuid)
    items = run_items(actor.user, run)
    record_disclosure(
        actor=actor,
        action="roster.reconcile.report",
        object_type="reconciliation_run",
        object_ids=[run.uuid],
        details={
            "discrepancies": [str(item.uuid) for item in items],
            "people": sorted({str(item.person.uuid) for item in items if item.person}),
        },
        agency_name=policy.primary_agency_name(actor.user),
    )
    agency = policy.primary_agency_name(actor.user)
    return run, build_workbook(run, items, exported_by=actor.username, exporter_agency=agency)


def _values_text(item: Discrepancy) -> str:
    lines = []
    for label, roster, registry in compared_values(item):
        parts = [
            f"{_('名单')}“{roster}”" if roster else "",
            f"{_('登记')}“{registry}”" if registry else "",
        ]
        lines.append(f"{label}:" + " · ".join(part for part in parts if part))
    return "\n".join(lines)


def build_workbook(
    run: ReconciliationRun, items: list[Discrepancy], *, exported_by: str, exporter_agency: str
) -> bytes:
    export = watermarked_book(
        _("核对结果"),
        exported_by=exported_by,
        exporter_agency=exporter_agency,
        when=timezone.now(),
    )
    sheet, bold, wrap, top = export.sheet, export.bold, export.wrap, export.top
    sheet.write_string(1, 0, safe_text(_("文件")))
    sheet.write_string(1, 1, safe_text(run.file_name))
    sheet.write_string(2, 0, safe_text(_("核对")))
    sheet.write_string(
        2,
        1,
        safe_text(
            f"{run.uuid} · {run.agency.name} · {timezone.localtime(run.created_at):%Y-%m-%d %H:%M}"
        ),
    )
    header_row = 4
    headers = [
        _("类别"),
        _("负责机构"),
        _("名单行"),
        _("人员"),
        _("人员编号"),
        _("名单与登记的内容"),
        _("状态"),
        _("处理结果"),
    ]
    for column, title in enumerate(headers):
        sheet.write_string(header_row, column, title, bold)
    for line, item in enumerate(items, start=header_row + 1):
        sheet.write_string(line, 0, safe_text(item.get_kind_display()), top)
        sheet.write_string(line, 1, safe_text(item.agency.name), top)
        if item.row_number:
            sheet.write_number(line, 2, item.row_number, top)
        sheet.write_string(line, 3, safe_text(item.person.name if item.person else ""), top)
        sheet.write_string(line, 4, safe_text(item.person.uuid if item.person else ""), top)
        sheet.write_string(line, 5, safe_text(_values_text(item)), wrap)
        sheet.write_string(line, 6, safe_text(item.get_status_display()), top)
        sheet.write_string(line, 7, safe_text(item.get_resolution_display()), top)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 3, 10)
    sheet.set_column(4, 4, 38)
    sheet.set_column(5, 5, 60)
    sheet.set_column(6, 7, 12)
    sheet.freeze_panes(header_row + 1, 0)
    return export.close()
