"""If the AccessEvent cannot be written, the API's list and read of possible-duplicate pairs
answer 500 with no name, no record and no pair in the body."""

from __future__ import annotations

import pytest

from tests.api_support import caller
from tests.dedup_support import held_row
from tests.personas import World
from tongxin.access import disclosure


class AuditDown(RuntimeError):
    pass


def test_no_pair_leaves_without_its_access_event(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _result, pair = held_row(world)

    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    api = caller(world.worker_a)
    for path in ("/api/v1/match-candidates", f"/api/v1/match-candidates/{pair.uuid}"):
        response = api.get(path)
        assert response.status_code == 500, path
        body = response.content.decode()
        assert "张东明" not in body and str(pair.uuid) not in body
