"""worker_a opens the review queue (疑似重复核对, linked from the nav), compares the held
row with person_a side by side — the name and birth date agree, the ID numbers differ and
are shown masked, with the score and the evidence — which writes one AccessEvent naming
person_a; deciding through the form with a reason leaves the queue empty."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.dedup_support import OTHER_NUMBER, held_row
from tests.personas import World
from tongxin.audit.models import AccessEvent
from tongxin.dedup.models import CandidateStatus, MatchCandidate
from tongxin.lib.resident_id import mask


def row_class(html: str, label: str) -> str:
    found = re.search(r'<tr class="(\w+)">\s*<th scope="row">' + label + "</th>", html)
    assert found, label
    return found.group(1)


def test_the_comparison_shows_what_agrees_and_the_decision_clears_the_queue(
    world: World,
) -> None:
    _result, pair = held_row(world)
    client = Client()
    client.force_login(world.worker_a)

    queue = client.get(reverse("dedup:queue")).content.decode()
    assert reverse("dedup:queue") in queue  # the nav link
    assert reverse("dedup:candidate", args=[pair.uuid]) in queue

    html = client.get(reverse("dedup:candidate", args=[pair.uuid])).content.decode()
    assert row_class(html, "姓名") == "agree"
    assert row_class(html, "出生日期") == "agree"
    assert row_class(html, "公民身份号码") == "differ"
    assert mask(OTHER_NUMBER) in html and OTHER_NUMBER not in html
    assert world.person_a.id_number not in html
    assert "相似度 70 分" in html and "身份证号不同" in html and "姓名相同" in html
    event = AccessEvent.objects.get(action="dedup.compare")
    assert event.object_ids == [str(world.person_a.uuid)]
    assert event.details["candidate"] == str(pair.uuid)

    refused = client.post(
        reverse("dedup:decide", args=[pair.uuid]), {"decision": "same", "reason": ""}, follow=True
    )
    assert "请填写核对说明" in refused.content.decode()
    assert MatchCandidate.objects.get(pk=pair.pk).status == CandidateStatus.OPEN

    done = client.post(
        reverse("dedup:decide", args=[pair.uuid]),
        {"decision": "same", "reason": "监狱来函更正"},
        follow=True,
    )
    assert "已记录核对结果:同一人。" in done.content.decode()
    assert "没有待核对的疑似重复。" in done.content.decode()
