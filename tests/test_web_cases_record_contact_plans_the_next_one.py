"""Recording a contact from the case page completes the planned one and plans the next from
the level's interval; a future date is refused with the outcome text kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions
from tongxin.programs.models import Contact, Enrollment


@pytest.fixture
def case(world: World) -> Enrollment:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 4),
        )
    return case


@pytest.fixture
def signed_in(client: Client, world: World) -> Iterator[Client]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0), tick=False):
        client.force_login(world.worker_a)
        yield client


def test_a_recorded_visit_plans_the_next_one_a_week_later(
    signed_in: Client, case: Enrollment
) -> None:
    response = signed_in.post(
        reverse("programs:record_contact", args=[case.uuid]),
        {"kind": "home_visit", "done_on": "2026-03-10", "outcome": "家中走访,情况稳定"},
    )
    assert response.status_code == 302
    done = Contact.objects.get(enrollment=case, status="done")
    assert (done.kind, done.done_on, done.outcome) == (
        "home_visit",
        dt.date(2026, 3, 10),
        "家中走访,情况稳定",
    )
    planned = Contact.objects.get(enrollment=case, status="planned")
    assert planned.due_on == dt.date(2026, 3, 17)  # strict: every 7 days
    html = signed_in.get(response["Location"]).content.decode()
    assert "已登记联系,并已排定下次联系。" in html
    assert "家中走访,情况稳定" in html and "2026-03-17" in html


def test_a_future_date_is_refused_and_the_notes_kept(signed_in: Client, case: Enrollment) -> None:
    response = signed_in.post(
        reverse("programs:record_contact", args=[case.uuid]),
        {"kind": "phone", "done_on": "2026-03-12", "outcome": "电话未接通"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "联系日期不能晚于今天。" in html
    assert "电话未接通" in html and 'value="2026-03-12"' in html
    assert not Contact.objects.filter(enrollment=case, status="done").exists()
    assert Contact.objects.get(enrollment=case, status="planned").due_on == dt.date(2026, 3, 11)


def test_a_missing_kind_is_explained_on_its_field(signed_in: Client, case: Enrollment) -> None:
    response = signed_in.post(
        reverse("programs:record_contact", args=[case.uuid]), {"kind": "", "done_on": "2026-03-10"}
    )
    assert "请选择联系方式。" in response.content.decode()
    assert not Contact.objects.filter(enrollment=case, status="done").exists()
