"""If the access-audit write fails, no page shows case data: the case page (also when it is
re-rendered after a refused action), the queue, the overview, the risk alert and the enroll
form are errors without the person's name."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.access import disclosure
from tongxin.programs import actions
from tongxin.programs.models import Enrollment


class AuditDown(RuntimeError):
    pass


@pytest.fixture
def broken_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)


NOW = dt.datetime(2026, 3, 12, 9, 0)


@pytest.fixture
def case(world: World) -> Enrollment:
    """Reported on 4 March: a contact overdue since 11 March, on every page's list."""
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 4),
        )
    return case


def client_for(user: object) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_pages_show_the_case_when_the_audit_works(world: World, case: Enrollment) -> None:
    with time_machine.travel(NOW, tick=False):
        worker = client_for(world.worker_a)
        for url in (reverse("programs:case", args=[case.uuid]), reverse("programs:queue")):
            assert "张东明" in worker.get(url).content.decode(), url
        overview = client_for(world.county_supervisor).get(reverse("programs:overview"))
        assert "东城镇司法所" in overview.content.decode()


def test_case_page_and_queue_are_errors_without_the_name(
    broken_audit: None, world: World, case: Enrollment
) -> None:
    client = client_for(world.worker_a)
    with time_machine.travel(NOW, tick=False):
        for url in (reverse("programs:case", args=[case.uuid]), reverse("programs:queue")):
            response = client.get(url)
            assert response.status_code == 500, url
            html = response.content.decode()
            assert "系统出错" in html and "张东明" not in html, url


def test_a_refused_action_does_not_fall_back_to_an_unaudited_page(
    broken_audit: None, world: World, case: Enrollment
) -> None:
    with time_machine.travel(NOW, tick=False):
        # Releasing for "term ended" before the term has ended is refused, and the page that
        # would explain it is not shown without its audit row.
        response = client_for(world.worker_a).post(
            reverse("programs:transition", args=[case.uuid]),
            {"transition": "release", "reason": "term_end", "on_date": "2026-03-12", "version": 2},
        )
    assert response.status_code == 500
    assert "张东明" not in response.content.decode()
    case.refresh_from_db()
    assert case.status == "active"


def test_overview_risk_alert_and_enroll_form_are_errors(
    broken_audit: None, world: World, case: Enrollment
) -> None:
    actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": 4},
        started_on=dt.date(2026, 4, 1),
    )
    pages = (
        (world.county_supervisor, reverse("programs:overview"), "东城镇司法所"),
        (world.police_a, reverse("programs:risk_alerts"), "王静"),
        (
            world.worker_a,
            reverse("programs:enroll", args=[world.person_a.uuid, "reentry"]),
            "张东明",
        ),
    )
    for user, url, secret in pages:
        with time_machine.travel(NOW, tick=False):
            response = client_for(user).get(url)
        assert response.status_code == 500, url
        assert secret not in response.content.decode(), url
