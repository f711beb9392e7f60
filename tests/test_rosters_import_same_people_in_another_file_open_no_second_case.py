"""The same people in another file: the same release (ID number + release date) is
"unchanged" and points at the case the first file opened; a different release while a case
is still open is matched with a note, as one person has one open case per program; only
new people are created."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, SUN, TODAY, ZHAO, release_notice, run
from tongxin.people.models import Person
from tongxin.programs.models import Deadline, Enrollment
from tongxin.rosters.models import Outcome


def test_a_second_file_with_the_same_people_opens_no_duplicate_cases(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        first = run(world.worker_a, release_notice([ZHAO, QIAN]))
    later = RELEASED + dt.timedelta(days=30)
    second_file = release_notice(
        [
            [ZHAO.name, ZHAO.id_number, "男", RELEASED, "盗窃罪", "某某监狱"],
            [QIAN.name, QIAN.id_number, "女", later, "盗窃罪", "某某监狱"],
            SUN,
        ]
    )
    with time_machine.travel(TODAY + dt.timedelta(days=7), tick=False):
        second = run(world.worker_a, second_file)

    zhao, qian, sun = second.rows
    assert [zhao.outcome, qian.outcome, sun.outcome] == [
        Outcome.UNCHANGED,
        Outcome.MATCHED,
        Outcome.CREATED,
    ]
    assert zhao.person_uuid == first.rows[0].person_uuid
    assert zhao.enrollment_uuid == first.rows[0].enrollment_uuid
    assert [r.message for r in zhao.reasons] == [
        "已有释放日期为 2026-04-01 的安置帮教登记,未重复登记。"
        f"该行已于 2026-03-03 由批次 {first.batch.uuid} 导入。"
    ]
    assert qian.person_uuid == first.rows[1].person_uuid and qian.enrollment_uuid is None
    assert [r.message for r in qian.reasons] == [
        "此人已有未结束的安置帮教登记(释放日期 2026-04-01),一人一项目只登记一次,"
        "本行未新建登记,请核对。"
    ]
    assert second.batch.counts["unchanged"] == 1 and second.batch.counts["matched"] == 1

    assert Person.objects.filter(name__in=[ZHAO.name, QIAN.name, SUN.name]).count() == 3
    for person in (ZHAO, QIAN, SUN):
        assert Enrollment.objects.filter(person__name=person.name, program="reentry").count() == 1
    assert Deadline.objects.filter(enrollment__person__name=QIAN.name).count() == 2
