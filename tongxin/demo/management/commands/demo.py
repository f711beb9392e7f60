"""``tongxin demo``: load the fictional 示范县 (or a city or province of them) into an empty
database and print its logins.

``make run`` calls ``tongxin demo --if-empty`` on every start: the first run loads, later runs
print the saved logins.
"""

from __future__ import annotations

import time
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.demo.generate import SCALES, SUPERUSER_ROLE, build_plan
from tongxin.demo.load import (
    database_has_data,
    demo_load_finished,
    kind_label,
    load_plan,
    login_rows,
    logins_path,
    read_logins,
    write_logins,
)
from tongxin.demo.places import PROVINCE_CODE
from tongxin.organisation.models import Region, Role


class Command(BaseCommand):
    help = (
        "Load the demo county 示范县 (--scale city: 8 counties, 100k people; province: 80 "
        "counties, 1M people) into an empty database and print the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed: the same seed gives the same people, logins and passwords.",
        )
        parser.add_argument("--scale", choices=sorted(SCALES), default="county")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If the database already holds data, load nothing and print the saved logins.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if database_has_data():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already holds data; the demo loads into an empty database "
                    "only. Use --if-empty to just print the demo logins, or point "
                    "TONGXIN_DATA_DIR (or DATABASE_URL) at an empty one. / "
                    "数据库中已有数据,演示数据只能载入空数据库。"
                )
            self._already_loaded()
            return
        self._load(seed=options["seed"], scale=options["scale"])

    def _load(self, *, seed: int, scale: str) -> None:
        plan = build_plan(seed, scale)
        self.stdout.write(
            f"Loading the {scale} demo (seed {seed}): {len(plan.counties)} counties, "
            f"{len(plan.regions):,} regions, {len(plan.agencies):,} agencies, "
            f"{len(plan.logins)} logins, {plan.people:,} people …"
        )
        # Flushed so progress shows as it happens when the output goes to a pipe or a log.
        self.stdout.flush()
        started = time.monotonic()

        def progress(done: int, elapsed: float) -> None:
            self.stdout.write(
                f"  {done:>9,} people  {elapsed:7.1f} s  {done / elapsed:8,.0f} people/s"
            )
            self.stdout.flush()

        result = load_plan(plan, progress=progress)
        elapsed = time.monotonic() - started
        rows = login_rows(plan)
        path = logins_path()
        write_logins(rows, path)
        self._print_logins(rows)
        counts = result.counts
        self.stdout.write(
            f"Regions, agencies and {counts['users']} users: {result.staff_seconds:.1f} s; "
            f"{counts['people']:,} people: {result.people_seconds:.1f} s "
            f"({result.people_per_second:,.0f} people/s)."
        )
        casework = counts["casework"]
        self.stdout.write(
            f"{sum(casework['enrollments'].values()):,} enrollments, "
            f"{casework['contacts']:,} contacts and their deadlines, teams and alerts "
            f"(history from 1 January to {result.today.isoformat()}): "
            f"{result.casework_seconds:.1f} s."
        )
        support = counts["support"]
        self.stdout.write(
            f"{support['needs']:,} support needs, {support['referrals']:,} referrals and their "
            f"consents, steps and notifications: {result.support_seconds:.1f} s."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {elapsed:.1f} s. Logins saved to {path} / 演示数据已载入。"
            )
        )

    def _already_loaded(self) -> None:
        if demo_load_finished():
            self.stdout.write("The demo is already loaded; nothing changed. / 演示数据已载入。")
        elif Region.objects.filter(code=PROVINCE_CODE).exists():
            self.stdout.write(
                self.style.WARNING(
                    "An earlier demo load did not finish (no demo.load audit row). Remove the "
                    "database and run `tongxin demo` again. / 上次载入演示数据未完成,请删除数据库后重试。"
                )
            )
        else:
            self.stdout.write(
                "The database already holds data; no demo loaded. / 数据库已有数据,未载入演示数据。"
            )
        rows = read_logins(logins_path())
        if rows is None:
            self.stdout.write(f"No demo logins file at {logins_path()}.")
            return
        self.stdout.write("Demo logins from the earlier load / 演示账号:")
        self._print_logins(rows)

    def _print_logins(self, rows: list[dict[str, str]]) -> None:
        header = ["username", "password", "机构类别", "机构", "区划", "角色"]
        table = [header] + [
            [
                row["username"],
                row["password"],
                kind_label(row["agency_kind"]),
                row["agency_name"],
                row["region_code"],
                _role_label(row["role"]),
            ]
            for row in rows
        ]
        widths = [max(_width(line[i]) for line in table) for i in range(len(header))]
        for line in table:
            self.stdout.write(
                "  ".join(
                    cell + " " * (width - _width(cell))
                    for cell, width in zip(line, widths, strict=True)
                ).rstrip()
            )


def _role_label(role: str) -> str:
    if role == SUPERUSER_ROLE:
        return "超级管理员"
    return str(Role(role).label) if role in Role.values else role


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two, so the table lines up."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
