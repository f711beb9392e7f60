"""``tongxin synthetic-roster``: a roster with known truth, drawn from the demo registry.

    tongxin synthetic-roster --people 100000 --out roster.xlsx --truth truth.json --seed 1

For measuring the linkage (tongxin/rosters/synthetic.py). It copies ID numbers of the
registry into a file, so it runs on a demo database only (one loaded by ``tongxin demo``),
and writes one audit row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.audit.record import Actor, record_disclosure
from tongxin.demo.load import demo_load_finished
from tongxin.people.models import Person
from tongxin.rosters.synthetic import Mix, synthetic_roster, write_roster, write_truth


class Command(BaseCommand):
    help = (
        "Write a synthetic roster with known truth from the demo registry / 生成带真值的模拟名单."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="rows of the roster")
        parser.add_argument("--out", type=Path, required=True, help="the roster (.xlsx or .csv)")
        parser.add_argument("--truth", type=Path, required=True, help="the truth (.json)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--in-registry",
            type=float,
            default=Mix().in_registry,
            help="share of rows that are registry people (default 0.8)",
        )

    def handle(
        self,
        *args: Any,
        people: int,
        out: Path,
        truth: Path,
        seed: int,
        in_registry: float,
        **options: Any,
    ) -> None:
        if not demo_load_finished():
            raise CommandError(
                "This database was not loaded by `tongxin demo`; synthetic rosters copy ID "
                "numbers into a file and are made from demo data only. / 仅可用于演示数据库。"
            )
        if people < 1 or not 0.0 <= in_registry <= 1.0:
            raise CommandError("--people must be ≥ 1 and --in-registry between 0 and 1.")
        try:
            roster = synthetic_roster(
                Person.objects.all(), people=people, seed=seed, mix=Mix(in_registry=in_registry)
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        write_roster(out, roster.people)
        write_truth(truth, roster)
        real = sum(row.truth_id is not None for row in roster.rows)
        record_disclosure(
            actor=Actor.cli(),
            action="rosters.synthetic_roster",
            object_type="demo",
            object_ids=[],
            details={"rows": len(roster.rows), "registry_rows": real, "seed": seed},
        )
        self.stdout.write(
            f"{out}: {len(roster.rows)} rows ({real} registry people); truth in {truth}. / "
            "已生成模拟名单。"
        )
