"""Every legal deadline a program creates is shown under its program's own name — on the case
page, in the work queue and in the API — never under the generic "法定期限"."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import case_url
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions
from tongxin.programs.models import Deadline, Enrollment
from tongxin.programs.registry import get_spec


def label_of(deadline: Deadline) -> str:
    case = deadline.enrollment
    return get_spec(case.program).deadline_label(deadline.code, case.details)


def test_corrections_reentry_and_drug_rehab_deadlines_have_their_own_names(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0), tick=False):
        probation = enroll_probation(world, effective=dt.date(2026, 5, 1))
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=probation.uuid,
            transition="report",
            on_date=dt.date(2026, 5, 1),
        )
        outside = actions.enroll_person(
            actor=act(world.worker_b),
            person_uuid=world.person_b.uuid,
            program="corrections",
            details={
                "supervision_type": "temporary_outside",
                "judgment_effective_on": "2026-05-01",
                "term_years": 1,
            },
            started_on=dt.date(2026, 5, 1),
        )
        reentry = actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="reentry",
            details={"source": "prison", "released_on": "2026-06-01"},
            started_on=dt.date(2026, 5, 1),
        )
    names = {
        (d.enrollment_id, d.code): label_of(d)
        for d in Deadline.objects.select_related("enrollment")
    }
    assert names == {
        (probation.pk, "report"): "报到期限(判决、裁定生效之日起十日内)",
        (probation.pk, "pre_release_summary"): "解矫前个人总结与书面鉴定",
        (probation.pk, "first_home_visit"): "入矫后首次走访家庭或村(居)",
        (outside.pk, "report"): "交付接收期限(决定之日起十日内)",
        (outside.pk, "pre_release_summary"): "解矫前个人总结与书面鉴定",
        (reentry.pk, "handover"): "刑满释放人员衔接(接回、登记)",
        (reentry.pk, "first_home_visit"): "回归后首次走访",
    }
    assert (
        get_spec("drug_rehab").deadline_label("report", {}) == "报到期限(收到决定书之日起十五日内)"
    )
    assert get_spec("corrections").deadline_label("report_new_place", {}) == (
        "变更执行地后向新执行地报到"
    )


def reported(world: World) -> Enrollment:
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 5, 1))
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 5, 1),
        )
    return case


def test_the_case_page_queue_and_api_show_the_programs_name(world: World) -> None:
    case = reported(world)
    client = Client()
    client.force_login(world.worker_a)
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, 0), tick=False):
        page = client.get(reverse("programs:case", args=[case.uuid])).content.decode()
        queue = client.get(reverse("programs:queue")).content.decode()
        api = caller(world.worker_a)
        detail = api.get(case_url(case)).json()
        work = api.get("/api/v1/queue").json()
    assert "入矫后首次走访家庭或村(居)" in page
    assert "入矫后首次走访家庭或村(居)" in queue  # due on 15 May, within the week
    assert {d["code"]: d["label"] for d in detail["deadlines"]}["first_home_visit"] == (
        "入矫后首次走访家庭或村(居)"
    )
    assert [d["label"] for d in work["deadlines"]] == ["入矫后首次走访家庭或村(居)"]
