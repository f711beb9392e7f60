"""The possible-duplicate API as every persona: the writers of person_a's file list the
pair, read it side by side (ID numbers masked, one AccessEvent) and decide it; a second
decision answers 409, a decision without a reason 422 in Chinese; everyone else (another
township, another agency, readers) gets an empty list, 404 and no change."""

from __future__ import annotations

import pytest

from tests.api_support import caller
from tests.dedup_support import OTHER_NUMBER, held_row
from tests.permission_matrix import MATCH_CANDIDATE_A, ROUTES
from tests.personas import World
from tongxin.audit.models import AccessEvent, AuditEvent
from tongxin.dedup.models import CandidateStatus
from tongxin.lib.resident_id import mask

OUR_KINDS = {"match_candidate_api"}
CALLED = {"api:get_match_candidate", "api:decide_match_candidate"}
BASE = "/api/v1/match-candidates"


def test_every_route_of_our_kinds_is_called() -> None:
    assert {route for route, kind in ROUTES.items() if kind in OUR_KINDS} == CALLED


@pytest.mark.parametrize("persona", sorted(MATCH_CANDIDATE_A))
def test_each_persona_gets_only_what_the_matrix_says(world: World, persona: str) -> None:
    _result, pair = held_row(world)
    decides, _undoes = MATCH_CANDIDATE_A[persona]
    api = caller(getattr(world, persona))

    listed = api.get(BASE).json()
    assert ([item["id"] for item in listed["items"]] == [str(pair.uuid)]) == decides, persona

    one = api.get(f"{BASE}/{pair.uuid}")
    unreasoned = api.post(f"{BASE}/{pair.uuid}/decision", {"decision": "same", "reason": " "})
    decided = api.post(f"{BASE}/{pair.uuid}/decision", {"decision": "same", "reason": "号码录错"})
    again = api.post(f"{BASE}/{pair.uuid}/decision", {"decision": "not_same", "reason": "再核"})
    pair.refresh_from_db()
    if decides:
        body = one.json()
        assert one.status_code == 200 and body["score"] == 70.0
        assert body["left"]["fields"]["id_number"] == mask(OTHER_NUMBER)
        assert OTHER_NUMBER not in one.content.decode()
        assert {line["field"]: line["agreement"] for line in body["comparison"]}["id_number"] == (
            "differ"
        )
        event = AccessEvent.objects.filter(action="dedup.compare").first()
        assert event is not None and event.object_ids == [str(world.person_a.uuid)]
        assert unreasoned.status_code == 422
        assert "请填写核对说明" in unreasoned.json()["errors"]["__all__"][0]
        assert decided.status_code == 200 and decided.json()["status"] == "same"
        assert again.status_code == 409
        assert pair.status == CandidateStatus.SAME
    else:
        for answer in (one, decided, again):
            assert answer.status_code == 404, (persona, answer.status_code)
            assert "张东明" not in answer.content.decode()
        assert pair.status == CandidateStatus.OPEN
        assert not AuditEvent.objects.filter(action="dedup.decide").exists()
