"""Date arithmetic the law counts in: months and days, never hours."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day N months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def term_end(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """Last day of a term that starts on ``start`` (a 1-year term from 10 Jan ends 9 Jan)."""
    return add_months(start, years * 12 + months) + dt.timedelta(days=days) - dt.timedelta(days=1)
