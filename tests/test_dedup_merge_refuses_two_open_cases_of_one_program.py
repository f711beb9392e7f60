"""Two files each with an open 社区矫正 case cannot be merged (one person, one case per
program): the decision is refused with what to do in Chinese, and nothing changes — the
pair stays open, no merge, no audit row, both cases on their own files."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.dedup_support import twin_pair
from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import on
from tongxin.audit.models import AuditEvent
from tongxin.dedup.actions import DedupRefused, decide_candidate
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PersonMerge
from tongxin.people.models import Person
from tongxin.programs.actions import enroll_person
from tongxin.programs.models import Enrollment

DAY = dt.date(2026, 6, 1)


def probation(world: World, person: Person) -> Enrollment:
    effective = DAY - dt.timedelta(days=10)
    with on(DAY):
        return enroll_person(
            actor=act(world.worker_a),
            person_uuid=person.uuid,
            program="corrections",
            details={
                "supervision_type": "probation",
                "judgment_effective_on": effective.isoformat(),
                "term_years": 1,
                "term_months": 0,
            },
            started_on=effective,
            responsible_worker=world.worker_a,
        )


def test_two_open_cases_of_one_program_refuse_the_merge(world: World) -> None:
    twin, pair = twin_pair(world)
    first, second = probation(world, world.person_a), probation(world, twin)

    with pytest.raises(DedupRefused) as refused:
        decide_candidate(act(world.county_supervisor), pair.uuid, "same", "重复建档")

    assert "两份档案都有未结束的社区矫正登记" in refused.value.message
    assert "请先在案件页结束重复的那一项登记" in refused.value.message
    assert MatchCandidate.objects.get(pk=pair.pk).status == CandidateStatus.OPEN
    assert not PersonMerge.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["dedup.decide", "person.merge"]).exists()
    assert Enrollment.objects.get(pk=first.pk).person_id == world.person_a.pk
    assert Enrollment.objects.get(pk=second.pk).person_id == twin.pk
    assert Person.objects.get(pk=twin.pk).merged_into_id is None
