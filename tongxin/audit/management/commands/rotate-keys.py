"""``tongxin rotate-keys``: re-encrypt every encrypted field under the current key.

Rotation steps: put the new key first in TONGXIN_FIELD_KEYS (keeping the old ones), restart,
run this command, then remove the old key once it reports nothing left. Rows are rewritten
in batches, one transaction each, with one audit row per model; the values never leave the
process.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q

from tongxin.audit.record import Actor, record_change
from tongxin.lib.field_crypto import EncryptedTextField, current_key_id


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields still under an old key id (key rotation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--dry-run", action="store_true", help="count only")

    def handle(self, *args: Any, batch_size: int, dry_run: bool, **options: Any) -> None:
        key_id = current_key_id()
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            stale = Q()
            for field in fields:
                # Pattern lookups pass the string through unencrypted, so this matches the
                # stored "<key id>$" prefix.
                stale |= Q(**{f"{field.name}__isnull": False}) & ~Q(
                    **{f"{field.name}__startswith": f"{key_id}$"}
                )
            pending = model._default_manager.filter(stale)
            total = pending.count()
            label = model._meta.label
            if dry_run or total == 0:
                self.stdout.write(f"{label}: {total} rows under an old key / 旧密钥行数")
                continue
            done = 0
            while True:
                pks = list(pending.order_by("pk").values_list("pk", flat=True)[:batch_size])
                if not pks:
                    break
                with transaction.atomic():
                    names = [field.name for field in fields]
                    for row in model._default_manager.filter(pk__in=pks).values("pk", *names):
                        pk = row.pop("pk")
                        model._default_manager.filter(pk=pk).update(**row)
                done += len(pks)
                self.stdout.write(f"{label}: {done}/{total}")
            with transaction.atomic():
                record_change(
                    actor=Actor.cli(),
                    action="keys.rotate",
                    object_type=label,
                    object_ids=[],
                    details={"rows": done, "key_id": key_id},
                )
            self.stdout.write(f"{label}: {done} rows re-encrypted under {key_id} / 已重新加密")
