"""Roster files as prisons, courts and police send them, and importing them as a persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tests.rosters_support import xlsx_bytes
from tongxin.audit.record import Actor
from tongxin.lib.resident_id import make_number
from tongxin.rosters.importing import ImportResult, import_roster, prepare_import
from tongxin.rosters.reading import RosterKind

TODAY = dt.datetime(2026, 3, 3, 9, 0)
RELEASED = dt.date(2026, 4, 1)
EFFECTIVE = dt.date(2026, 2, 27)


@dataclass(frozen=True)
class Someone:
    name: str
    birth: dt.date
    sequence: int
    sex: str = "M"
    phone: str = ""

    @property
    def id_number(self) -> str:
        return make_number("110101", self.birth, self.sequence, self.sex)


ZHAO = Someone("赵建国", dt.date(1980, 1, 15), 101)
QIAN = Someone("钱小红", dt.date(1992, 7, 8), 202, "F")
SUN = Someone("孙立", dt.date(1975, 12, 30), 303)


def release_notice(
    people: Sequence[Someone | Sequence[Any]], *, released: dt.date = RELEASED
) -> bytes:
    """A release-notice workbook: a title, the header, one row per person."""
    rows: list[Sequence[Any]] = [
        ["某某监狱刑满释放人员通知书"],
        ["序号", "姓名", "身份证号码", "性别", "刑满释放日期", "罪名", "服刑监狱", "联系电话"],
    ]
    for number, person in enumerate(people, start=1):
        if isinstance(person, Someone):
            rows.append(
                [
                    number,
                    person.name,
                    person.id_number,
                    "男" if person.sex == "M" else "女",
                    released,
                    "盗窃罪",
                    "某某监狱",
                    person.phone or None,
                ]
            )
        else:
            rows.append([number, *person])
    return xlsx_bytes(rows)


def run(
    user: Any,
    content: bytes,
    kind: RosterKind = RosterKind.RELEASE_NOTICE,
    *,
    dry_run: bool = False,
    file_name: str = "名单.xlsx",
    agency: Any = None,
) -> ImportResult:
    return import_roster(
        actor=Actor(user=user, channel="cli"),
        content=content,
        file_name=file_name,
        kind=kind,
        agency=agency,
        dry_run=dry_run,
    )


def preview(
    user: Any, content: bytes, kind: RosterKind = RosterKind.RELEASE_NOTICE
) -> ImportResult:
    return prepare_import(
        actor=Actor(user=user, channel="web"), content=content, file_name="名单.xlsx", kind=kind
    )
