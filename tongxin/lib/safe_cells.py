"""Text for spreadsheet cells that a spreadsheet program will never run as a formula.

Excel, WPS and LibreOffice treat a cell typed or imported as ``=…``, ``+…``, ``-…`` or
``@…`` (and, after a tab or carriage return, the same) as a formula: a name like
``=HYPERLINK("http://…")`` coming from an uploaded roster would become a live link or a
command in the officer's copy. Such text is exported with a leading apostrophe, which the
programs show as plain text (OWASP's advice for CSV injection).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
