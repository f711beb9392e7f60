"""``tongxin api-token``: the token is printed once and works; only its hash is stored;
issuing and revoking are audited; --revoke stops it at once."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.api_support import PEOPLE, Caller
from tests.personas import World
from tongxin.accounts.models import ApiToken, hash_token
from tongxin.audit.models import AuditEvent


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_issued_token_works_until_revoked(world: World) -> None:
    out, err = run("worker_a", "--name", "矫正系统对接", "--expires-days", "30")
    token = out.strip()
    assert token.startswith("tx_") and len(token) == 46
    prefix = token[3:11]
    assert prefix in err
    api = Caller(token)
    assert [item["name"] for item in api.get(PEOPLE).json()["items"]] == ["张东明"]

    out, _err = run("--revoke", prefix)
    assert prefix in out
    assert api.get(PEOPLE).status_code == 401


def test_database_holds_only_the_hash(world: World) -> None:
    token = run("worker_a")[0].strip()
    row = ApiToken.objects.get()
    assert (row.prefix, row.token_hash, row.user) == (
        token[3:11],
        hash_token(token),
        world.worker_a,
    )
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert token not in stored
    assert token[11:] not in stored


def test_issue_and_revoke_are_audited_without_the_token(world: World) -> None:
    token = run("worker_a", "--name", "对接")[0].strip()
    prefix = token[3:11]
    run("--revoke", prefix)
    events = list(AuditEvent.objects.filter(object_type="api_token").order_by("seq"))
    assert [(e.action, e.object_ids, e.channel) for e in events] == [
        ("api_token.issue", [prefix], "cli"),
        ("api_token.revoke", [prefix], "cli"),
    ]
    assert events[0].details["user"] == "worker_a"
    assert all(token[11:] not in json.dumps(e.chained_content()) for e in events)


def test_revoking_twice_writes_one_audit_row(world: World) -> None:
    prefix = run("worker_a")[0].strip()[3:11]
    run("--revoke", prefix)
    run("--revoke", prefix)
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_list_shows_each_token_without_the_token(world: World) -> None:
    token_a = run("worker_a", "--name", "矫正系统")[0].strip()
    token_b = run("worker_b", "--name", "帮教系统")[0].strip()
    run("--revoke", token_b[3:11])
    listing = run("--list")[0]
    assert token_a[3:11] in listing and token_b[3:11] in listing
    assert "矫正系统" in listing and "帮教系统" in listing
    assert token_a[11:] not in listing and token_b[11:] not in listing
    [revoked_line] = [line for line in listing.splitlines() if token_b[3:11] in line]
    assert not revoked_line.endswith("-")
    only_a = run("--list", "worker_a")[0]
    assert token_a[3:11] in only_a and token_b[3:11] not in only_a


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["nobody"], "没有用户", "No user"),
        (["--revoke", "zzzzzzzz"], "没有前缀", "No token"),
        (["--list", "nobody"], "没有用户", "No user"),
        (["worker_a", "--expires-days", "0"], "有效天数", "positive"),
        ([], "请给出用户名", "USERNAME"),
    ],
)
def test_mistakes_are_explained_in_chinese_and_english(
    world: World, args: list[str], chinese: str, english: str
) -> None:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert chinese in str(error.value) and english in str(error.value)
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_prefixes_never_look_like_a_command_option(world: World) -> None:
    # One token in 64 would start with "-" if left to chance; --revoke must take every prefix.
    prefixes = [run("worker_a")[0].strip()[3:11] for _ in range(200)]
    assert not [prefix for prefix in prefixes if prefix.startswith("-")]
