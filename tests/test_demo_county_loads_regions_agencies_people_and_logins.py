"""``tongxin demo`` loads 示范县: a sane region tree, every agency kind, ~1,500 people with
encrypted identifiers, one audit row, and logins that work and see their own township."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from tongxin.access import policy
from tongxin.audit.models import AuditEvent
from tongxin.audit.verify import verify_all
from tongxin.demo.generate import build_plan, iter_people
from tongxin.demo.load import LOGIN_KEYS
from tongxin.organisation.models import (
    Agency,
    AgencyKind,
    Membership,
    Region,
    RegionLevel,
    Role,
    Sector,
)
from tongxin.people.actions import id_number_index, phone_index
from tongxin.people.models import Person

SEED = 3


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> str:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    out = StringIO()
    call_command("demo", seed=SEED, stdout=out)
    return out.getvalue()


def logins(tmp_path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = json.loads((tmp_path / "demo-logins.json").read_text("utf-8"))
    return rows


def test_region_tree_has_twelve_townships_with_villages_and_consistent_paths(demo: str) -> None:
    county = Region.objects.get(level=RegionLevel.COUNTY)
    assert county.name == "示范县"
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP)
    assert townships.count() == 12
    for township in townships:
        assert township.parent == county
        assert 5 <= township.children.count() <= 15
    # A child's code extends the significant digits of its parent's (99 → 9901 → 990121 → …).
    significant = {
        RegionLevel.PROVINCE: 2,
        RegionLevel.CITY: 4,
        RegionLevel.COUNTY: 6,
        RegionLevel.TOWNSHIP: 9,
    }
    for region in Region.objects.select_related("parent"):
        expected = (region.parent.path if region.parent else "/") + f"{region.code}/"
        assert region.path == expected
        if region.parent:
            digits = significant[region.parent.level]
            assert region.code[:digits] == region.parent.code[:digits]


def test_every_agency_kind_exists_and_each_township_has_its_three_agencies(demo: str) -> None:
    assert set(Agency.objects.values_list("kind", flat=True)) == set(AgencyKind.values)
    for township in Region.objects.filter(level=RegionLevel.TOWNSHIP):
        kinds = sorted(township.agencies.values_list("kind", flat=True))
        assert kinds == sorted(
            [
                AgencyKind.JUSTICE_OFFICE,
                AgencyKind.POLICE_STATION,
                AgencyKind.TOWNSHIP_HEALTH_CENTRE,
            ]
        )
    roles = Counter((m.agency.kind, m.role) for m in Membership.objects.select_related("agency"))
    assert roles[(AgencyKind.JUSTICE_OFFICE, Role.WORKER)] == 24
    assert roles[(AgencyKind.JUSTICE_OFFICE, Role.SUPERVISOR)] == 12
    assert roles[(AgencyKind.POLICE_STATION, Role.WORKER)] == 12
    assert roles[(AgencyKind.TOWNSHIP_HEALTH_CENTRE, Role.WORKER)] == 12
    assert roles[(AgencyKind.JUSTICE_BUREAU, Role.AGENCY_ADMIN)] == 1
    assert roles[(AgencyKind.PROCURATORATE, Role.VIEWER)] == 1


def test_people_are_loaded_with_their_owner_sectors_and_encrypted_identifiers(demo: str) -> None:
    assert Person.objects.count() == 1500
    sectors = Counter(Person.objects.values_list("owner_sector", flat=True))
    assert 0.55 < sectors[Sector.JUSTICE] / 1500 < 0.65
    assert 0.15 < sectors[Sector.HEALTH] / 1500 < 0.25
    assert sectors[Sector.POLICE] > 0 and sectors[Sector.CIVIL_AFFAIRS] > 0
    assert Person.objects.filter(is_restricted=True).exists()
    assert Person.objects.filter(is_sealed_minor=True).exists()
    # Township files live in their agency's township; 民政局 files anywhere in the county.
    for person in Person.objects.select_related("residence_region", "owner_agency__region"):
        assert person.residence_region.is_within(person.owner_agency.region)
        assert person.owner_sector == person.owner_agency.sector

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, residence_address FROM people_person")
        raw = cursor.fetchall()
    assert all(value is None or value.startswith("k1$") for row in raw for value in row)

    spec = next(iter_people(build_plan(SEED, "county")))
    stored = Person.objects.get(id_number_index=id_number_index(spec.id_number))
    assert (stored.name, stored.id_number, stored.phone) == (spec.name, spec.id_number, spec.phone)
    assert stored.uuid == spec.uuid
    assert Person.objects.filter(phone_index=phone_index(spec.phone)).count() == 1
    assert stored.name_pinyin and stored.name_initials


def test_one_audit_row_records_the_bulk_load(demo: str) -> None:
    (event,) = AuditEvent.objects.all()
    assert event.action == "demo.load"
    assert event.channel == "cli"
    assert event.object_ids == [Region.objects.get(level=RegionLevel.COUNTY).code]
    assert event.details["seed"] == SEED
    assert event.details["counts"]["people"] == 1500
    assert all(report.ok for report in verify_all())


def test_logins_file_lists_every_user_and_each_password_authenticates(
    demo: str, tmp_path: Path
) -> None:
    rows = logins(tmp_path)
    assert len(rows) == 77
    assert all(tuple(row) == LOGIN_KEYS for row in rows)
    assert oct((tmp_path / "demo-logins.json").stat().st_mode & 0o777) == "0o600"
    request = RequestFactory().post("/accounts/login/")
    for row in rows:
        user = authenticate(request, username=row["username"], password=row["password"])
        assert user is not None, row["username"]
        if row["role"] == "superuser":
            assert user.is_superuser
            continue
        membership = Membership.objects.select_related("agency__region").get(user=user)
        assert membership.role == row["role"]
        assert membership.agency.kind == row["agency_kind"]
        assert membership.agency.name == row["agency_name"]
        assert membership.agency.region.code == row["region_code"]
        assert row["username"] in demo and row["password"] in demo


def test_a_township_worker_sees_only_justice_files_of_their_township(
    demo: str, tmp_path: Path
) -> None:
    row = next(r for r in logins(tmp_path) if r["username"] == "sfs_chengguan_1")
    agency = Agency.objects.get(name=row["agency_name"])
    worker = Membership.objects.get(agency=agency, role=Role.WORKER, user__username=row["username"])
    visible = policy.people_visible_to(worker.user)
    assert visible.exists()
    expected = Person.objects.filter(
        owner_sector=Sector.JUSTICE,
        residence_region__path__startswith=agency.region.path,
        is_restricted=False,
    )
    assert set(visible) == set(expected)
