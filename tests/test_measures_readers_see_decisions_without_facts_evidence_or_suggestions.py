"""The procuratorate (which supervises sanctions, 社区矫正法 arts 8, 34) and the police see
which rewards and sanctions were decided, when and by whom, on the page and in the API. The
facts, the evidence and the current suggestions are casework for the 司法所 and the county;
readers get no decision form and ``may_decide`` is false."""

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
from tongxin.programs.measures import decide_measure
from tongxin.programs.models import Enrollment

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def reprimanded(world: World) -> Enrollment:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    for day in (dt.date(2026, 4, 2), dt.date(2026, 5, 6)):
        decide_measure(
            actor=act(world.county_supervisor),
            enrollment_uuid=case.uuid,
            kind="reprimand",
            decided_on=day,
            reason="擅自外出到邻县",
            evidence="车票与询问笔录",
        )
    return case


@pytest.mark.parametrize("reader", ["police_a", "procurator"])
def test_readers_see_the_decisions_on_the_page_only(
    client: Client, world: World, reprimanded: Enrollment, reader: str
) -> None:
    client.force_login(getattr(world, reader))
    html = client.get(reverse("programs:case", args=[reprimanded.uuid])).content.decode()
    section = html[html.index('id="measures-title"') :]
    assert section.count("训诫") == 2
    assert "2026-04-02" in section and "2026-05-06" in section
    assert "邻县" not in html and "询问笔录" not in html
    assert "2 次训诫仍不改正" not in html
    assert "<form" not in section


@pytest.mark.parametrize("reader", ["police_a", "procurator"])
def test_readers_get_the_decisions_from_the_api_only(
    world: World, reprimanded: Enrollment, reader: str
) -> None:
    response = caller(getattr(world, reader)).get(case_url(reprimanded, "measures"))
    assert response.status_code == 200
    body = response.json()
    assert body["may_decide"] is False and "suggestions" not in body
    assert [(m["kind"], m["decided_on"], m["reason"], m["evidence"]) for m in body["measures"]] == [
        ("reprimand", "2026-05-06", None, None),
        ("reprimand", "2026-04-02", None, None),
    ]
