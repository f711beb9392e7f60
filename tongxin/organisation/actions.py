"""Action functions for the organisation records that decide who sees what.

A change to a region, agency, membership or user account changes somebody's access, so each
save and delete is written with its AuditEvent in one transaction, like every other write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from tongxin.audit.record import Actor, record_change

# Never copied into an audit row: a password hash is a secret even when hashed.
SECRET_FIELDS = frozenset({"password"})


def _describe(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    for name in fields:
        if name in SECRET_FIELDS:
            details[name] = "changed"
            continue
        value = getattr(instance, name, None)
        if isinstance(value, models.Model):
            value = str(value)
        elif isinstance(value, models.Manager):  # many-to-many (groups, permissions)
            value = sorted(str(item) for item in value.all())
        elif value is not None and not isinstance(value, bool | int | str):
            value = str(value)
        details[name] = value
    return details


def save_organisation_record(
    *, actor: Actor, instance: models.Model, created: bool, changed_fields: Iterable[str]
) -> None:
    changed = sorted(changed_fields)
    with transaction.atomic():
        instance.save()
        record_change(
            actor=actor,
            action=f"{instance._meta.model_name}.{'create' if created else 'update'}",
            object_type=instance._meta.label_lower,
            object_ids=[instance.pk],
            details={"record": str(instance), "changes": _describe(instance, changed)},
        )


def delete_organisation_record(*, actor: Actor, instance: models.Model) -> None:
    with transaction.atomic():
        pk, label = instance.pk, str(instance)
        instance.delete()
        record_change(
            actor=actor,
            action=f"{instance._meta.model_name}.delete",
            object_type=instance._meta.label_lower,
            object_ids=[pk],
            details={"record": label},
        )
