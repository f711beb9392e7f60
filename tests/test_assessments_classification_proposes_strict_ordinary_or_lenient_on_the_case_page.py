"""A worker records a classification assessment (分类管理评估) from a reported probation case's
page. The assessment list shows the level it leads to, 严管, 普管 or 宽管, with its reasons, and
a level different from the current one is proposed for approval, never applied. A score that
is not a number, or a case that has not reported, is refused in place. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.approvals_support import active_probation
from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions
from tongxin.programs.models import Approval, Assessment, Enrollment

TODAY = dt.datetime(2026, 6, 1, 9, 0)


@pytest.fixture
def case(world: World) -> Enrollment:
    """Reported on 4 March 2026: strict for the first two months."""
    return active_probation(world)


@pytest.fixture
def worker(client: Client, world: World) -> Iterator[Client]:
    client.force_login(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        yield client


def classify(client: Client, case: Enrollment, **data: str) -> str:
    """Posts the form and returns the assessment section of the page that follows."""
    form = {"assessed_on": "2026-05-20", "reoffending_risk": "medium", **data}
    response = client.post(reverse("programs:record_classification", args=[case.uuid]), form)
    if response.status_code == 302:
        response = client.get(response["Location"])
    html: str = response.content.decode()
    return html[html.index('id="assessments"') :]


def to_ordinary(world: World, case: Enrollment) -> None:
    with time_machine.travel(TODAY, tick=False):
        actions.change_level(
            actor=act(world.county_supervisor),
            enrollment_uuid=case.uuid,
            level="ordinary",
            reason="入矫满两个月,表现良好",
            effective_on=dt.date(2026, 5, 6),
        )


@pytest.mark.parametrize(
    ("risk", "start_ordinary", "label", "reason"),
    [
        ("high", True, "严管", "综合评估为高风险"),
        ("medium", False, "普管", "不符合严管或宽管条件"),
        ("low", False, "宽管", "综合评估为低风险"),
    ],
)
def test_the_proposed_level_and_its_reasons_are_listed(
    world: World,
    worker: Client,
    case: Enrollment,
    risk: str,
    start_ordinary: bool,
    label: str,
    reason: str,
) -> None:
    if start_ordinary:
        to_ordinary(world, case)
    level_before = Enrollment.objects.get(pk=case.pk).level
    section = classify(worker, case, reoffending_risk=risk)
    assert f"<td>{label}</td>" in section
    assert reason in section
    assert f"建议调整为“{label}”" in section and "待审核" in section
    proposal = Approval.objects.get(enrollment=case, kind="level_change")
    assert proposal.status == "submitted" and reason in proposal.payload["reason"]
    case.refresh_from_db()
    assert case.level == level_before  # only the approval changes it


def test_a_result_equal_to_the_current_level_proposes_nothing(
    world: World, worker: Client, case: Enrollment
) -> None:
    # Six weeks after reporting the case is still strict, and the assessment agrees.
    section = classify(worker, case, assessed_on="2026-04-15")
    assert "<td>严管</td>" in section and "入矫不满2个月" in section
    assert "未提出调整" in section
    assert not Approval.objects.exists()


def test_a_score_that_is_not_a_number_is_refused_on_its_field(
    worker: Client, case: Enrollment
) -> None:
    section = classify(worker, case, average_quarterly_score="八十", notes="表现一般")
    score = section[section.index('id="id_classification_average_quarterly_score"') :]
    assert "季度考核平均分请填写数字,例如 85 或 85.5。" in score[: score.index("</div>")]
    assert "表现一般" in section
    assert not Assessment.objects.exists()


def test_a_case_that_has_not_reported_is_not_classified(world: World, worker: Client) -> None:
    pending = enroll_probation(world, effective=dt.date(2026, 5, 25))
    section = classify(worker, pending, assessed_on="2026-05-28")
    assert "此人尚未报到入矫,入矫后再进行分类评估。" in section
    assert not Assessment.objects.exists()
