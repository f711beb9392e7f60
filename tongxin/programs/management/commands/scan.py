"""``tongxin scan [--date YYYY-MM-DD]``: the periodic scan, on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.programs.scan import run_scan


class Command(BaseCommand):
    help = "Mark missed contacts and deadlines and raise alerts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="scan as of this date (default: today)")

    def handle(self, *args: Any, date: str | None, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD / 日期格式应为 YYYY-MM-DD") from exc
        report = run_scan(today)
        self.stdout.write(
            f"contacts missed / 逾期联系: {report.contacts_missed}; "
            f"deadlines missed / 逾期期限: {report.deadlines_missed}; "
            f"lost to follow-up / 失访: {report.lost_to_follow_up}; "
            f"alerts raised / 新提醒: {report.alerts_raised}"
        )
