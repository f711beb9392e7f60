"""A prison's release notice registers each new person in the importing 司法所's township
and opens a 安置帮教 case waiting for handover, with the handover deadline on the release
day and the first home visit seven days after, exactly as enrolling by hand would."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice, run
from tongxin.audit.models import AuditEvent
from tongxin.lib.dates import term_end
from tongxin.lib.name_keys import name_keys
from tongxin.people.actions import id_number_index
from tongxin.people.models import Person
from tongxin.programs.models import Contact, Deadline, Enrollment, LevelChange
from tongxin.rosters.models import BatchStatus, Outcome


def test_release_notice_creates_people_and_pending_reentry_cases(world: World) -> None:
    audit_rows_before = AuditEvent.objects.count()
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([ZHAO, QIAN]))

    assert result.batch.status == BatchStatus.COMMITTED
    assert [plan.outcome for plan in result.rows] == [Outcome.CREATED, Outcome.CREATED]

    zhao = Person.objects.get(uuid=result.rows[0].person_uuid)
    assert (zhao.name, zhao.sex, zhao.birth_date) == (ZHAO.name, "M", ZHAO.birth)
    assert zhao.id_number == ZHAO.id_number
    assert zhao.id_number_index == id_number_index(ZHAO.id_number)
    assert (zhao.name_pinyin, zhao.name_initials) == ("zhaojianguo", "zjg")
    assert zhao.name_pinyin_variants == name_keys(ZHAO.name).variants_text
    assert zhao.owner_agency == world.justice_office_a and zhao.owner_sector == "justice"
    assert zhao.residence_region == world.town_a and zhao.created_by == world.worker_a

    case = Enrollment.objects.get(person=zhao)
    assert case.uuid == result.rows[0].enrollment_uuid
    assert (case.program, case.status, case.level, case.category) == (
        "reentry",
        "pending_handover",
        "ordinary",
        "prison",
    )
    assert case.owner_agency == world.justice_office_a and case.responsible_worker is None
    assert case.started_on == RELEASED
    assert case.planned_end_on == term_end(RELEASED, years=5)
    assert case.details == {
        "key_subject": False,
        "prison": "某某监狱",
        "released_on": RELEASED.isoformat(),
        "source": "prison",
    }
    deadlines = {d.code: d.due_on for d in Deadline.objects.filter(enrollment=case)}
    assert deadlines == {
        "handover": RELEASED,
        "first_home_visit": RELEASED + dt.timedelta(days=7),
    }
    assert all(d.status == "open" and d.citation for d in Deadline.objects.filter(enrollment=case))
    level = LevelChange.objects.get(enrollment=case)
    assert (level.to_level, level.effective_on, level.changed_by) == (
        "ordinary",
        RELEASED,
        world.worker_a,
    )
    # Waiting for handover schedules no visit yet (only "active" cases are scheduled).
    assert not Contact.objects.filter(enrollment=case).exists()
    assert case.next_contact_due_on is None

    # One audit row for the batch names every person and case it created.
    audit = AuditEvent.objects.get(action="roster.import")
    assert audit.object_ids == [str(result.batch.uuid)]
    assert audit.actor == world.worker_a and audit.agency_name == "东城镇司法所"
    assert sorted(audit.details["people_created"]) == sorted(
        str(plan.person_uuid) for plan in result.rows
    )
    assert sorted(audit.details["enrollments_created"]) == sorted(
        str(plan.enrollment_uuid) for plan in result.rows
    )
    assert audit.details["counts"]["created"] == 2
    assert AuditEvent.objects.count() == audit_rows_before + 1
