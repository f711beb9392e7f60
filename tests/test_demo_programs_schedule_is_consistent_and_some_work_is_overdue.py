"""The demo's schedules are what the actions and the daily scan would have left: one planned
contact per open case that schedules (its date in ``next_contact_due_on``), none for the
others; some work overdue today, with its alerts and lost contacts; and the scan, run today,
raises its alerts once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max

from tongxin.programs.models import Alert, Contact, Deadline, Enrollment, LostContact
from tongxin.programs.registry import get_spec
from tongxin.programs.scan import run_scan

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=4, stdout=StringIO())
        yield


def test_each_open_case_that_schedules_has_exactly_one_planned_contact(demo: None) -> None:
    planned: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(status="planned"):
        planned[contact.enrollment_id].append(contact)
    last_done = dict(
        Contact.objects.filter(status="done")
        .values("enrollment_id")
        .annotate(last=Max("done_on"))
        .values_list("enrollment_id", "last")
    )
    checked = near_the_end = 0
    for enrollment in Enrollment.objects.filter(ended_on__isnull=True):
        spec = get_spec(enrollment.program)
        mine = planned.get(enrollment.pk, [])
        if enrollment.status not in spec.scheduling_statuses:
            assert mine == [] and enrollment.next_contact_due_on is None, enrollment.pk
            continue
        checked += 1
        if mine:
            assert len(mine) == 1
            assert mine[0].due_on == enrollment.next_contact_due_on, enrollment.pk
            continue
        # Nothing is planned past the planned end (plan_next_contact): the only open cases
        # without a planned contact are those within one interval of their end.
        near_the_end += 1
        interval = spec.levels()[enrollment.level].interval_days or 0
        last = last_done[enrollment.pk]
        assert enrollment.next_contact_due_on is None
        assert enrollment.planned_end_on is not None
        assert last + dt.timedelta(days=interval) > enrollment.planned_end_on, enrollment.pk
    assert checked > 900
    assert near_the_end < checked / 20
    # Ended cases plan nothing.
    assert not Contact.objects.filter(status="planned", enrollment__ended_on__isnull=False).exists()


def test_some_work_is_overdue_with_its_alerts_and_lost_contacts(demo: None) -> None:
    overdue = Contact.objects.filter(status="planned", due_on__lt=TODAY)
    assert overdue.count() > 20
    programs = set(overdue.values_list("enrollment__program", flat=True))
    assert {"corrections", "reentry", "mental_health", "drug_rehab"} <= programs

    open_alerts = Alert.objects.filter(resolved_at__isnull=True)
    kinds = set(open_alerts.values_list("kind", flat=True))
    assert {"contact_missed", "deadline_missed", "lost_to_follow_up"} <= kinds
    for alert in open_alerts.filter(kind="contact_missed").select_related("enrollment"):
        # The scan marks the case out of contact when it raises the alert.
        assert alert.enrollment.lost_contact_since is not None
        assert alert.enrollment.ended_on is None
        assert alert.assignee_id == alert.enrollment.responsible_worker_id
    for alert in open_alerts.filter(kind="deadline_missed"):
        deadline = Deadline.objects.get(uuid=alert.cause_key.removeprefix("deadline:"))
        assert deadline.status == "missed" and deadline.due_on < alert.raised_on

    episodes = LostContact.objects.filter(found_on__isnull=True)
    assert 1 <= episodes.count() <= 4
    for episode in episodes:
        assert episode.searches.count() >= 2
        assert episode.since_on < TODAY

    lost = Enrollment.objects.filter(status="lost")
    assert lost.exists()
    assert all(case.lost_contact_since <= TODAY - dt.timedelta(days=28) for case in lost)  # type: ignore[operator]


def test_the_scan_run_today_raises_its_alerts_once(demo: None) -> None:
    before = Alert.objects.filter(resolved_at__isnull=True).count()
    first = run_scan()
    assert first.alerts_raised > 0
    assert first.deadlines_missed >= 1  # the report that fell due yesterday
    after_first = Alert.objects.filter(resolved_at__isnull=True).count()
    assert after_first == before + first.alerts_raised
    second = run_scan()
    assert (
        second.contacts_missed,
        second.deadlines_missed,
        second.lost_to_follow_up,
        second.alerts_raised,
    ) == (0, 0, 0, 0)
    assert Alert.objects.filter(resolved_at__isnull=True).count() == after_first
