"""Deciding that person_a and a second file of them are one person merges the second into
the older file: every row of the second file (case, need, consent, referral, 三无 facts,
import row, reconciliation item) now belongs to person_a, the merge records exactly which,
both files' histories have an audit row, and nothing is deleted. A supervisor's unmerge
moves exactly those rows back and restores the second file; a row written on person_a
after the merge stays on person_a, and the pair is remembered as not the same."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from tests.dedup_support import casework_on, twin_pair
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate, unmerge
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PersonMerge
from tongxin.people.models import Person
from tongxin.support.actions import record_livelihood_facts
from tongxin.support.models import LivelihoodFacts


def owners(rows: dict[str, list[int]]) -> set[int]:
    return {
        apps.get_model(label).objects.get(pk=pk).person_id
        for label, ids in rows.items()
        for pk in ids
    }


def test_merge_moves_every_row_and_unmerge_moves_exactly_those_back(world: World) -> None:
    twin, pair = twin_pair(world)
    rows = casework_on(world, twin)
    people_before = Person.objects.count()
    supervisor = Actor(user=world.county_supervisor, channel="web")

    decide_candidate(supervisor, pair.uuid, "same", "同一人重复建档,身份证号后补")

    merge = PersonMerge.objects.get()
    assert (merge.survivor, merge.merged) == (world.person_a, twin)
    assert {key.rsplit(".", 1)[0]: ids for key, ids in merge.moved.items()} == rows
    assert owners(rows) == {world.person_a.pk}
    assert Person.objects.get(pk=twin.pk).merged_into_id == world.person_a.pk
    assert Person.objects.count() == people_before
    merges = AuditEvent.objects.filter(action="person.merge")
    assert {e.subject_id for e in merges} == {str(world.person_a.uuid), str(twin.uuid)}

    later = record_livelihood_facts(
        actor=Actor(user=world.worker_a, channel="web"),
        person_uuid=world.person_a.uuid,
        recorded_on=dt.date(2026, 7, 1),
        facts={"no_home": False},
    )
    unmerge(supervisor, merge.uuid, "核实为两人:父子同名")

    assert owners(rows) == {twin.pk}
    assert LivelihoodFacts.objects.get(pk=later.pk).person_id == world.person_a.pk
    assert Person.objects.get(pk=twin.pk).merged_into_id is None
    merge.refresh_from_db()
    assert merge.unmerged_by == world.county_supervisor and merge.unmerged_at is not None
    unmerges = AuditEvent.objects.filter(action="person.unmerge")
    assert {e.subject_id for e in unmerges} == {str(world.person_a.uuid), str(twin.uuid)}
    assert MatchCandidate.objects.filter(
        person=world.person_a, other_person=twin, status=CandidateStatus.NOT_SAME
    ).exists()
    assert Person.objects.count() == people_before
