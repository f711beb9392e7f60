"""Marking the person found on the case page closes the open episode: the card gives way to
the flag form again, the closed episode is listed with its days out of contact, the case's
out-of-contact mark is cleared and the absconding clock suggests nothing more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act, reported_corrections_case
from tongxin.audit.models import AuditEvent
from tongxin.programs.lost_contact import flag_lost_contact, record_search
from tongxin.programs.models import Enrollment, LostContact

SINCE = dt.date(2026, 5, 4)
TODAY = dt.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def lost(world: World) -> Enrollment:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    episode = flag_lost_contact(
        actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE
    )
    record_search(
        actor=act(world.worker_a),
        episode_uuid=episode.uuid,
        on_date=SINCE,
        method="phone",
        outcome="关机",
    )
    return case


def test_marking_found_closes_the_episode_and_stops_the_clock(
    client: Client, world: World, lost: Enrollment
) -> None:
    client.force_login(world.worker_a)
    url = reverse("programs:case", args=[lost.uuid])
    before = client.get(url).content.decode()
    assert "失联中" in before and "脱离监管超过10日" in before

    response = client.post(
        reverse("programs:lost_contact_found", args=[lost.uuid]), {"found_on": "2026-05-18"}
    )
    assert response.status_code == 302 and response["Location"] == url

    episode = LostContact.objects.get(enrollment=lost)
    lost.refresh_from_db()
    assert episode.found_on == dt.date(2026, 5, 18)
    assert lost.lost_contact_since is None
    event = AuditEvent.objects.get(action="lost_contact.found", subject_id=str(lost.uuid))
    assert event.details["days"] == 14

    html = client.get(url).content.decode()
    assert "已登记找到本人,本次失联已结束。" in html
    assert "失联中" not in html and "脱离监管" not in html
    assert reverse("programs:lost_contact_search", args=[lost.uuid]) not in html
    assert reverse("programs:lost_contact_flag", args=[lost.uuid]) in html
    past = html[html.index("以往失联记录") :]
    assert "2026-05-04" in past and "2026-05-18" in past
    assert '<td class="num">14</td>' in past
