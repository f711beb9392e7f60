"""A 司法所 worker sees the suggestions and the history of a corrections case but no decision
form: the county agency decides (社区矫正法 arts 9, 28). Posting a decision anyway is refused
with the action's Chinese message above the section, and nothing is saved or audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import audit_seq
from tests.personas import World
from tests.programs_support import act, reported_corrections_case
from tongxin.programs.measures import decide_measure
from tongxin.programs.models import Enrollment, Measure

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def twice_reprimanded(world: World) -> Enrollment:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    for day in (dt.date(2026, 4, 2), dt.date(2026, 5, 6)):
        decide_measure(
            actor=act(world.county_supervisor),
            enrollment_uuid=case.uuid,
            kind="reprimand",
            decided_on=day,
            reason="未按时报告",
            evidence="司法所调查笔录",
        )
    return case


def test_the_worker_sees_the_suggestion_and_history_without_the_form(
    client: Client, world: World, twice_reprimanded: Enrollment
) -> None:
    client.force_login(world.worker_a)
    html = client.get(reverse("programs:case", args=[twice_reprimanded.uuid])).content.decode()
    assert "2 次训诫仍不改正" in html
    assert html.count("未按时报告") == 2  # both reprimands, with their facts
    assert "作出奖惩决定" not in html
    assert reverse("programs:decide_measure", args=[twice_reprimanded.uuid]) not in html


def test_a_decision_posted_by_the_worker_is_refused_and_nothing_is_saved(
    client: Client, world: World, twice_reprimanded: Enrollment
) -> None:
    client.force_login(world.worker_a)
    before = audit_seq()
    response = client.post(
        reverse("programs:decide_measure", args=[twice_reprimanded.uuid]),
        {
            "kind": "warning",
            "decided_on": TODAY.isoformat(),
            "suggestion": "2 次训诫仍不改正",
            "reason": "两次训诫后仍未按时报告",
            "evidence": "司法所调查笔录",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "操作未完成" in html
    assert "表扬、训诫、警告和各项提请由县级社区矫正机构决定" in html
    assert "请由县司法局主管决定;司法所负责调查核实并提出意见。" in html
    # The message stands in the measures section; still no form for the worker.
    section = html[html.index('id="measures-title"') :]
    assert "由县级社区矫正机构决定" in section and "作出奖惩决定" not in section
    assert Measure.objects.filter(enrollment=twice_reprimanded).count() == 2
    assert audit_seq() == before
