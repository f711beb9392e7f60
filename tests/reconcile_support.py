"""A small reconciliation world: the personas' county with open corrections and reentry
cases, and police rosters (公安列管名单) built from its people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tests.personas import COUNTY_CODE, World, person_data
from tests.rosters_support import xlsx_bytes
from tongxin.audit.record import Actor
from tongxin.lib.resident_id import make_number
from tongxin.people.actions import create_person
from tongxin.people.models import Person
from tongxin.programs import actions
from tongxin.programs.models import Enrollment
from tongxin.rosters.reconciling import ReconcileResult, reconcile_roster

TODAY = dt.datetime(2026, 3, 3, 9, 0)
HEADER = ["序号", "姓名", "身份证号码", "性别", "居住地", "人员类别", "所属派出所"]


def act(user: Any) -> Actor:
    return Actor(user=user, channel="cli")


def open_corrections(world: World, person: Person, user: Any) -> Enrollment:
    return actions.enroll_person(
        actor=act(user),
        person_uuid=person.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": "2026-01-05",
            "term_years": 1,
        },
        started_on=dt.date(2026, 1, 5),
    )


def open_reentry(world: World, person: Person, user: Any) -> Enrollment:
    return actions.enroll_person(
        actor=act(user),
        person_uuid=person.uuid,
        program="reentry",
        details={"source": "prison", "released_on": "2026-02-01"},
        started_on=dt.date(2026, 2, 1),
    )


def township_a_person(world: World, name: str, seq: int, birth: dt.date) -> Person:
    return create_person(
        actor=act(world.worker_a), data=person_data(name, world.village_a, birth, seq)
    )


def row_for(
    person: Person,
    *,
    address: str | None = None,
    category: str = "社区矫正对象",
    id_number: str | None = None,
) -> list[Any]:
    return [
        person.name,
        id_number or person.id_number,
        "男" if person.sex == "M" else "女",
        person.residence_address if address is None else address,
        category,
        "东城派出所",
    ]


def stranger_row(name: str, seq: int, address: str, birth: dt.date = dt.date(1988, 8, 8)) -> list:
    return [name, make_number(COUNTY_CODE, birth, seq, "M"), "男", address, "刑满释放人员", ""]


def police_roster(rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER) -> bytes:
    """A police roster workbook: a title, the header, one numbered row each."""
    grid: list[Sequence[Any]] = [["东城派出所重点人员列管名单"], list(header)]
    grid += [[number, *row] for number, row in enumerate(rows, start=1)]
    return xlsx_bytes(grid)


def reconcile(user: Any, content: bytes, **options: Any) -> ReconcileResult:
    return reconcile_roster(act(user), content, file_name="列管名单.xlsx", **options)
