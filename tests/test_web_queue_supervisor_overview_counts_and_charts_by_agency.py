"""The supervisor's overview: overdue, due today and due soon contacts, missed deadlines and
open alerts per agency and per worker — the same numbers a direct count gives — drawn as a
server-rendered SVG stacked bar chart with titles and the table beside it. Not for workers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from tests.personas import World, member, person_data
from tests.programs_support import act
from tongxin.audit.models import AccessEvent
from tongxin.organisation.models import Role
from tongxin.people.actions import create_person
from tongxin.programs import actions, scan
from tongxin.programs.models import Alert, Contact, Deadline

TODAY = dt.date(2026, 3, 20)


def probation(person: Any, worker: Any, effective: dt.date) -> Any:
    case = actions.enroll_person(
        actor=act(worker),
        person_uuid=person.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": effective.isoformat(),
            "term_years": 1,
        },
        started_on=effective,
        responsible_worker=worker,
    )
    actions.transition_enrollment(
        actor=act(worker), enrollment_uuid=case.uuid, transition="report", on_date=effective
    )
    return case


@pytest.fixture
def county(world: World) -> None:
    """On 20 March — township A: a contact missed on 11 March (scanned: marked missed,
    alerted, caught up today) and one due on 25 March; township B: one due on 19 March whose
    window is still open (overdue, not yet missed)."""
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        probation(world.person_a, world.worker_a, dt.date(2026, 3, 4))
    with time_machine.travel(dt.datetime(2026, 3, 18, 9, 0), tick=False):
        other = create_person(
            actor=act(world.worker_a),
            data=person_data("孙一", world.village_a, dt.date(1980, 5, 5), 71),
        )
        probation(other, world.worker_a, dt.date(2026, 3, 18))
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        probation(world.person_b, world.worker_b, dt.date(2026, 3, 12))
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        scan.run_scan()


def expected(agency: str) -> dict[str, int]:
    """Counted directly from the rows, for one agency's open cases."""
    of_agency = Q(enrollment__owner_agency__name=agency, enrollment__ended_on__isnull=True)
    planned = Contact.objects.filter(of_agency, status="planned")
    return {
        "overdue": planned.filter(due_on__lt=TODAY).count(),
        "due_today": planned.filter(due_on=TODAY).count(),
        "due_soon": planned.filter(
            due_on__gt=TODAY, due_on__lte=TODAY + dt.timedelta(days=7)
        ).count(),
        "missed_deadlines": Deadline.objects.filter(of_agency, status="missed").count(),
        "open_alerts": Alert.objects.filter(of_agency, resolved_at__isnull=True).count(),
    }


def overview(user: Any) -> Any:
    client = Client()
    client.force_login(user)
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        return client.get(reverse("programs:overview"))


def test_the_numbers_equal_a_direct_count(world: World, county: None) -> None:
    response = overview(world.county_supervisor)
    assert response.status_code == 200
    rows = {row.label: row for row in response.context["by_agency"]}
    assert set(rows) == {"东城镇司法所", "西山乡司法所"}
    for agency, row in rows.items():
        shown = {name: getattr(row, name) for name in expected(agency)}
        assert shown == expected(agency), agency
    # The scan turned the missed contact into a catch-up due today and an alert.
    assert (rows["东城镇司法所"].due_today, rows["东城镇司法所"].due_soon) == (1, 1)
    assert rows["东城镇司法所"].open_alerts >= 1
    assert rows["西山乡司法所"].overdue == 1
    workers = {row.label: row.total for row in response.context["by_worker"]}
    assert workers == {
        "worker_a": rows["东城镇司法所"].total,
        "worker_b": rows["西山乡司法所"].total,
    }


def test_the_chart_is_svg_with_titles_and_a_table_fallback(world: World, county: None) -> None:
    html = overview(world.county_supervisor).content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    a = expected("东城镇司法所")
    assert (
        f"东城镇司法所:逾期 {a['overdue']},今日到期 {a['due_today']},"
        f"七日内到期 {a['due_soon']}" in chart
    )
    for part in ("overdue", "due_today", "due_soon"):
        assert f'class="seg-{part}"' in chart
    assert '<table class="summary-table" id="by-agency">' in html
    assert 'href="#by-agency"' in html
    assert "<script" not in chart


def test_the_overview_is_audited_without_naming_a_case(world: World, county: None) -> None:
    before = AccessEvent.objects.count()
    overview(world.county_supervisor)
    event = AccessEvent.objects.order_by("seq").last()
    assert event is not None and AccessEvent.objects.count() == before + 1
    assert (event.action, event.object_ids) == ("queue.overview", [])


def test_an_office_supervisor_sees_only_their_office(world: World, county: None) -> None:
    supervisor_b = member("supervisor_b", world.justice_office_b, Role.SUPERVISOR)
    rows = overview(supervisor_b).context["by_agency"]
    assert [row.label for row in rows] == ["西山乡司法所"]


@pytest.mark.parametrize("persona", ["worker_a", "police_a", "health_a", "procurator", "outsider"])
def test_the_overview_is_not_for_those_who_supervise_nothing(
    world: World, county: None, persona: str
) -> None:
    response = overview(getattr(world, persona))
    assert response.status_code == 404
    assert "东城镇司法所" not in response.content.decode().split("<main")[1]
