"""``tongxin find-duplicates [--user USERNAME]``

Links the registry against itself (``tongxin.dedup.scanning``) and opens a review pair
(疑似重复核对) for each pair of files that may be one human and was neither decided "not
the same" nor is already open. With ``--user``, only the files USERNAME may change are
compared (the pairs they may decide); without, the whole registry (an administrator's run).

Exit status: 0; the summary is printed in Chinese.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.dedup.scanning import find_duplicates
from tongxin.people.models import Person


class Command(BaseCommand):
    help = "Find files that may be one person / 查找疑似重复档案."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="compare only the files this user may change")

    def handle(self, *args: Any, user: str | None, **options: Any) -> None:
        if user:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(_("没有用户 %(user)s。") % {"user": user}) from exc
            registry = policy.people_visible_to(account, write=True)
            actor, label = Actor.cli(account), user
        else:
            registry = Person.objects.filter(merged_into__isnull=True)
            actor, label = Actor.cli(), "*"
        result = find_duplicates(actor, registry, label)
        self.stdout.write(
            _(
                "比对档案 %(people)d 份,发现疑似重复 %(found)d 对:新开待核对 %(opened)d 对,"
                "已在核对中 %(open)d 对,已确认不是同一人 %(decided)d 对。"
            )
            % {
                "people": result.people,
                "found": result.found,
                "opened": len(result.opened),
                "open": result.already_open,
                "decided": result.decided_not_same,
            }
        )
