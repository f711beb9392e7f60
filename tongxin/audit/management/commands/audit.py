"""``tongxin audit verify``: check both audit chains and name the first broken row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.audit.verify import verify_all


class Command(BaseCommand):
    help = "Audit chain tools. 'verify' checks the AuditEvent and AccessEvent hash chains."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        broken = []
        for report in verify_all():
            table = "AuditEvent" if report.chain == "audit" else "AccessEvent"
            if report.ok:
                self.stdout.write(f"{table}: OK, {report.rows} rows, chain intact / 链完整")
            else:
                broken.append(report)
                self.stdout.write(
                    f"{table}: BROKEN at seq={report.broken_at_seq} id={report.broken_row_id}: "
                    f"{report.reason} / 审计链在第 {report.broken_at_seq} 条(id={report.broken_row_id})处断裂"
                )
        if broken:
            raise CommandError("audit chain verification failed / 审计链校验失败")
