from django.db import migrations

from tongxin.audit.triggers import create_append_only_triggers, drop_append_only_triggers


def forwards(apps, schema_editor):
    create_append_only_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_fill_subject_id")]
    operations = [migrations.RunPython(forwards, backwards)]
