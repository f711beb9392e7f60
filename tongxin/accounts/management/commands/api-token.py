"""``tongxin api-token``: issue, list and revoke API tokens for agency systems.

    tongxin api-token USERNAME [--name NAME] [--expires-days N]   issue (prints the token once)
    tongxin api-token --revoke PREFIX                             revoke
    tongxin api-token --list [USERNAME]                           list

Only the token goes to stdout, so ``TOKEN=$(tongxin api-token alice)`` captures it; the
notes go to stderr.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tongxin.accounts.models import ApiToken
from tongxin.accounts.tokens import TokenError, issue_token, revoke_token
from tongxin.audit.record import Actor


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens / 签发、列出或吊销 API 令牌."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the user the token acts as")
        parser.add_argument("--name", default="api", help="what the token is for / 用途")
        parser.add_argument("--expires-days", type=int, default=None)
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--revoke", metavar="PREFIX", help="revoke the token with PREFIX")
        action.add_argument(
            "--list", dest="list_tokens", action="store_true", help="list tokens (of USERNAME)"
        )

    def handle(
        self,
        *args: Any,
        username: str | None,
        name: str,
        expires_days: int | None,
        revoke: str | None,
        list_tokens: bool,
        **options: Any,
    ) -> None:
        try:
            if revoke:
                self._revoke(revoke)
            elif list_tokens:
                self._list(username)
            elif username:
                self._issue(username, name, expires_days)
            else:
                raise CommandError(
                    "请给出用户名,或使用 --list / --revoke。 / Give a USERNAME, --list or --revoke."
                )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}。 / No user {username}.")
        return user

    def _issue(self, username: str, name: str, expires_days: int | None) -> None:
        api_token, token = issue_token(
            actor=Actor.cli(),
            user=self._user(username),
            name=name,
            expires_in_days=expires_days,
        )
        self.stdout.write(token)
        self.stderr.write(
            f"令牌前缀 {api_token.prefix},过期时间 {_when(api_token.expires_at)}。"
            "令牌只显示这一次,请立即妥善保存。\n"
            f"Token prefix {api_token.prefix}, expires {_when(api_token.expires_at)}. "
            "It is shown only this once: store it now."
        )

    def _revoke(self, prefix: str) -> None:
        api_token = revoke_token(actor=Actor.cli(), prefix=prefix)
        self.stdout.write(
            f"已吊销 {api_token.prefix}({api_token.user.get_username()},"
            f"{_when(api_token.revoked_at)}) / revoked"
        )

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("created_at", "id")
        if username:
            tokens = tokens.filter(user=self._user(username))
        self.stdout.write("prefix\tuser\tname\tcreated\texpires\tlast used\trevoked")
        for t in tokens:
            self.stdout.write(
                "\t".join(
                    [
                        t.prefix,
                        t.user.get_username(),
                        t.name,
                        _when(t.created_at),
                        _when(t.expires_at),
                        _when(t.last_used_at),
                        _when(t.revoked_at),
                    ]
                )
            )
