"""Possible-duplicate pairs as the import and the scan open them, for the dedup tests."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World, person_data
from tests.roster_import_support import RELEASED, TODAY, release_notice, run
from tongxin.audit.record import Actor
from tongxin.dedup.models import MatchCandidate, PairKind
from tongxin.dedup.scanning import find_duplicates
from tongxin.lib.resident_id import make_number
from tongxin.people.actions import create_person
from tongxin.people.models import Person
from tongxin.rosters.importing import ImportResult

# person_a's name and birth date under another valid number: the linkage scores 70.
OTHER_NUMBER = make_number("110101", dt.date(1985, 3, 14), 55, "M")
LOOK_ALIKE_ROW = ["张东明", OTHER_NUMBER, "男", RELEASED, "盗窃罪", "某某监狱"]


def held_row(world: World, file_name: str = "名单.xlsx") -> tuple[ImportResult, MatchCandidate]:
    """worker_a imports a release notice whose one row may be person_a: its open pair."""
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([LOOK_ALIKE_ROW]), file_name=file_name)
    [candidate] = MatchCandidate.objects.filter(
        kind=PairKind.IMPORT_ROW, import_row__batch=result.batch
    )
    return result, candidate


def second_file(world: World) -> Person:
    """A second 东城镇司法所 file of person_a's name and birth date, without an ID number."""
    data = person_data("张东明", world.village_a, world.person_a.birth_date, 77)
    data["id_number"] = ""
    return create_person(
        actor=Actor(user=world.worker_a, channel="web"), data=data, confirm_similar=True
    )


def scan() -> list[MatchCandidate]:
    """The whole registry's scan; the pairs it opened."""
    result = find_duplicates(Actor.cli(), Person.objects.filter(merged_into__isnull=True), "*")
    return result.opened


def twin_pair(world: World) -> tuple[Person, MatchCandidate]:
    """person_a and a second file of them, as the scan proposes them."""
    twin = second_file(world)
    [pair] = [c for c in scan() if {c.person_id, c.other_person_id} == {world.person_a.pk, twin.pk}]
    return twin, pair


def casework_on(world: World, person: Person) -> dict[str, list[int]]:
    """One row of every kind that belongs to a person, written on ``person`` by its writers
    (a case, a need, a consent, a referral, 三无 facts) or as an import and a reconciliation
    leave them: model label → primary keys."""
    from tests.programs_support import act
    from tests.referrals_support import TODAY as SUPPORT_DAY
    from tests.referrals_support import on
    from tongxin.organisation.models import Agency
    from tongxin.programs.actions import enroll_person
    from tongxin.rosters.models import Discrepancy, ImportBatch, ImportRow, ReconciliationRun
    from tongxin.support import actions

    actor = act(world.worker_a)
    effective = SUPPORT_DAY - dt.timedelta(days=30)
    with on(SUPPORT_DAY):
        case = enroll_person(
            actor=actor,
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
        need = actions.record_need(
            actor=actor,
            person_uuid=person.uuid,
            pathway="minimum_allowance",
            identified_on=SUPPORT_DAY,
            note="无收入",
        )
        consent = actions.record_consent(
            actor=actor,
            person_uuid=person.uuid,
            purposes=["minimum_allowance"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=SUPPORT_DAY,
            expires_on=SUPPORT_DAY + dt.timedelta(days=365),
        )
        referral = actions.send_referral(
            actor=actor,
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请最低生活保障",
            fields=("name",),
            consent_uuid=consent.uuid,
        )
        facts = actions.record_livelihood_facts(
            actor=actor, person_uuid=person.uuid, recorded_on=SUPPORT_DAY, facts={"no_work": True}
        )
    office: Agency = world.justice_office_a
    batch = ImportBatch.objects.create(
        kind="police_roster",
        file_name="名单.xlsx",
        sha256="0" * 64,
        size=1,
        agency=office,
        uploaded_by=world.worker_a,
        status="committed",
    )
    row = ImportRow.objects.create(batch=batch, row_number=2, outcome="matched", person=person)
    run_ = ReconciliationRun.objects.create(
        kind="police_roster",
        file_name="名单.xlsx",
        sha256="0" * 64,
        agency=office,
        run_by=world.worker_a,
    )
    item = Discrepancy.objects.create(
        run=run_,
        last_run=run_,
        kind="mismatch",
        agency=office,
        person=person,
        subject_key=f"person:{person.pk}",
    )
    return {
        "programs.Enrollment": [case.pk],
        "support.SupportNeed": [need.pk],
        "support.Consent": [consent.pk],
        "support.Referral": [referral.pk],
        "support.LivelihoodFacts": [facts.pk],
        "rosters.ImportRow": [row.pk],
        "rosters.Discrepancy": [item.pk],
    }
