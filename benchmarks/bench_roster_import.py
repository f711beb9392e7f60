"""Import one generated release notice of N rows with tongxin and with django-import-export,
side by side in one run, each into a fresh database.

The file is written once (``var/bench/roster-<N>.xlsx``, xlsxwriter) and the same bytes go to
each contender, in a subprocess of its own with a fresh data directory (SQLite) or a flushed
database (``--postgres``, the database named by DATABASE_URL):

- ``tongxin``: ``tongxin.rosters.importing.import_roster`` end to end, as ``tongxin
  import-roster`` runs it — upload checks, calamine, cleaning, matching, then one transaction
  with the people, their 安置帮教 enrollments, deadlines, level history, the row report and
  the audit row. Phases: ``read+clean`` and ``commit``.
- ``import-export``: django-import-export's ``ModelResource`` for the same ``Person`` model,
  as its admin runs a confirmed import: the file read with its ``XLSX`` format (openpyxl),
  then ``import_data(dry_run=False, use_transactions=True)``. Each row gets the same cleaning
  a person needs (the ID number checked and normalised, its blind index, name pinyin, birth
  date and sex from the number); existing people are found by the ID blind index
  (``import_id_fields``). It writes only people: no enrollments, deadlines, report or audit.
  Its admin would also run a dry run first; that is not counted.
- ``import-export-bulk``: the same with its documented fast path, ``use_bulk=True`` and
  ``skip_diff=True`` (``bulk_create`` per 1,000 rows, no signals, no per-row diff).
- ``import-export-casework``: django-import-export doing tongxin's work: the person as in
  ``import-export``, then, in its ``after_save_instance`` hook, the row's 安置帮教 handover
  opened by the program's own action (``programs.actions.enroll_person``: details cleaned,
  enrollment, level history, deadlines, audit row), as a team would write it. This is the
  comparison on the same output; the two above are django-import-export's best cases.

    make bench-install        # django-import-export (and Splink for bench_linkage.py)
    .venv/bin/python benchmarks/bench_roster_import.py --rows 100000
    .venv/bin/python benchmarks/bench_roster_import.py --rows 10000 --only tongxin --profile 30
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongxin_bench_import \\
        .venv/bin/python benchmarks/bench_roster_import.py --postgres

The target (issue 5): tongxin ≥ 20× faster than django-import-export on 100,000 rows.
Results also go to benchmarks/out/roster-import-<time>.json.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
OUT = ROOT / "benchmarks" / "out"
GIVEN_CHARACTERS = "建国军华明伟强平丽秀英芳红霞磊洋勇杰涛超静敏燕婷宇浩然子轩梓涵"
CONTENDERS = ("tongxin", "import-export-casework", "import-export", "import-export-bulk")
TARGET_RATIO = 20


def write_workbook(rows: int, released: dt.date, path: Path) -> None:
    """A release notice of ``rows`` distinct valid people (seeded: the same file every run)."""
    import xlsxwriter

    sys.path.insert(0, str(ROOT))
    from tongxin.demo.names import SURNAMES
    from tongxin.lib.resident_id import make_number

    rng = random.Random(1)
    surnames = [surname for surname, _weight in SURNAMES]
    weights = [weight for _surname, weight in SURNAMES]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
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
        sheet.write_number(index + 1, 0, index + 1)
        sheet.write_string(index + 1, 1, name)
        sheet.write_string(index + 1, 2, number)
        sheet.write_string(index + 1, 3, "男" if sex == "M" else "女")
        sheet.write_datetime(index + 1, 4, dt.datetime.combine(released, dt.time()), date_format)
        sheet.write_string(index + 1, 5, "某某监狱")
    book.close()


def _setup(contender: str, postgres: bool) -> Any:
    """A fresh database with one county, one 司法所 and its worker; returns the worker."""
    data_dir = BENCH_DIR / f"roster-import-{contender}-{'pg' if postgres else 'sqlite'}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    os.environ["TONGXIN_DATA_DIR"] = str(data_dir)
    if not postgres:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    # DEBUG keeps every query's SQL in memory: a cost no server pays.
    os.environ["TONGXIN_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tongxin.organisation.models import Agency, AgencyKind, Membership, Region, RegionLevel

    call_command("migrate", "--noinput", verbosity=0)
    if postgres:
        call_command("flush", "--noinput", verbosity=0)
    county = Region.objects.create(code="990101", name="基准县", level=RegionLevel.COUNTY)
    town = Region.objects.create(
        code="990101001", name="基准镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    office = Agency.objects.create(name="基准镇司法所", kind=AgencyKind.JUSTICE_OFFICE, region=town)
    user = get_user_model().objects.create_user(username="bench_worker")
    Membership.objects.create(user=user, agency=office, role="worker", jurisdiction=town)
    return user


def run_tongxin(content: bytes, user: Any) -> dict[str, Any]:
    from tongxin.audit.record import Actor
    from tongxin.rosters import importing
    from tongxin.rosters.reading import RosterKind

    phases: dict[str, float] = {}
    original_prepare = importing._prepare

    def timed_prepare(*args: object, **kwargs: object) -> object:
        begin = time.perf_counter()
        try:
            return original_prepare(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            phases["read+clean"] = time.perf_counter() - begin

    importing._prepare = timed_prepare  # type: ignore[assignment]
    begin = time.perf_counter()
    result = importing.import_roster(
        actor=Actor.cli(user),
        content=content,
        file_name="bench.xlsx",
        kind=RosterKind.RELEASE_NOTICE,
    )
    total = time.perf_counter() - begin
    phases["commit"] = total - phases["read+clean"]
    return {"total_s": total, "phases": phases, "status": result.batch.status}


def run_import_export(content: bytes, user: Any, bulk: bool, casework: bool) -> dict[str, Any]:
    from import_export import fields, resources, widgets
    from import_export.formats.base_formats import XLSX

    from tongxin.audit.record import Actor
    from tongxin.lib import resident_id
    from tongxin.lib.name_keys import name_keys
    from tongxin.organisation.models import Agency
    from tongxin.people.actions import id_number_index
    from tongxin.people.models import Person
    from tongxin.programs.actions import enroll_person
    from tongxin.rosters.importing import started_on
    from tongxin.rosters.mapping import map_details
    from tongxin.rosters.reading import RosterKind

    office = Agency.objects.get()
    actor = Actor.cli(user)

    class PersonResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="身份证号码")
        id_number_index = fields.Field(attribute="id_number_index", column_name="id_number_index")
        sex = fields.Field(attribute="sex", column_name="sex")
        birth_date = fields.Field(
            attribute="birth_date", column_name="birth_date", widget=widgets.DateWidget()
        )
        name_pinyin = fields.Field(attribute="name_pinyin", column_name="name_pinyin")
        name_initials = fields.Field(attribute="name_initials", column_name="name_initials")

        class Meta:
            model = Person
            fields = (
                "name",
                "id_number",
                "id_number_index",
                "sex",
                "birth_date",
                "name_pinyin",
                "name_initials",
            )
            import_id_fields = ("id_number_index",)
            use_bulk = bulk
            skip_diff = bulk

        def before_import(self, dataset: Any, **kwargs: Any) -> None:
            # The derived columns must be headers before the import checks import_id_fields;
            # before_import_row fills them in for each row.
            for header in ("id_number_index", "sex", "birth_date", "name_pinyin", "name_initials"):
                dataset.append_col([""] * dataset.height, header=header)

        def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
            parsed = resident_id.parse(str(row["身份证号码"]))
            keys = name_keys(str(row["姓名"]))
            row["身份证号码"] = parsed.number
            row["id_number_index"] = id_number_index(parsed.number)
            row["sex"] = parsed.sex
            row["birth_date"] = parsed.birth_date
            row["name_pinyin"], row["name_initials"] = keys.full, keys.initials

        def after_save_instance(self, instance: Person, row: Any, **kwargs: Any) -> None:
            if not casework or kwargs.get("dry_run"):
                return
            released = row["刑满释放日期"]
            values = {
                "release_date": released.date() if isinstance(released, dt.datetime) else released,
                "prison": row["服刑监狱"],
            }
            details, errors, _notes = map_details(RosterKind.RELEASE_NOTICE, values)
            if errors or details is None:
                raise ValueError(errors)
            enroll_person(
                actor=actor,
                person_uuid=instance.uuid,
                program="reentry",
                details=details,
                started_on=started_on(RosterKind.RELEASE_NOTICE, details),
            )

        def init_instance(self, row: Any = None) -> Person:
            # A new person belongs to the importing 司法所, as in tongxin's import.
            return Person(
                residence_region_id=office.region_id,
                owner_agency=office,
                owner_sector=office.sector,
                created_by=user,
            )

    begin = time.perf_counter()
    dataset = XLSX().create_dataset(content)
    read_s = time.perf_counter() - begin
    result = PersonResource().import_data(dataset, dry_run=False, use_transactions=True)
    total = time.perf_counter() - begin
    errors = [str(error.error) for error in result.base_errors] + [
        f"row {row_number}: {error.error!r}"
        for row_number, row_errors in result.row_errors()
        for error in row_errors
    ]
    errors += [str(invalid.error_dict) for invalid in result.invalid_rows]
    if errors:
        print("\n".join(errors[:5]), file=sys.stderr)
    return {
        "total_s": total,
        "phases": {"read": read_s, "import_data": total - read_s},
        "status": "errors" if result.has_errors() or result.has_validation_errors() else "ok",
    }


def measure(contender: str, file: Path, postgres: bool, profile: int) -> dict[str, Any]:
    user = _setup(contender, postgres)
    content = file.read_bytes()
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    if contender == "tongxin":
        result = run_tongxin(content, user)
    else:
        result = run_import_export(
            content,
            user,
            bulk=contender == "import-export-bulk",
            casework=contender == "import-export-casework",
        )
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(
            os.environ.get("BENCH_SORT", "cumulative")
        ).print_stats(profile)
    from django.db import connection

    from tongxin.people.models import Person
    from tongxin.programs.models import Enrollment

    return {
        "contender": contender,
        "backend": connection.vendor,
        "people": Person.objects.count(),
        "enrollments": Enrollment.objects.count(),
        **result,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=CONTENDERS, action="append", help="run only these")
    parser.add_argument("--postgres", action="store_true", help="the database in DATABASE_URL")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest calls")
    parser.add_argument("--measure", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(measure(options.measure, options.file, options.postgres, options.profile)))
        return

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    file = BENCH_DIR / f"roster-{options.rows}.xlsx"
    released = dt.date.today() + dt.timedelta(days=20)
    started = time.perf_counter()
    write_workbook(options.rows, released, file)
    print(
        f"workbook: {options.rows:,} rows, {file.stat().st_size / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s to write (not timed)",
        flush=True,
    )
    results = []
    for contender in options.only or CONTENDERS:
        extra = ["--postgres"] if options.postgres else []
        if options.profile:
            extra += ["--profile", str(options.profile)]
        # Fixed argv: this interpreter and this script.
        output = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure", contender, "--file", str(file), *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0:
            sys.exit(f"{contender} failed:\n{output.stdout}\n{output.stderr}")
        if options.profile:
            print(output.stderr)
        result = json.loads(output.stdout.strip().splitlines()[-1])
        results.append(result)
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result["phases"].items())
        print(
            f"{contender:>19} ({result['backend']}): {result['total_s']:8.1f} s "
            f"({options.rows / result['total_s']:,.0f} rows/s; {phases}); "
            f"{result['people']:,} people, {result['enrollments']:,} enrollments, "
            f"{result['status']}",
            flush=True,
        )
    ours = next((r for r in results if r["contender"] == "tongxin"), None)
    if ours:
        for other in results:
            if other is not ours:
                ratio = other["total_s"] / ours["total_s"]
                verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
                print(
                    f"tongxin is {ratio:.1f}× faster than {other['contender']} "
                    f"({verdict} the {TARGET_RATIO}× target)"
                )
    OUT.mkdir(parents=True, exist_ok=True)
    out_file = OUT / f"roster-import-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_file.write_text(json.dumps({"rows": options.rows, "results": results}, indent=2))
    print(f"written to {out_file.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
