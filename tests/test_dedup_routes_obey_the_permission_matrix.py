"""The possible-duplicate routes as every persona: a pair about person_a (a 东城镇司法所
file) is listed, shown and decided only by the writers of that file; undoing a merge of two
such files is for the county supervisor; other writers of the files are refused and change
nothing; every other persona (another township, another agency, readers) gets 404, sees
no name and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.dedup_support import held_row, twin_pair
from tests.permission_matrix import MATCH_CANDIDATE_A, ROUTES
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PersonMerge

OUR_KINDS = {"match_candidate", "merge_undo"}
CALLED = {"dedup:candidate", "dedup:decide", "dedup:unmerge"}


def test_every_route_of_our_kinds_is_called() -> None:
    assert {route for route, kind in ROUTES.items() if kind in OUR_KINDS} == CALLED


@pytest.mark.parametrize("persona", sorted(MATCH_CANDIDATE_A))
def test_each_persona_sees_and_decides_only_what_the_matrix_says(
    world: World, persona: str
) -> None:
    _result, pair = held_row(world)
    decides, _undoes = MATCH_CANDIDATE_A[persona]
    client = Client()
    client.force_login(getattr(world, persona))

    queue = client.get("/dedup/")
    assert queue.status_code == 200
    assert (str(pair.uuid) in queue.content.decode()) == decides, persona

    page = client.get(f"/dedup/{pair.uuid}/")
    response = client.post(
        f"/dedup/{pair.uuid}/decide/", {"decision": "same", "reason": "同一人,号码录错"}
    )
    pair.refresh_from_db()
    if decides:
        assert page.status_code == 200 and "张东明" in page.content.decode()
        assert response.status_code == 302
        assert pair.status == CandidateStatus.SAME
    else:
        for answer in (page, response):
            assert answer.status_code == 404, (persona, answer.status_code)
            assert "张东明" not in answer.content.decode()
        assert pair.status == CandidateStatus.OPEN
        assert not AuditEvent.objects.filter(action="dedup.decide").exists()


@pytest.mark.parametrize("persona", sorted(MATCH_CANDIDATE_A))
def test_each_persona_undoes_a_merge_only_as_the_matrix_says(world: World, persona: str) -> None:
    _twin, pair = twin_pair(world)
    decide_candidate(
        Actor(user=world.county_supervisor, channel="web"), pair.uuid, "same", "重复建档"
    )
    merge = PersonMerge.objects.get()
    sees, undoes = MATCH_CANDIDATE_A[persona]
    client = Client()
    client.force_login(getattr(world, persona))

    response = client.post(f"/dedup/merges/{merge.uuid}/unmerge/", {"reason": "核实为两人"})

    merge.refresh_from_db()
    if undoes:
        assert response.status_code == 302 and merge.unmerged_at is not None
        return
    assert merge.unmerged_at is None
    assert not AuditEvent.objects.filter(action="person.unmerge").exists()
    assert MatchCandidate.objects.filter(status=CandidateStatus.NOT_SAME).count() == 0
    if sees:  # a writer of both files, not a supervisor: refused with the reason
        assert response.status_code == 302
        followed = client.get(response["Location"])
        assert "只有主管可以撤销档案合并。" in followed.content.decode()
    else:
        assert response.status_code == 404, (persona, response.status_code)
        assert "张东明" not in response.content.decode()
