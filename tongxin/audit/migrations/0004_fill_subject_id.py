"""Data: fill subject_id of existing rows from object_ids (the triggers are off, see 0003)."""

from django.db import migrations

BATCH = 5000


def fill(apps, schema_editor):
    for name in ("AuditEvent", "AccessEvent"):
        model = apps.get_model("audit", name)
        last = 0
        while True:
            rows = list(
                model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "object_ids")[
                    :BATCH
                ]
            )
            if not rows:
                break
            for pk, object_ids in rows:
                if len(object_ids) == 1:
                    model.objects.filter(pk=pk).update(subject_id=str(object_ids[0]))
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditevent_subject")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
