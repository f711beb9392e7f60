"""The county 司法局 supervisor sees the suggested warning on the case page, decides it with
the 司法所's evidence, and the page then shows it in the history (kind, date, decider,
facts, evidence, the suggestion acted on) while the suggestion is gone."""

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
from tongxin.programs.lost_contact import flag_lost_contact
from tongxin.programs.models import Enrollment, Measure

SINCE = dt.date(2026, 5, 4)
TODAY = SINCE + dt.timedelta(days=12)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def absconded(world: World) -> Enrollment:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)
    return case


def suggestions_part(html: str) -> str:
    return html[html.index('id="measures-title"') : html.index("奖惩记录")]


def test_the_supervisor_decides_the_suggested_warning_and_the_history_shows_it(
    client: Client, world: World, absconded: Enrollment
) -> None:
    client.force_login(world.county_supervisor)
    url = reverse("programs:case", args=[absconded.uuid])
    html = client.get(url).content.decode()
    assert "脱离监管超过10日" in suggestions_part(html)
    # The form offers the suggestion, pre-selected with its kind.
    assert '<option value="warning" selected>' in html
    assert '<option value="脱离监管超过10日" selected>' in html

    response = client.post(
        reverse("programs:decide_measure", args=[absconded.uuid]),
        {
            "kind": "warning",
            "decided_on": TODAY.isoformat(),
            "suggestion": "脱离监管超过10日",
            "reason": "自2026年5月4日起脱离监管,经电话、走访查找未果",
            "evidence": "司法所查找记录三份、派出所协查回执",
        },
    )
    assert response.status_code == 302 and response["Location"] == url

    measure = Measure.objects.get(enrollment=absconded)
    assert (measure.kind, measure.decided_on, measure.decided_by) == (
        "warning",
        TODAY,
        world.county_supervisor,
    )
    assert measure.evidence == "司法所查找记录三份、派出所协查回执"
    assert measure.suggestion == "脱离监管超过10日"
    assert AuditEvent.objects.filter(action="measure.decide", subject_id=str(absconded.uuid))

    html = client.get(url).content.decode()
    assert "已记录奖惩决定:警告。" in html
    history = html[html.index("奖惩记录") :]
    assert "警告" in history and TODAY.isoformat() in history
    assert "county_supervisor" in history
    assert "经电话、走访查找未果" in history and "派出所协查回执" in history
    # Decided for this episode: the clock suggests nothing more until the next threshold.
    assert "脱离监管超过10日" not in suggestions_part(html)
    assert "目前没有奖惩建议。" in html
