"""Writing a demo plan into the database, and the demo-logins file.

Regions, agencies and staff go in one transaction; people follow county by county with
``bulk_create`` in batches, one transaction per batch, so SQLite's WAL stays small at a
million rows; after each county's people, its casework (``tongxin.demo.programs``: a year of
enrollments, contacts, deadlines, teams …) in one transaction, then its support work
(``tongxin.demo.support``: needs, consents, referrals …) in another. The single ``demo.load`` audit
row is written last: its presence marks a finished load (a bulk load is audited once, not
once per person or case), and it carries the row counts.

``bulk_create`` bypasses ``Model.save()``, so what ``save()`` and the action functions would
compute is computed here: ``Region.path``, the pinyin name keys, the blind indexes. Encrypted
fields need nothing: ``bulk_create`` prepares every value through ``get_prep_value``, which
encrypts (the on-disk test checks the raw file).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor, record_change
from tongxin.demo.generate import SUPERUSER_ROLE, DemoPlan, PersonSpec, _PeopleFactory
from tongxin.demo.load_programs import CaseworkWriter
from tongxin.demo.load_support import SupportWriter
from tongxin.demo.programs import (
    PersonFacts,
    StaffDirectory,
    StaffSpec,
    person_facts,
    plan_casework,
    staff_without_login,
)
from tongxin.demo.support import plan_support
from tongxin.lib.name_keys import NameKeys, name_keys
from tongxin.organisation.models import (
    Agency,
    AgencyKind,
    Membership,
    Region,
    RegionLevel,
    Role,
)
from tongxin.people.actions import id_number_index, phone_index
from tongxin.people.models import Person

AUDIT_ACTION = "demo.load"
LOGINS_FILE = "demo-logins.json"
BATCH_SIZE = 5_000
LOGIN_KEYS = ("username", "password", "agency_kind", "agency_name", "region_code", "role")

ProgressCallback = Callable[[int, float], None]


@dataclass(frozen=True)
class LoadResult:
    counts: dict[str, Any]
    staff_seconds: float  # regions, agencies and users (password hashing dominates)
    people_seconds: float
    casework_seconds: float  # planning and inserting the programs' rows
    support_seconds: float  # planning and inserting needs, consents and referrals
    today: dt.date  # the reference date of the casework history

    @property
    def people_per_second(self) -> float:
        return self.counts["people"] / self.people_seconds if self.people_seconds else 0.0


def database_has_data() -> bool:
    """Anything a demo load would collide with or mix into: regions, agencies, people, users."""
    return (
        Region.objects.exists()
        or Agency.objects.exists()
        or Person.objects.exists()
        or get_user_model().objects.exists()
    )


def demo_load_finished() -> bool:
    return AuditEvent.objects.filter(action=AUDIT_ACTION).exists()


def logins_path() -> Path:
    return Path(settings.DATA_DIR) / LOGINS_FILE


def load_plan(
    plan: DemoPlan,
    *,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
    progress_every: int = 50_000,
    batch_size: int = BATCH_SIZE,
) -> LoadResult:
    """Insert the plan, its people and their casework as of ``today`` (default: the local
    date); return the row counts (also written to the audit row).

    Steps: regions level by level (a child needs its parent's id); agencies; users with their
    memberships (demo logins, and caseworkers without a password in the other counties);
    then, county by county, the people in batches, the county's casework and its support
    work; finally the ``demo.load`` audit row.
    """
    today = today or timezone.localdate()
    started = time.monotonic()
    staff = staff_without_login(plan)
    with transaction.atomic():
        region_ids = _insert_regions(plan)
        agency_ids = _insert_agencies(plan, region_ids)
        user_ids, memberships = _insert_logins(plan, agency_ids)
        staff_ids, staff_memberships = _insert_staff(staff, agency_ids)
        user_ids.update(staff_ids)
    people_started = time.monotonic()
    writer = CaseworkWriter(agency_ids, user_ids)
    support_writer = SupportWriter(agency_ids, user_ids)
    with _bulk_write_settings():
        people, casework_seconds, support_seconds = _insert_people(
            plan,
            region_ids,
            agency_ids,
            writer=writer,
            support_writer=support_writer,
            directory=StaffDirectory(plan, staff),
            today=today,
            progress=progress,
            progress_every=progress_every,
            batch_size=batch_size,
            started=people_started,
        )
        support_writer.finish()
        writer.finish()
    people_seconds = time.monotonic() - people_started - casework_seconds - support_seconds
    counts: dict[str, Any] = {
        "regions": len(region_ids),
        "counties": len(plan.counties),
        "townships": sum(len(county.townships) for county in plan.counties),
        "agencies": len(agency_ids),
        "users": len(user_ids),
        "memberships": memberships + staff_memberships,
        "people": people,
        "casework": writer.counts(),
        "support": support_writer.counts(),
    }
    record_change(
        actor=Actor.cli(),
        action=AUDIT_ACTION,
        object_type="demo",
        object_ids=[county.region.code for county in plan.counties],
        details={
            "seed": plan.seed,
            "scale": plan.scale,
            "today": today.isoformat(),
            "counts": counts,
        },
    )
    return LoadResult(
        counts,
        people_started - started,
        people_seconds,
        casework_seconds,
        support_seconds,
        today,
    )


@contextmanager
def _bulk_write_settings() -> Iterator[None]:
    """On SQLite, a large page cache and no fsync for this connection while people load.

    Eight indexes on the person table take random inserts; SQLite's default 2 MB cache makes
    each one a read from the OS. ``synchronous=OFF`` skips the fsync of each WAL checkpoint:
    an application crash still leaves a consistent database, only a power cut could corrupt
    it, and the load goes into an empty database that is simply made again. Both are
    per-connection and restored afterwards. (Measured on 2 cores, 320k people: 2,700/s with
    the defaults, 3,350/s with these.) Inside a caller's transaction (tests) SQLite refuses
    to change ``synchronous``, and nothing is changed.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous")
        (synchronous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")


def _insert_regions(plan: DemoPlan) -> dict[str, int]:
    ids: dict[str, int] = {}
    for level in (
        RegionLevel.PROVINCE,
        RegionLevel.CITY,
        RegionLevel.COUNTY,
        RegionLevel.TOWNSHIP,
        RegionLevel.VILLAGE,
    ):
        rows = [
            Region(
                code=spec.code,
                name=spec.name,
                level=spec.level,
                path=spec.path,
                parent_id=ids[spec.parent_code] if spec.parent_code else None,
            )
            for spec in plan.regions
            if spec.level == level
        ]
        for region in Region.objects.bulk_create(rows):
            ids[region.code] = region.pk
    return ids


def _insert_agencies(plan: DemoPlan, region_ids: dict[str, int]) -> dict[str, int]:
    rows = [
        Agency(name=spec.name, kind=spec.kind, region_id=region_ids[spec.region_code])
        for spec in plan.agencies
    ]
    created = Agency.objects.bulk_create(rows)
    return {spec.key: agency.pk for spec, agency in zip(plan.agencies, created, strict=True)}


def _insert_logins(plan: DemoPlan, agency_ids: dict[str, int]) -> tuple[dict[str, int], int]:
    """Create the users (validated, hashed) and one membership each over its agency's region;
    return the user ids by username and the number of memberships.

    Argon2 takes about 0.2 s a hash and releases the GIL, so hashes run on a thread per core.
    """
    user_model = get_user_model()
    users = []
    for spec in plan.logins:
        superuser = spec.role == SUPERUSER_ROLE
        user = user_model(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            is_staff=superuser,
            is_superuser=superuser,
        )
        # The generated passwords must pass the same validators a person's would.
        password_validation.validate_password(spec.password, user)
        users.append(user)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        hashes = list(pool.map(make_password, [spec.password for spec in plan.logins]))
    for user, hashed in zip(users, hashes, strict=True):
        user.password = hashed
    created = user_model.objects.bulk_create(users)
    agency_regions = dict(
        Agency.objects.filter(pk__in=agency_ids.values()).values_list("pk", "region_id")
    )
    memberships = [
        Membership(
            user_id=user.pk,
            agency_id=agency_ids[spec.agency_key],
            role=spec.role,
            jurisdiction_id=agency_regions[agency_ids[spec.agency_key]],
        )
        for spec, user in zip(plan.logins, created, strict=True)
        if spec.agency_key is not None
    ]
    Membership.objects.bulk_create(memberships)
    return {user.get_username(): user.pk for user in created}, len(memberships)


def _insert_staff(staff: list[StaffSpec], agency_ids: dict[str, int]) -> tuple[dict[str, int], int]:
    """Caseworkers of the other counties: users with an unusable password (no hashing; an
    administrator sets a password when someone needs to sign in) and a worker membership."""
    user_model = get_user_model()
    users = []
    for spec in staff:
        user = user_model(
            username=spec.username, first_name=spec.first_name, last_name=spec.last_name
        )
        user.set_unusable_password()
        users.append(user)
    created = user_model.objects.bulk_create(users)
    agency_regions = dict(
        Agency.objects.filter(pk__in=agency_ids.values()).values_list("pk", "region_id")
    )
    memberships = [
        Membership(
            user_id=user.pk,
            agency_id=agency_ids[spec.agency_key],
            role=Role.WORKER,
            jurisdiction_id=agency_regions[agency_ids[spec.agency_key]],
        )
        for spec, user in zip(staff, created, strict=True)
    ]
    Membership.objects.bulk_create(memberships)
    return {user.get_username(): user.pk for user in created}, len(memberships)


def _insert_people(
    plan: DemoPlan,
    region_ids: dict[str, int],
    agency_ids: dict[str, int],
    *,
    writer: CaseworkWriter,
    support_writer: SupportWriter,
    directory: StaffDirectory,
    today: dt.date,
    progress: ProgressCallback | None,
    progress_every: int,
    batch_size: int,
    started: float,
) -> tuple[int, float, float]:
    """People county by county (the order of ``iter_people``), each county's casework and
    support work after its people; return the people inserted and the seconds spent on
    casework and on support.

    Planning a county's casework on a second thread while the main thread inserts was
    tried and made the province load on SQLite slower (830 s against 709 s), most likely
    because every insert that lets go of the GIL then waits for the planner to give it back.
    """
    keys_by_name: dict[str, NameKeys] = {}  # many people share a name; pinyin is the cost
    factory = _PeopleFactory(plan)
    done = 0
    casework_seconds = support_seconds = 0.0
    next_report = progress_every
    for county_index, county in enumerate(plan.counties):
        batch: list[Person] = []
        facts: list[PersonFacts] = []
        ids: list[int] = []
        for spec in factory.county(county):
            keys = keys_by_name.get(spec.name)
            if keys is None:
                keys = keys_by_name[spec.name] = name_keys(spec.name)
            batch.append(_person(spec, keys, region_ids, agency_ids))
            facts.append(person_facts(spec))
            if len(batch) >= batch_size:
                ids.extend(_flush(batch))
                done += len(batch)
                batch = []
                if progress is not None and done >= next_report:
                    # The people phase alone: casework time is reported on its own.
                    progress(done, time.monotonic() - started - casework_seconds - support_seconds)
                    next_report += progress_every
        if batch:
            ids.extend(_flush(batch))
            done += len(batch)
        casework_started = time.monotonic()
        casework = plan_casework(plan, county_index, facts, today, directory)
        enrollment_ids = writer.write(casework, ids)
        support_started = time.monotonic()
        casework_seconds += support_started - casework_started
        support_writer.write(plan_support(plan, casework, facts, directory), ids, enrollment_ids)
        support_seconds += time.monotonic() - support_started
    return done, casework_seconds, support_seconds


def _flush(batch: list[Person]) -> list[int]:
    """Insert a batch; the ids come back from the insert (RETURNING on both backends)."""
    with transaction.atomic():
        Person.objects.bulk_create(batch)
    return [person.pk for person in batch]


def _person(
    spec: PersonSpec, keys: NameKeys, region_ids: dict[str, int], agency_ids: dict[str, int]
) -> Person:
    return Person(
        uuid=spec.uuid,
        name=spec.name,
        former_name=spec.former_name,
        name_pinyin=keys.full,
        name_initials=keys.initials,
        name_pinyin_variants=keys.variants_text,
        sex=spec.sex,
        birth_date=spec.birth_date,
        id_number=spec.id_number,
        id_number_index=id_number_index(spec.id_number),
        phone=spec.phone,
        phone_index=phone_index(spec.phone),
        ethnicity=spec.ethnicity,
        education=spec.education,
        occupation=spec.occupation,
        household_region_id=(
            region_ids[spec.household_region_code] if spec.household_region_code else None
        ),
        household_address=spec.household_address,
        residence_region_id=region_ids[spec.residence_region_code],
        residence_address=spec.residence_address,
        family_contacts=spec.family_contacts,
        is_sealed_minor=spec.is_sealed_minor,
        is_restricted=spec.is_restricted,
        owner_agency_id=agency_ids[spec.owner_agency_key],
        owner_sector=spec.owner_sector,
    )


# --- The logins file ------------------------------------------------------------------------


def login_rows(plan: DemoPlan) -> list[dict[str, str]]:
    agencies = {agency.key: agency for agency in plan.agencies}
    rows = []
    for spec in plan.logins:
        agency = agencies[spec.agency_key] if spec.agency_key else None
        rows.append(
            {
                "username": spec.username,
                "password": spec.password,
                "agency_kind": agency.kind if agency else "",
                "agency_name": agency.name if agency else "",
                "region_code": agency.region_code if agency else "",
                "role": spec.role,
            }
        )
    return rows


def write_logins(rows: list[dict[str, str]], path: Path) -> None:
    """Write atomically, readable by the owner only: the file holds plaintext passwords."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".demo-logins-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, ensure_ascii=False, indent=2)
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        os.unlink(tmp_name)
        raise


def read_logins(path: Path) -> list[dict[str, str]] | None:
    """The rows of an earlier load, or None when the file is missing or not ours."""
    try:
        loaded: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(loaded, list) or not all(
        isinstance(row, dict) and set(LOGIN_KEYS) <= set(row) for row in loaded
    ):
        return None
    return [{key: str(row[key]) for key in LOGIN_KEYS} for row in loaded]


def kind_label(kind: str) -> str:
    return str(AgencyKind(kind).label) if kind in AgencyKind.values else kind
