"""The 工作台: a worker sees their own overdue, due and deadline work and their agency's
unassigned cases, each linked to its case page; nothing of another township's or agency's
cases; the page writes one AccessEvent naming exactly the cases it lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act
from tongxin.audit.models import AccessEvent
from tongxin.programs import actions
from tongxin.programs.models import Enrollment

TODAY = dt.datetime(2026, 3, 12, 9, 0)


def probation(person: Any, worker: Any) -> Enrollment:
    return actions.enroll_person(
        actor=act(worker),
        person_uuid=person.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": "2026-03-02",
            "term_years": 1,
        },
        started_on=dt.date(2026, 3, 2),
        responsible_worker=worker,
    )


@pytest.fixture
def cases(world: World) -> dict[str, Enrollment]:
    """Both townships' cases reported on 4 March: strict level, contact due 11 March."""
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case_a = probation(world.person_a, world.worker_a)
        case_b = probation(world.person_b, world.worker_b)
        for case, worker in ((case_a, world.worker_a), (case_b, world.worker_b)):
            actions.transition_enrollment(
                actor=act(worker),
                enrollment_uuid=case.uuid,
                transition="report",
                on_date=dt.date(2026, 3, 4),
            )
    return {"a": case_a, "b": case_b}


def queue_page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("programs:queue"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    start = html.index(f'id="queue-{key}"')
    end = html.index("</section>", start)
    return html[start:end]


def test_the_worker_sees_the_overdue_contact_and_the_deadline_of_their_case(
    world: World, cases: dict[str, Enrollment]
) -> None:
    html = queue_page(world.worker_a)
    overdue = section(html, "overdue")
    assert "张东明" in overdue and "2026-03-11" in overdue
    assert reverse("programs:case", args=[cases["a"].uuid]) in overdue
    deadlines = section(html, "deadlines")
    assert "首次走访" in deadlines and "2026-03-18" in deadlines
    assert "省社区矫正实施细则" in deadlines  # the citation is shown
    assert "李西平" not in html
    assert str(cases["b"].uuid) not in html


def test_the_page_writes_one_event_naming_the_listed_cases(
    world: World, cases: dict[str, Enrollment]
) -> None:
    before = AccessEvent.objects.count()
    queue_page(world.worker_a)
    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [(e.action, e.object_type, e.object_ids) for e in events] == [
        ("queue.view", "enrollment", [str(cases["a"].uuid)])
    ]


def test_the_other_township_sees_only_its_own_case(
    world: World, cases: dict[str, Enrollment]
) -> None:
    html = queue_page(world.worker_b)
    assert "李西平" in section(html, "overdue")
    assert "张东明" not in html


@pytest.mark.parametrize("persona", ["civil_officer", "health_a", "outsider", "procurator"])
def test_other_agencies_see_neither_case(
    world: World, cases: dict[str, Enrollment], persona: str
) -> None:
    before = AccessEvent.objects.count()
    html = queue_page(getattr(world, persona))
    assert "张东明" not in html and "李西平" not in html
    event = AccessEvent.objects.order_by("seq").last()
    assert event is not None and AccessEvent.objects.count() == before + 1
    assert event.object_ids == []


def test_an_unassigned_case_is_taken_with_the_assign_to_me_button(world: World) -> None:
    case = actions.enroll_person(
        actor=act(world.worker_a),
        person_uuid=world.person_a.uuid,
        program="reentry",
        details={"source": "prison", "released_on": "2026-03-20"},
        started_on=dt.date(2026, 3, 1),
    )
    html = queue_page(world.worker_a)
    unassigned = section(html, "unassigned")
    assert "张东明" in unassigned and "由我负责" in unassigned
    assert "张东明" not in queue_page(world.worker_b)

    client = Client()
    client.force_login(world.worker_a)
    response = client.post(
        reverse("programs:assign", args=[case.uuid]),
        {"worker": world.worker_a.pk, "version": case.version, "return_to": "queue"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:queue")
    case.refresh_from_db()
    assert case.responsible_worker == world.worker_a
    assert "由我负责" not in section(queue_page(world.worker_a), "unassigned")


def test_home_and_nav_lead_writers_to_the_queue_and_readers_nowhere(
    client: Client, world: World
) -> None:
    queue_link = f'href="{reverse("programs:queue")}"'
    client.force_login(world.worker_a)
    home = client.get(reverse("people:home")).content.decode()
    assert home.count(queue_link) == 2  # the nav item and the link on the home page
    client.force_login(world.procurator)
    assert queue_link not in client.get(reverse("people:home")).content.decode()
