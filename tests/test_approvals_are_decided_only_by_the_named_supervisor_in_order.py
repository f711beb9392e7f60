"""Who decides an approval: the owner 司法所's head reviews, a 司法局 supervisor over the area
approves, in that order, never the requester, with a written opinion, on the version they
read. Everyone else is refused with the reason, or does not find the request at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tests.approvals_support import (
    active_probation,
    ask_leave,
    decide,
    office_a_supervisor,
    office_b_supervisor,
    on,
)
from tests.personas import World, member
from tests.programs_support import act
from tongxin.organisation.models import Membership, Role
from tongxin.programs import approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Approval, ApprovalStep

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def eight_days(world: World) -> Approval:
    """An 8-day leave: 司法所 review, then county approval."""
    case = active_probation(world)
    return ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 17), today=TODAY)


def state(approval: Approval) -> tuple[str, int, int]:
    """Status, version and number of recorded steps, as stored."""
    status, version = Approval.objects.values_list("status", "version").get(pk=approval.pk)
    return status, version, ApprovalStep.objects.filter(approval=approval).count()


def test_a_worker_cannot_review_even_in_the_owner_office(
    world: World, eight_days: Approval
) -> None:
    colleague = member("worker_a2", world.justice_office_a, Role.WORKER)
    for user in (colleague, world.worker_a):
        with pytest.raises(CaseworkRejected) as error:
            decide(user, eight_days, today=TODAY)
        assert "东城镇司法所的主管或机构管理员" in error.value.errors["__all__"][0]
    assert state(eight_days) == ("submitted", 1, 0)


def test_the_requester_cannot_decide_their_own_request(world: World) -> None:
    head = office_a_supervisor(world)
    case = active_probation(world)
    leave = ask_leave(case, head, dt.date(2026, 4, 10), dt.date(2026, 4, 12), today=TODAY)
    with pytest.raises(CaseworkRejected) as error:
        decide(head, leave, today=TODAY)
    assert "本人提出" in error.value.errors["__all__"][0]
    assert state(leave) == ("submitted", 1, 0)
    assert not approvals.approvals_waiting_for(head).exists()


def test_an_other_township_supervisor_does_not_even_find_the_request(
    world: World, eight_days: Approval
) -> None:
    # Outside their township the case is not visible: 404, as for every other read.
    other_head = office_b_supervisor(world)
    with pytest.raises(Http404):
        decide(other_head, eight_days, today=TODAY)
    with pytest.raises(Http404):
        approvals.get_approval_for_user(other_head, eight_days.uuid)
    assert state(eight_days) == ("submitted", 1, 0)


def test_approving_before_the_review_is_refused(world: World, eight_days: Approval) -> None:
    with pytest.raises(CaseworkRejected) as error:
        decide(world.county_supervisor, eight_days, today=TODAY)
    assert "须先由东城镇司法所审核" in error.value.errors["__all__"][0]
    assert state(eight_days) == ("submitted", 1, 0)


def test_a_disagreeing_review_ends_the_request_as_rejected(
    world: World, eight_days: Approval
) -> None:
    head = office_a_supervisor(world)
    rejected = decide(head, eight_days, today=TODAY, agreed=False, opinion="外出事由证明不足。")
    assert rejected.status == "rejected"
    step = ApprovalStep.objects.get(approval=eight_days)
    assert (step.step, step.agreed, step.opinion) == ("review", False, "外出事由证明不足。")
    with pytest.raises(CaseworkRejected) as error:
        decide(world.county_supervisor, eight_days, today=TODAY)
    assert "已办结" in error.value.errors["__all__"][0]
    assert not approvals.approvals_waiting_for(world.county_supervisor).exists()


def test_an_empty_opinion_is_refused(world: World, eight_days: Approval) -> None:
    head = office_a_supervisor(world)
    with pytest.raises(CaseworkRejected) as error:
        decide(head, eight_days, today=TODAY, opinion="   ")
    assert "opinion" in error.value.errors
    assert state(eight_days) == ("submitted", 1, 0)


def test_a_decision_on_a_stale_version_is_refused(world: World, eight_days: Approval) -> None:
    opened_at = eight_days.version
    decide(office_a_supervisor(world), eight_days, today=TODAY)
    with pytest.raises(CaseworkRejected) as error:
        decide(world.county_supervisor, eight_days, today=TODAY, expected_version=opened_at)
    assert "已被他人处理" in error.value.errors["__all__"][0]
    assert state(eight_days) == ("reviewed", 2, 1)


def test_whoever_reviewed_does_not_also_approve(world: World, eight_days: Approval) -> None:
    # One person heading the 司法所 and also holding a 司法局 supervisor post.
    both = office_a_supervisor(world)
    Membership.objects.create(
        user=both, agency=world.justice_bureau, role=Role.SUPERVISOR, jurisdiction=world.county
    )
    decide(both, eight_days, today=TODAY)
    with pytest.raises(CaseworkRejected) as error:
        decide(both, eight_days, today=TODAY)
    assert "另一位负责人" in error.value.errors["__all__"][0]
    assert state(eight_days) == ("reviewed", 2, 1)
    assert decide(world.county_supervisor, eight_days, today=TODAY).status == "approved"


def test_the_requester_withdraws_a_waiting_request_and_nobody_else_can(
    world: World, eight_days: Approval
) -> None:
    head = office_a_supervisor(world)
    decide(head, eight_days, today=TODAY)
    with on(TODAY), pytest.raises(CaseworkRejected) as error:
        approvals.withdraw_approval(actor=act(head), approval_uuid=eight_days.uuid)
    assert "申请人本人" in error.value.errors["__all__"][0]

    with on(TODAY):
        withdrawn = approvals.withdraw_approval(
            actor=act(world.worker_a), approval_uuid=eight_days.uuid
        )
    assert withdrawn.status == "withdrawn"
    with pytest.raises(CaseworkRejected):
        decide(world.county_supervisor, eight_days, today=TODAY)
    with on(TODAY), pytest.raises(CaseworkRejected):
        approvals.withdraw_approval(actor=act(world.worker_a), approval_uuid=eight_days.uuid)


def test_other_townships_and_agencies_can_neither_ask_nor_see_nor_decide(
    world: World, eight_days: Approval
) -> None:
    case = eight_days.enrollment
    for user in (world.worker_b, world.civil_officer, world.health_a, world.police_a):
        with pytest.raises(Http404):
            ask_leave(case, user, dt.date(2026, 5, 10), dt.date(2026, 5, 12), today=TODAY)
        with pytest.raises(Http404):
            decide(user, eight_days, today=TODAY)
        with on(TODAY), pytest.raises(Http404):
            approvals.withdraw_approval(actor=act(user), approval_uuid=eight_days.uuid)
    for user in (world.worker_b, world.civil_officer, world.health_a, world.outsider):
        with pytest.raises(Http404):
            approvals.get_approval_for_user(user, eight_days.uuid)
    # The procuratorate supervises: it reads the request but decides nothing.
    assert approvals.get_approval_for_user(world.procurator, eight_days.uuid) == eight_days
    with pytest.raises(Http404):
        decide(world.procurator, eight_days, today=TODAY)
    assert state(eight_days) == ("submitted", 1, 0)
    assert Approval.objects.count() == 1
