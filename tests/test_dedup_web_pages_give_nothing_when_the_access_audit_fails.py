"""If the AccessEvent cannot be written, the review queue, the comparison page and a merged
file's page are errors that name nobody."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.dedup_support import held_row, twin_pair
from tests.personas import World
from tongxin.access import disclosure
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate


class AuditDown(RuntimeError):
    pass


def test_queue_and_comparison_are_errors_without_any_name(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _result, pair = held_row(world)

    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    client = Client(raise_request_exception=False)
    client.force_login(world.worker_a)
    for url in (reverse("dedup:queue"), reverse("dedup:candidate", args=[pair.uuid])):
        response = client.get(url)
        assert response.status_code == 500, url
        assert "张东明" not in response.content.decode()
        assert str(world.person_a.uuid) not in response.content.decode()


def test_a_merged_files_page_is_an_error_without_any_name(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin, pair = twin_pair(world)
    decide_candidate(Actor(user=world.county_supervisor, channel="web"), pair.uuid, "same", "重复")

    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    client = Client(raise_request_exception=False)
    client.force_login(world.worker_a)
    response = client.get(reverse("people:detail", args=[twin.uuid]))
    assert response.status_code == 500
    assert "张东明" not in response.content.decode()
    assert str(world.person_a.uuid) not in response.content.decode()
