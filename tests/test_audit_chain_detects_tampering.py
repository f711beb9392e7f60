"""Audit rows are append-only and hash-chained; `tongxin audit verify` names the broken row."""

from __future__ import annotations

from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.personas import World
from tongxin.audit import triggers
from tongxin.audit.models import AppendOnlyError, AuditEvent, ChainHead
from tongxin.audit.record import Actor, record_change
from tongxin.audit.verify import verify_all


def drop_append_only_triggers() -> None:
    """Simulate someone with DDL rights: the triggers go, only the hash chain remains."""
    triggers.drop_append_only_triggers(connection)


def verify_output() -> str:
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError:
        return "FAILED\n" + out.getvalue()
    return out.getvalue()


def test_intact_chain_verifies(world: World) -> None:
    assert all(report.ok for report in verify_all())
    assert "BROKEN" not in verify_output()
    assert AuditEvent.objects.filter(action="person.create").count() == 3


def test_each_row_links_to_the_previous_one(world: World) -> None:
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    for previous, row in pairwise(rows):
        assert row.prev_hash == previous.hash


def test_orm_refuses_to_change_or_delete_audit_rows(world: World) -> None:
    row = AuditEvent.objects.first()
    assert row is not None
    row.action = "edited"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


@pytest.mark.django_db
def test_database_triggers_refuse_updates_and_deletes() -> None:
    record_change(actor=Actor.system(), action="x", object_type="t", object_ids=["1"])
    for statement in (
        "UPDATE audit_auditevent SET action = 'edited'",
        "DELETE FROM audit_auditevent",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEvent.objects.get().action == "x"


def test_edited_row_is_named_by_verify(world: World) -> None:
    drop_append_only_triggers()
    target = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET details = %s WHERE id = %s",
            ['{"forged": true}', target.pk],
        )
    output = verify_output()
    assert output.startswith("FAILED")
    assert f"seq={target.seq} id={target.pk}" in output
    assert "edited" in output


def test_deleted_middle_row_is_detected(world: World) -> None:
    drop_append_only_triggers()
    target = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    output = verify_output()
    assert output.startswith("FAILED") and f"seq={target.seq}" in output


def test_deleted_newest_row_is_detected_by_the_chain_head(world: World) -> None:
    drop_append_only_triggers()
    newest = AuditEvent.objects.order_by("-seq").first()
    assert newest is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [newest.pk])
    assert verify_output().startswith("FAILED")


def test_recomputing_a_hash_without_the_key_does_not_help(world: World) -> None:
    import hashlib
    import json

    drop_append_only_triggers()
    target = AuditEvent.objects.order_by("seq")[0]
    content = target.chained_content() | {"details": {"forged": True}}
    forged = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET details = %s, hash = %s WHERE id = %s",
            ['{"forged": true}', forged, target.pk],
        )
    assert verify_output().startswith("FAILED")
    assert ChainHead.objects.get(chain="audit").last_seq == AuditEvent.objects.count()


def test_subject_pointing_at_another_record_is_detected(world: World) -> None:
    drop_append_only_triggers()
    target = AuditEvent.objects.get(action="person.create", subject_id=str(world.person_a.uuid))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET subject_id = %s WHERE id = %s",
            [str(world.person_b.uuid), target.pk],
        )
    output = verify_output()
    assert output.startswith("FAILED") and f"id={target.pk}" in output
