"""``tongxin find-duplicates --user`` compares only the files the user may change: a second
file of person_a is proposed for worker_a (东城镇) but not for worker_b (西山乡); the summary
is in Chinese; an unknown user is an error."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.dedup_support import second_file
from tests.personas import World
from tongxin.dedup.models import MatchCandidate


def run(*args: str) -> str:
    out = StringIO()
    call_command("find-duplicates", *args, stdout=out)
    return out.getvalue()


def test_the_scan_opens_pairs_in_the_users_scope_only(world: World) -> None:
    twin = second_file(world)

    report = run("--user", "worker_b")
    assert not MatchCandidate.objects.exists()
    assert "发现疑似重复 0 对" in report

    report = run("--user", "worker_a")
    [pair] = MatchCandidate.objects.all()
    assert {pair.person_id, pair.other_person_id} == {world.person_a.pk, twin.pk}
    assert "比对档案 2 份,发现疑似重复 1 对:新开待核对 1 对" in report

    with pytest.raises(CommandError, match="没有用户 nobody。"):
        run("--user", "nobody")
