"""The resettlement and help figures per township equal counts made by hand from a scenario
whose every fact is known, and each user's figures cover only what they may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.personas import World, member, person_data
from tests.programs_support import act
from tests.referrals_support import consent_to_civil_affairs, on
from tongxin.organisation.models import Agency, AgencyKind, Role
from tongxin.people.actions import create_person
from tongxin.programs import actions as program_actions
from tongxin.programs import teams
from tongxin.programs.models import Enrollment
from tongxin.support import actions
from tongxin.support.figures import support_figures

AS_OF = dt.date(2026, 9, 1)


def released(world: World, person: Any, worker: Any, source: str = "corrections") -> Enrollment:
    return program_actions.enroll_person(
        actor=act(worker),
        person_uuid=person.uuid,
        program="reentry",
        details={"source": source, "released_on": "2026-05-01"},
        started_on=dt.date(2026, 5, 1),
    )


def scenario(world: World) -> None:
    """Township A: three released people — P1 resettled (低保 via 民政, 2 days to service) and
    visited; P2 trained via 人社 (10 days to service; training is not resettlement) with a
    帮教小组; P3 nothing yet. Township B: P4 back on the land (resettled, never visited), a
    returned 临时救助 referral; P5 still awaiting handover (not counted)."""
    hr = Agency.objects.create(
        name="测试县人社局", kind=AgencyKind.HUMAN_RESOURCES, region=world.county
    )
    hr_officer = member("hr_officer", hr, Role.WORKER)
    a, b = act(world.worker_a), act(world.worker_b)
    with on(dt.date(2026, 5, 1)):
        p2 = create_person(
            actor=a, data=person_data("赵二", world.village_a, dt.date(1980, 1, 2), 51)
        )
        p3 = create_person(
            actor=a, data=person_data("钱三", world.village_a, dt.date(1981, 1, 2), 52)
        )
        p5 = create_person(
            actor=b, data=person_data("孙五", world.village_b, dt.date(1982, 1, 2), 53)
        )
        case1 = released(world, world.person_a, world.worker_a)
        case2 = released(world, p2, world.worker_a)
        released(world, p3, world.worker_a)
        released(world, world.person_b, world.worker_b)
        released(world, p5, world.worker_b, source="prison")
        teams.set_up_team(
            actor=a,
            enrollment_uuid=case2.uuid,
            kind="aid",
            members=[
                teams.NewMember(role="leader", name="东城司法所干部", sex="M", user=world.worker_a)
            ],
            set_up_on=dt.date(2026, 5, 1),
        )
    with on(dt.date(2026, 5, 20)):
        program_actions.record_contact(
            actor=a, enrollment_uuid=case1.uuid, kind="home_visit", done_on=dt.date(2026, 5, 20)
        )
    # P1: 低保 through 民政.
    consent = consent_to_civil_affairs(world, purposes=("minimum_allowance",))
    with on(dt.date(2026, 6, 1)):
        need1 = actions.record_need(
            actor=a,
            person_uuid=world.person_a.uuid,
            pathway="minimum_allowance",
            identified_on=dt.date(2026, 6, 1),
        )
        ref1 = actions.send_referral(
            actor=a,
            need_uuid=need1.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请低保",
            fields=["name"],
            consent_uuid=consent.uuid,
        )
        # P2: training through 人社.
        need2 = actions.record_need(
            actor=a, person_uuid=p2.uuid, pathway="training", identified_on=dt.date(2026, 6, 1)
        )
        consent2 = actions.record_consent(
            actor=a,
            person_uuid=p2.uuid,
            purposes=["training"],
            agency_ids=[hr.pk],
            form="written",
            given_on=dt.date(2026, 6, 1),
        )
        ref2 = actions.send_referral(
            actor=a,
            need_uuid=need2.uuid,
            to_agency_id=hr.pk,
            purpose="参加电工培训",
            fields=["name", "education"],
            consent_uuid=consent2.uuid,
        )
    civil = act(world.civil_officer)
    with on(dt.date(2026, 6, 21)):
        actions.start_service(actor=civil, referral_uuid=ref1.uuid, on_date=dt.date(2026, 6, 3))
        actions.complete_referral(
            actor=civil, referral_uuid=ref1.uuid, on_date=dt.date(2026, 6, 21), outcome="纳入低保"
        )
        actions.start_service(
            actor=act(hr_officer), referral_uuid=ref2.uuid, on_date=dt.date(2026, 6, 11)
        )
    with on(dt.date(2026, 8, 1)):
        actions.complete_referral(
            actor=act(hr_officer),
            referral_uuid=ref2.uuid,
            on_date=dt.date(2026, 8, 1),
            outcome="取得电工证",
        )
    # P4: land arranged by township B; a 临时救助 referral returned.
    with on(dt.date(2026, 7, 1)):
        land = actions.record_need(
            actor=b,
            person_uuid=world.person_b.uuid,
            pathway="land",
            identified_on=dt.date(2026, 6, 1),
        )
        actions.record_measure(
            actor=b, need_uuid=land.uuid, description="恢复责任田", started_on=dt.date(2026, 6, 5)
        )
        actions.change_need_status(
            actor=b,
            need_uuid=land.uuid,
            to_status="met",
            on_date=dt.date(2026, 7, 1),
            outcome="已耕种",
        )
        relief = actions.record_need(
            actor=b,
            person_uuid=world.person_b.uuid,
            pathway="temporary_relief",
            identified_on=dt.date(2026, 7, 1),
        )
        consent4 = actions.record_consent(
            actor=b,
            person_uuid=world.person_b.uuid,
            purposes=["temporary_relief"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=dt.date(2026, 7, 1),
        )
        ref4 = actions.send_referral(
            actor=b,
            need_uuid=relief.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="临时救助",
            fields=["name"],
            consent_uuid=consent4.uuid,
        )
        actions.reject_referral(
            actor=civil, referral_uuid=ref4.uuid, on_date=dt.date(2026, 7, 1), reason="不符合条件"
        )


def row(figures: Any) -> tuple[Any, ...]:
    return (
        figures.reentry_people,
        figures.resettled,
        figures.aided,
        figures.referrals,
        figures.completed,
        figures.median_days_to_service,
    )


def test_county_figures_by_township_and_in_total(world: World) -> None:
    scenario(world)
    figures = support_figures(world.county_supervisor, AS_OF)
    assert {t.name: row(t) for t in figures.townships} == {
        "东城镇": (3, 1, 2, 2, 2, 6),
        "西山乡": (1, 1, 0, 1, 0, None),
    }
    assert row(figures.total) == (4, 2, 2, 3, 2, 6)
    assert (figures.total.resettlement_rate, figures.total.aid_rate) == (50.0, 50.0)
    assert {p.pathway: p.counts for p in figures.by_pathway} == {
        "training": {"completed": 1},
        "minimum_allowance": {"completed": 1},
        "temporary_relief": {"rejected": 1},
    }


def test_before_the_services_began_nothing_is_met(world: World) -> None:
    scenario(world)
    early = support_figures(world.county_supervisor, dt.date(2026, 6, 2))
    assert row(early.total) == (4, 0, 2, 2, 0, None)


def test_each_user_sees_the_figures_of_what_they_may_see(world: World) -> None:
    scenario(world)
    township_a = support_figures(world.worker_a, AS_OF)
    assert [t.name for t in township_a.townships] == ["东城镇"]
    assert row(township_a.total) == (3, 1, 2, 2, 2, 6)
    # 民政 sees the referrals it received and still holds (not the returned one), no cases.
    civil = support_figures(world.civil_officer, AS_OF)
    assert row(civil.total) == (0, 0, 0, 1, 1, 2)
    for persona in ("health_a", "outsider"):
        nothing = support_figures(getattr(world, persona), AS_OF)
        assert row(nothing.total) == (0, 0, 0, 0, 0, None) and nothing.townships == []
