"""Time ``tongxin import-roster``'s work on a generated release notice of N rows.

Runs in a fresh data directory (``var/bench/roster-import-sqlite/``, or the database named
by DATABASE_URL with ``--postgres``): migrate, one county with one 司法所 and its worker,
optionally a registry of people already there (``--existing``, a share of the file's people
registered beforehand, so some rows match), then times the phases of one import:

- ``read+clean``: upload checks, calamine, cleaning and validation of every row;
- ``commit``: the one transaction (matching, people, enrollments, deadlines, level history,
  the row report, the audit row);
- ``total``: ``import_roster`` end to end.

    .venv/bin/python benchmarks/bench_roster_import.py --rows 10000
    .venv/bin/python benchmarks/bench_roster_import.py --rows 100000 --existing 0.1
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "var" / "bench" / "roster-import-sqlite"
GIVEN_CHARACTERS = "建国军华明伟强平丽秀英芳红霞磊洋勇杰涛超静敏燕婷宇浩然子轩梓涵"


def _setup(postgres: bool) -> None:
    if not postgres:
        os.environ.pop("DATABASE_URL", None)
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        DATA_DIR.mkdir(parents=True)
        os.environ["TONGXIN_DATA_DIR"] = str(DATA_DIR)
    else:
        os.environ.setdefault("TONGXIN_DATA_DIR", str(DATA_DIR.with_name("roster-import-pg")))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    # DEBUG keeps every query's SQL in memory: a cost no server pays.
    os.environ["TONGXIN_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if postgres:
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)


def _workbook(rows: int, released: dt.date) -> tuple[bytes, list[tuple[str, str, dt.date]]]:
    import xlsxwriter

    from tongxin.demo.names import SURNAMES
    from tongxin.lib.resident_id import make_number

    people = []
    rng = random.Random(1)
    surnames = [surname for surname, _weight in SURNAMES]
    weights = [weight for _surname, weight in SURNAMES]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("名单")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["序号", "姓名", "身份证号码", "性别", "刑满释放日期", "服刑监狱"])
    for index in range(rows):
        sex = "M" if index % 5 else "F"
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=(index * 37) % 16000)
        given = "".join(rng.choices(GIVEN_CHARACTERS, k=rng.choice((1, 2))))
        name = rng.choices(surnames, weights)[0] + given
        # (birth date, sequence) is unique for every index: 16,000 birth dates per sequence.
        number = make_number("110101", birth, 2 * (index // 16000) + 1, sex)
        people.append((name, number, birth))
        sheet.write_number(index + 1, 0, index + 1)
        sheet.write_string(index + 1, 1, name)
        sheet.write_string(index + 1, 2, number)
        sheet.write_string(index + 1, 3, "男" if sex == "M" else "女")
        sheet.write_datetime(index + 1, 4, dt.datetime.combine(released, dt.time()), date_format)
        sheet.write_string(index + 1, 5, "某某监狱")
    book.close()
    return buffer.getvalue(), people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--existing", type=float, default=0.0, help="share already registered")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    options = parser.parse_args()
    _setup(options.postgres)

    from django.contrib.auth import get_user_model

    from tongxin.audit.record import Actor
    from tongxin.organisation.models import Agency, AgencyKind, Membership, Region, RegionLevel
    from tongxin.people.actions import id_number_index
    from tongxin.people.models import Person
    from tongxin.rosters import importing
    from tongxin.rosters.reading import RosterKind

    county = Region.objects.create(code="990101", name="基准县", level=RegionLevel.COUNTY)
    town = Region.objects.create(
        code="990101001", name="基准镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    office = Agency.objects.create(name="基准镇司法所", kind=AgencyKind.JUSTICE_OFFICE, region=town)
    user = get_user_model().objects.create_user(username="bench_worker")
    Membership.objects.create(user=user, agency=office, role="worker", jurisdiction=town)

    released = dt.date.today() + dt.timedelta(days=20)
    started = time.perf_counter()
    content, people = _workbook(options.rows, released)
    print(
        f"workbook: {options.rows} rows, {len(content) / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s to write"
    )
    existing = int(options.rows * options.existing)
    if existing:
        Person.objects.bulk_create(
            Person(
                name=name,
                name_pinyin="",
                name_initials="",
                sex="M",
                birth_date=birth,
                id_number=number,
                id_number_index=id_number_index(number),
                residence_region=town,
                owner_agency=office,
                owner_sector=office.sector,
            )
            for name, number, birth in people[:existing]
        )

    actor = Actor.cli(user)
    phases: dict[str, float] = {}
    original_prepare = importing._prepare

    def timed_prepare(*args: object, **kwargs: object) -> object:
        begin = time.perf_counter()
        try:
            return original_prepare(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            phases["read+clean"] = time.perf_counter() - begin

    importing._prepare = timed_prepare  # type: ignore[assignment]
    profiler = cProfile.Profile() if options.profile else None
    begin = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    result = importing.import_roster(
        actor=actor,
        content=content,
        file_name="bench.xlsx",
        kind=RosterKind.RELEASE_NOTICE,
    )
    total = time.perf_counter() - begin
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(options.profile)
    phases["commit"] = total - phases["read+clean"]
    phases["total"] = total
    print(f"status: {result.batch.status}; counts: {result.batch.counts}")
    for phase, seconds in phases.items():
        print(f"{phase:>11}: {seconds:7.1f} s  ({options.rows / seconds:,.0f} rows/s)")


if __name__ == "__main__":
    main()
