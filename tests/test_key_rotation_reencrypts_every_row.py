"""`tongxin rotate-keys` moves every encrypted value to the current key, audited."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection

from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.people.models import Person


def stored_key_ids() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_person")
        return {value.split("$")[0] for row in cursor.fetchall() for value in row if value}


def test_rotation_moves_all_rows_to_the_new_key(world: World, settings: object) -> None:
    before = {p.pk: (p.id_number, p.phone) for p in Person.objects.all()}
    assert stored_key_ids() == {"k1"} or len(stored_key_ids()) == 1
    settings.TONGXIN_FIELD_KEYS = {"k7": b"7" * 32, **settings.TONGXIN_FIELD_KEYS}  # type: ignore[attr-defined]
    settings.TONGXIN_FIELD_KEY_ID = "k7"  # type: ignore[attr-defined]
    call_command("rotate-keys", stdout=StringIO())
    assert stored_key_ids() == {"k7"}
    assert {p.pk: (p.id_number, p.phone) for p in Person.objects.all()} == before
    event = AuditEvent.objects.get(action="keys.rotate", object_type="people.Person")
    assert event.details["rows"] == 3
    out = StringIO()
    call_command("rotate-keys", "--dry-run", stdout=out)
    assert "people.Person: 0 rows" in out.getvalue()
