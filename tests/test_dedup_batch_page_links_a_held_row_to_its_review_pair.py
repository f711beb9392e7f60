"""The import batch page links a possible-duplicate row to its open review pair, so the
worker goes from the import to the decision; once the pair is decided the link is gone."""

from __future__ import annotations

from django.urls import reverse

from tests.dedup_support import held_row
from tests.personas import World
from tests.rosters_web_support import signed_in
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate
from tongxin.dedup.models import CandidateStatus


def test_a_held_row_links_to_its_pair_until_it_is_decided(world: World) -> None:
    result, pair = held_row(world)
    client = signed_in(world.worker_a)
    page_url = reverse("rosters:batch", args=[result.batch.uuid])
    review_url = reverse("dedup:candidate", args=[pair.uuid])

    assert review_url in client.get(page_url).content.decode()

    decide_candidate(
        actor=Actor.cli(world.worker_a),
        candidate_uuid=pair.uuid,
        decision=CandidateStatus.NOT_SAME,
        reason="出生地与身份证号码均不同,不是同一人。",
    )
    assert review_url not in client.get(page_url).content.decode()
