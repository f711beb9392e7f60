"""Refuse UPDATE and DELETE on the audit tables at the database level.

The hash chain detects tampering; these triggers make accidental or casual tampering fail
outright. Someone with DDL rights can drop them, which is why the chain exists too.
"""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_accessevent")


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in TABLES:
                for op in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
                    )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION tongxin_audit_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'audit rows are append-only'; END; $$ LANGUAGE plpgsql;"
            )
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION tongxin_audit_append_only();"
                )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in TABLES:
                for op in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
        elif connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS tongxin_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
