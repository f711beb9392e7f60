from django.db import migrations

from tongxin.audit.triggers import create_append_only_triggers, drop_append_only_triggers


def forwards(apps, schema_editor):
    create_append_only_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_append_only_triggers(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS tongxin_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
