"""A decision the county supervisor posts that the rules refuse re-renders the case page with
the Chinese reason — on the field it names with the input kept, or above the section — and
saves and audits nothing: a sanction without evidence, a suggestion that does not match the
kind decided, a decision on an ended case, a decision on a case outside corrections."""

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
from tongxin.programs import actions
from tongxin.programs.lost_contact import flag_lost_contact
from tongxin.programs.models import Enrollment, Measure

SINCE = dt.date(2026, 5, 4)
TODAY = SINCE + dt.timedelta(days=12)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)
    return case


@pytest.fixture
def supervisor(client: Client, world: World) -> Client:
    client.force_login(world.county_supervisor)
    return client


def refused(client: Client, case: Enrollment, **data: str) -> str:
    before = audit_seq()
    response = client.post(reverse("programs:decide_measure", args=[case.uuid]), data)
    assert response.status_code == 200
    assert audit_seq() == before
    assert not Measure.objects.exists()
    html: str = response.content.decode()
    return html


def decide_form(html: str, case: Enrollment) -> str:
    start = html.index(f'action="{reverse("programs:decide_measure", args=[case.uuid])}"')
    return html[start : html.index("</form>", start)]


def test_a_warning_without_evidence_is_refused_on_the_evidence_field(
    supervisor: Client, case: Enrollment
) -> None:
    html = refused(
        supervisor,
        case,
        kind="warning",
        decided_on=TODAY.isoformat(),
        suggestion="脱离监管超过10日",
        reason="脱离监管十二日",
        evidence="",
    )
    form = decide_form(html, case)
    assert "请附上司法所调查核实的证据材料。" in form
    assert "脱离监管十二日" in form  # the typed facts are kept


def test_a_suggestion_of_another_kind_is_refused_rather_than_dropped(
    supervisor: Client, case: Enrollment
) -> None:
    html = refused(
        supervisor,
        case,
        kind="reprimand",
        decided_on=TODAY.isoformat(),
        suggestion="脱离监管超过10日",
        reason="脱离监管十二日",
        evidence="查找记录",
    )
    assert "所选建议为“警告”,与奖惩类别不一致" in decide_form(html, case)


def test_an_ended_case_says_why_without_a_form(
    supervisor: Client, world: World, case: Enrollment
) -> None:
    actions.transition_enrollment(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        transition="terminate",
        on_date=TODAY,
        reason="death",
    )
    html = refused(
        supervisor,
        case,
        kind="warning",
        decided_on=TODAY.isoformat(),
        reason="脱离监管十二日",
        evidence="查找记录",
    )
    section = html[html.index('id="measures-title"') :]
    assert "案件已结束,不能再作奖惩决定。" in section
    assert "作出奖惩决定" not in section


def test_a_case_outside_corrections_says_why(supervisor: Client, world: World) -> None:
    reentry = actions.enroll_person(
        actor=act(world.worker_a),
        person_uuid=world.person_a.uuid,
        program="reentry",
        details={"source": "prison", "released_on": "2026-05-01"},
        started_on=dt.date(2026, 5, 1),
    )
    html = refused(
        supervisor,
        reentry,
        kind="praise",
        decided_on=TODAY.isoformat(),
        reason="表现良好",
        evidence="",
    )
    assert 'id="measures-title"' not in html
    assert "奖惩只适用于社区矫正案件。" in html and "操作未完成" in html
