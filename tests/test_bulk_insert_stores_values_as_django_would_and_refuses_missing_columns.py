"""``BulkInsert`` writes rows that read back through the ORM exactly as saved by Django
(encrypted fields decrypted, dates, UUIDs, JSON), gives each row's id by its uuid, and
refuses a column list that leaves a model column without a value."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection

from tests.personas import World
from tongxin.lib.bulk_insert import BulkInsert
from tongxin.programs.models import Deadline, Enrollment


def test_rows_read_back_as_saved_and_ids_come_back_by_uuid(world: World) -> None:
    names = [field.name for field in Enrollment._meta.concrete_fields]
    names = [name for name in names if name not in {"id", "created_at", "updated_at"}]
    public_id = uuid.uuid4()
    values = {
        "uuid": public_id,
        "person": world.person_a.pk,
        "program": "reentry",
        "status": "pending_handover",
        "level": "ordinary",
        "risk_level": None,
        "category": "prison",
        "owner_agency": world.justice_office_a.pk,
        "responsible_worker": None,
        "started_on": dt.date(2026, 4, 1),
        "planned_end_on": dt.date(2031, 3, 31),
        "ended_on": None,
        "end_reason": "",
        "details_text": '{"released_on": "2026-04-01"}',
        "next_contact_due_on": None,
        "lost_contact_since": None,
        "source_enrollment": None,
        "version": 1,
    }
    ids = BulkInsert(Enrollment, names).insert_returning_ids([tuple(values[n] for n in names)])

    case = Enrollment.objects.get(pk=ids[public_id])
    assert case.uuid == public_id and case.person == world.person_a
    assert case.details == {"released_on": "2026-04-01"}
    assert case.planned_end_on == dt.date(2031, 3, 31) and case.created_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT details_text FROM programs_enrollment WHERE id = %s", [case.pk])
        (stored,) = cursor.fetchone()
    assert "released_on" not in stored and "$" in stored  # key id, then the ciphertext

    BulkInsert(
        Deadline, ["uuid", "enrollment", "code", "due_on", "citation", "status", "met_on"]
    ).insert([(uuid.uuid4(), case.pk, "handover", dt.date(2026, 4, 1), "x", "open", None)])
    assert Deadline.objects.get(enrollment=case).due_on == dt.date(2026, 4, 1)


def test_a_column_left_out_is_refused() -> None:
    with pytest.raises(ValueError, match="Deadline: no value for citation, met_on, status"):
        BulkInsert(Deadline, ["uuid", "enrollment", "code", "due_on"])
