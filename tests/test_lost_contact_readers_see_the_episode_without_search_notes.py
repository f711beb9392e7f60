"""The police (notified of the episode, helping to search — 社区矫正法 art 30) and the
procuratorate (supervising) see a case's lost-contact episode on the page and in the API:
since when, days out of contact, the search steps with their dates and who, the police
notice date. What the searches found and what the police were told are casework notes for
the 司法所 and the county only; readers get no forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import case_url
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act, reported_corrections_case
from tongxin.programs.lost_contact import flag_lost_contact, notify_police, record_search
from tongxin.programs.models import Enrollment

SINCE = dt.date(2026, 5, 4)
TODAY = dt.date(2026, 5, 16)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def searched(world: World) -> Enrollment:
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
        method="visit",
        outcome="其母称已去外省打工",
    )
    notify_police(
        actor=act(world.worker_a),
        episode_uuid=episode.uuid,
        on_date=dt.date(2026, 5, 5),
        note="东城派出所王警官",
    )
    return case


@pytest.mark.parametrize("reader", ["police_a", "procurator"])
def test_readers_see_the_episode_on_the_page_without_notes_or_forms(
    client: Client, world: World, searched: Enrollment, reader: str
) -> None:
    client.force_login(getattr(world, reader))
    html = client.get(reverse("programs:case", args=[searched.uuid])).content.decode()
    card = html[html.index('id="lost-contact-title"') : html.index('id="measures-title"')]
    assert "失联中" in card and "2026-05-04" in card
    assert '<dd class="danger-text">12</dd>' in card  # days out of contact
    assert "2026-05-05" in card and "实地查找" in card and "请公安协查" in card
    assert "外省打工" not in html and "王警官" not in html
    assert "<form" not in card


@pytest.mark.parametrize("reader", ["police_a", "procurator"])
def test_readers_get_the_episode_from_the_api_without_notes(
    world: World, searched: Enrollment, reader: str
) -> None:
    response = caller(getattr(world, reader)).get(case_url(searched, "lost-contact"))
    assert response.status_code == 200
    [episode] = response.json()["episodes"]
    assert (episode["since_on"], episode["days_absconded"], episode["found_on"]) == (
        "2026-05-04",
        12,
        None,
    )
    assert episode["police_notified_on"] == "2026-05-05"
    assert [(s["method"], s["outcome"]) for s in episode["searches"]] == [
        ("visit", None),
        ("police", None),
    ]
    assert "外省打工" not in response.content.decode()


def test_the_worker_gets_the_notes(world: World, searched: Enrollment) -> None:
    response = caller(world.worker_a).get(case_url(searched, "lost-contact"))
    [episode] = response.json()["episodes"]
    assert [s["outcome"] for s in episode["searches"]] == ["其母称已去外省打工", "东城派出所王警官"]
