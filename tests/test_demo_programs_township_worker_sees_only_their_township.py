"""A demo login opens on living work of its own area only: the 城关镇 司法所 worker's queue has
overdue contacts, a missed deadline and alerts, all of 城关镇; another township's worker and
other agencies' staff see none of it; and every enrolled person is visible to the worker
responsible for the case, through the access policy."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tongxin.access import policy
from tongxin.programs.models import Enrollment
from tongxin.programs.queue import WorkQueue, worker_queue


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=6, stdout=StringIO())
        yield


def login(username: str) -> object:
    return get_user_model().objects.get(username=username)


def townships_in(queue: WorkQueue) -> set[str]:
    people = [c.enrollment.person for c in [*queue.overdue, *queue.due_today, *queue.due_soon]]
    people += [d.enrollment.person for d in queue.deadlines]
    people += [a.enrollment.person for a in queue.alerts]
    people += [e.person for e in queue.unassigned]
    return {person.residence_region.parent.name for person in people}


def test_the_chengguan_workers_queue_is_living_work_of_chengguan_only(demo: None) -> None:
    worker = login("sfs_chengguan_1")
    queue = worker_queue(worker)
    assert len(queue.overdue) >= 2
    assert queue.deadlines and queue.alerts
    assert townships_in(queue) == {"城关镇"}
    assert {c.enrollment.responsible_worker_id for c in queue.overdue} == {worker.pk}  # type: ignore[attr-defined]

    mine = set(queue.enrollment_uuids)
    colleague = worker_queue(login("sfs_chengguan_2"))
    assert not mine & set(colleague.enrollment_uuids)
    assert townships_in(colleague) <= {"城关镇"}
    # Another township's worker, and other agencies' staff (the county 民政局, the 城关镇
    # health centre and police station, the CDC): none of it.
    other_township = (
        get_user_model()
        .objects.filter(username__startswith="sfs_", username__endswith="_1")
        .exclude(username="sfs_chengguan_1")
        .order_by("username")
        .first()
    )
    assert other_township is not None
    others = ("mzj_shifan_1", "wsy_chengguan_1", "pcs_chengguan_1", "jkzx_shifan_1")
    for username in (other_township.get_username(), *others):
        other = worker_queue(login(username))
        assert not mine & set(other.enrollment_uuids), username
        if username.startswith("pcs_"):
            # The 派出所 sees open corrections cases of its township (社区矫正法 arts 28–31),
            # but works none of them.
            continue
        seen = policy.enrollments_visible_to(login(username)).values_list("uuid", flat=True)
        assert not mine & {str(u) for u in seen}, username


def test_every_enrolled_person_is_visible_to_the_worker_responsible_for_the_case(
    demo: None,
) -> None:
    people_by_worker: dict[int, set[int]] = defaultdict(set)
    for worker_id, person_id in Enrollment.objects.filter(
        responsible_worker__isnull=False
    ).values_list("responsible_worker_id", "person_id"):
        people_by_worker[worker_id].add(person_id)
    assert len(people_by_worker) > 30
    for worker_id, people in people_by_worker.items():
        worker = get_user_model().objects.get(pk=worker_id)
        visible = set(
            policy.people_visible_to(worker).filter(pk__in=people).values_list("pk", flat=True)
        )
        assert visible == people, worker.get_username()
        cases = policy.enrollments_visible_to(worker, write=True).filter(responsible_worker=worker)
        assert cases.count() == Enrollment.objects.filter(responsible_worker=worker).count()
    assert not Enrollment.objects.filter(person__is_restricted=True).exists()
