"""The start of every .xlsx export that carries people data: formulas and links off, the
exporter's watermark on the first line and in the print header, the three cell formats the
reports use. One place, so an export cannot forget the watermark or turn injection back on.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.lib.safe_cells import safe_text


@dataclass
class ExportBook:
    buffer: io.BytesIO
    book: Any  # xlsxwriter.Workbook (untyped)
    sheet: Any
    bold: Any
    wrap: Any
    top: Any

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def watermarked_book(
    sheet_title: str, *, exported_by: str, exporter_agency: str, when: dt.datetime
) -> ExportBook:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(sheet_title)
    watermark = _("%(agency)s %(user)s 于 %(when)s 导出 · 内部资料,注意保密") % {
        "agency": exporter_agency,
        "user": exported_by,
        "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
    }
    # Printed copies carry the watermark too; "&" is a control character in print headers.
    sheet.set_header("&C" + watermark.replace("&", "&&"))
    sheet.write_string(0, 0, safe_text(watermark))
    return ExportBook(
        buffer=buffer,
        book=book,
        sheet=sheet,
        bold=book.add_format({"bold": True}),
        wrap=book.add_format({"text_wrap": True, "valign": "top"}),
        top=book.add_format({"valign": "top"}),
    )
