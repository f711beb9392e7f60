"""Lost contact (社区矫正法 art 30): an episode is flagged, searched for with recorded outcomes,
reported to the police, and closed when the person is found. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.http import Http404

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.audit.models import AuditEvent
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.lost_contact import (
    days_absconded,
    flag_lost_contact,
    mark_found,
    notify_police,
    record_search,
)
from tongxin.programs.models import Enrollment, LostContact, SearchAction

SINCE = dt.date(2026, 5, 4)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    actions.transition_enrollment(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        transition="report",
        on_date=dt.date(2026, 3, 9),
    )
    return case


@pytest.fixture
def episode(world: World, case: Enrollment) -> LostContact:
    return flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)


def test_flagging_opens_an_episode_and_marks_the_case_out_of_contact(
    world: World, case: Enrollment, episode: LostContact
) -> None:
    case.refresh_from_db()
    assert case.lost_contact_since == SINCE
    assert episode.flagged_by == world.worker_a and episode.found_on is None
    assert AuditEvent.objects.filter(action="lost_contact.flag", subject_id=str(case.uuid)).exists()


def test_an_earlier_out_of_contact_date_from_the_scan_is_kept(
    world: World, case: Enrollment
) -> None:
    Enrollment.objects.filter(pk=case.pk).update(lost_contact_since=dt.date(2026, 4, 27))
    flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)
    case.refresh_from_db()
    assert case.lost_contact_since == dt.date(2026, 4, 27)


def test_a_second_open_episode_is_refused(
    world: World, case: Enrollment, episode: LostContact
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        flag_lost_contact(
            actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=dt.date(2026, 5, 20)
        )
    assert "2026-05-04" in error.value.errors["since_on"][0]
    assert LostContact.objects.count() == 1


def test_searches_are_recorded_with_encrypted_outcomes(world: World, episode: LostContact) -> None:
    search = record_search(
        actor=act(world.worker_a),
        episode_uuid=episode.uuid,
        on_date=dt.date(2026, 5, 5),
        method="visit",
        outcome="走访其父母,称已外出打工",
    )
    assert search.by == world.worker_a and search.method == "visit"
    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome FROM programs_searchaction")
        stored = cursor.fetchone()[0]
    assert "打工" not in stored
    event = AuditEvent.objects.get(action="lost_contact.search")
    assert "打工" not in str(event.details)


@pytest.mark.parametrize(
    ("method", "outcome", "on_date", "field"),
    [
        ("police", "请求协查", dt.date(2026, 5, 5), "method"),
        ("phone", "  ", dt.date(2026, 5, 5), "outcome"),
        ("phone", "关机", dt.date(2026, 5, 3), "on_date"),
        ("phone", "关机", dt.date(2026, 6, 2), "on_date"),
    ],
)
def test_a_search_needs_a_method_an_outcome_and_a_date_within_the_episode(
    world: World, episode: LostContact, method: str, outcome: str, on_date: dt.date, field: str
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        record_search(
            actor=act(world.worker_a),
            episode_uuid=episode.uuid,
            on_date=on_date,
            method=method,
            outcome=outcome,
        )
    assert field in error.value.errors
    assert not SearchAction.objects.exists()


def test_notifying_the_police_is_dated_recorded_as_a_search_and_done_once(
    world: World, episode: LostContact
) -> None:
    notify_police(actor=act(world.worker_a), episode_uuid=episode.uuid, on_date=dt.date(2026, 5, 6))
    episode.refresh_from_db()
    assert episode.police_notified_on == dt.date(2026, 5, 6)
    assert list(SearchAction.objects.values_list("method", "on_date")) == [
        ("police", dt.date(2026, 5, 6))
    ]
    with pytest.raises(CaseworkRejected) as error:
        notify_police(
            actor=act(world.worker_a), episode_uuid=episode.uuid, on_date=dt.date(2026, 5, 7)
        )
    assert "2026-05-06" in error.value.errors["on_date"][0]


def test_finding_the_person_closes_the_episode_and_clears_the_mark(
    world: World, case: Enrollment, episode: LostContact
) -> None:
    assert days_absconded(episode, TODAY) == 28
    mark_found(actor=act(world.worker_a), episode_uuid=episode.uuid, found_on=dt.date(2026, 5, 16))
    episode.refresh_from_db()
    case.refresh_from_db()
    assert episode.found_on == dt.date(2026, 5, 16) and case.lost_contact_since is None
    # Once found, the clock stops at the day found.
    assert days_absconded(episode, TODAY) == 12
    assert AuditEvent.objects.get(action="lost_contact.found").details["days"] == 12
    with pytest.raises(CaseworkRejected):
        record_search(
            actor=act(world.worker_a),
            episode_uuid=episode.uuid,
            on_date=TODAY,
            method="phone",
            outcome="已找到",
        )
    # A new episode may open after the last one closed.
    flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=TODAY)
    assert LostContact.objects.filter(found_on__isnull=True).count() == 1


def test_found_before_the_episode_began_is_refused(world: World, episode: LostContact) -> None:
    with pytest.raises(CaseworkRejected) as error:
        mark_found(
            actor=act(world.worker_a), episode_uuid=episode.uuid, found_on=dt.date(2026, 5, 1)
        )
    assert "found_on" in error.value.errors
    episode.refresh_from_db()
    assert episode.found_on is None


def test_programs_without_searches_refuse_an_episode(world: World) -> None:
    patient = actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": 1},
        started_on=dt.date(2026, 4, 1),
    )
    with pytest.raises(CaseworkRejected):
        flag_lost_contact(actor=act(world.health_a), enrollment_uuid=patient.uuid, since_on=SINCE)
    assert not LostContact.objects.exists()


@pytest.mark.parametrize("who", ["worker_b", "civil_officer", "health_a"])
def test_outsiders_get_404_on_every_lost_contact_action(
    world: World, case: Enrollment, episode: LostContact, who: str
) -> None:
    user = act(getattr(world, who))
    with pytest.raises(Http404):
        flag_lost_contact(actor=user, enrollment_uuid=case.uuid, since_on=SINCE)
    with pytest.raises(Http404):
        record_search(
            actor=user,
            episode_uuid=episode.uuid,
            on_date=SINCE,
            method="phone",
            outcome="无人接听",
        )
    with pytest.raises(Http404):
        notify_police(actor=user, episode_uuid=episode.uuid, on_date=SINCE)
    with pytest.raises(Http404):
        mark_found(actor=user, episode_uuid=episode.uuid, found_on=SINCE)
    episode.refresh_from_db()
    assert episode.found_on is None and episode.police_notified_on is None
    assert not SearchAction.objects.exists()


def test_a_recorded_contact_does_not_stop_the_absconding_clock_of_an_open_episode(
    world: World, case: Enrollment, episode: LostContact
) -> None:
    actions.record_contact(
        actor=act(world.worker_a), enrollment_uuid=case.uuid, kind="phone", done_on=TODAY
    )
    case.refresh_from_db()
    assert case.lost_contact_since == SINCE  # only mark_found closes the episode
