"""A referral relies on the person's consent for that agency and that pathway, on the day it
is sent; without one it is refused with a message that says what to do, and nothing is
written. Only a supervisor may refer without consent, with a reason, for a short time."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import World, member
from tests.programs_support import act
from tests.referrals_support import (
    TODAY,
    allowance_need,
    consent_to_civil_affairs,
    on,
    refer_to_civil_affairs,
)
from tongxin.audit.models import AuditEvent
from tongxin.organisation.models import Role
from tongxin.support import actions
from tongxin.support.actions import SupportRejected
from tongxin.support.models import Referral, SupportNeed


def refused(world: World, need: SupportNeed, **kwargs: object) -> dict[str, list[str]]:
    before = (Referral.objects.count(), AuditEvent.objects.count())
    arguments = {
        "actor": act(world.worker_a),
        "need_uuid": need.uuid,
        "to_agency_id": world.civil_affairs.pk,
        "purpose": "申请低保",
        "fields": ["name"],
        **kwargs,
    }
    with on(TODAY + dt.timedelta(days=10)), pytest.raises(SupportRejected) as refusal:
        actions.send_referral(**arguments)  # type: ignore[arg-type]
    assert (Referral.objects.count(), AuditEvent.objects.count()) == before
    need.refresh_from_db()
    assert need.status == "identified"
    return refusal.value.errors


def test_without_consent_the_referral_is_refused_and_says_to_record_one(world: World) -> None:
    errors = refused(world, allowance_need(world))
    assert errors == {
        "consent": ["转介须有本人(或监护人)有效的同意,请先登记同意或选择已登记的同意。"]
    }


def test_withdrawn_expired_or_too_narrow_consent_is_refused(world: World) -> None:
    need = allowance_need(world)
    short = consent_to_civil_affairs(world, days=5)
    assert refused(world, need, consent_uuid=short.uuid) == {
        "consent": ["此同意有效期为 2026-06-01 至 2026-06-06,今天不在有效期内,请重新取得同意。"]
    }
    training_only = consent_to_civil_affairs(world, purposes=("training",))
    assert refused(world, need, consent_uuid=training_only.uuid) == {
        "consent": ["此同意的用途不包括“最低生活保障(低保)”,请重新取得同意。"]
    }
    good = consent_to_civil_affairs(world)
    with on(TODAY + dt.timedelta(days=3)):
        actions.withdraw_consent(
            actor=act(world.worker_a), consent_uuid=good.uuid, on_date=TODAY + dt.timedelta(days=3)
        )
    assert refused(world, need, consent_uuid=good.uuid) == {
        "consent": ["此人已于 2026-06-04 撤回同意,不能据此转介。"]
    }


def test_consent_for_another_agency_does_not_cover_this_one(world: World) -> None:
    need = allowance_need(world)
    with on(TODAY):
        for_bureau = actions.record_consent(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            purposes=["minimum_allowance"],
            agency_ids=[world.justice_bureau.pk],
            form="written",
            given_on=TODAY,
        )
    assert refused(world, need, consent_uuid=for_bureau.uuid) == {
        "consent": ["此同意未包括“测试县民政局”,请重新取得同意。"]
    }


def test_a_worker_cannot_override_and_a_supervisor_must_give_a_reason(world: World) -> None:
    need = allowance_need(world)
    assert refused(world, need, override_reason="本人住院昏迷,急需临时救助办理低保") == {
        "override_reason": ["只有本机构的主管可以在无同意的情况下紧急转介。"]
    }
    chief = member("office_a_chief", world.justice_office_a, Role.SUPERVISOR)
    with on(TODAY), pytest.raises(SupportRejected) as short_reason:
        actions.send_referral(
            actor=act(chief),
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请低保",
            fields=["name"],
            override_reason="紧急",
        )
    assert "至少 10 个字" in short_reason.value.errors["override_reason"][0]
    with on(TODAY):
        referral = actions.send_referral(
            actor=act(chief),
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请低保",
            fields=["name"],
            override_reason="本人住院昏迷,家属失联,急需办理临时生活保障",
        )
    assert referral.consent is None and referral.override_until == dt.date(2026, 7, 1)
    sent = AuditEvent.objects.get(action="referral.send")
    assert sent.details["without_consent"] is True
    assert "昏迷" not in str(sent.details)  # the reason stays in its encrypted row


def test_a_consent_under_fourteen_needs_the_guardian(world: World) -> None:
    from tongxin.lib.resident_id import make_number
    from tongxin.people.actions import create_person

    child = create_person(
        actor=act(world.worker_a),
        data={
            "name": "张小明",
            "sex": "M",
            "birth_date": dt.date(2015, 2, 1),
            "id_number": make_number("990101", dt.date(2015, 2, 1), 45, "M"),
            "residence_region": world.village_a,
        },
    )
    with on(TODAY), pytest.raises(SupportRejected) as refusal:
        actions.record_consent(
            actor=act(world.worker_a),
            person_uuid=child.uuid,
            purposes=["education"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=TODAY,
        )
    assert "监护人" in refusal.value.errors["form"][0]


def test_a_valid_consent_lets_the_referral_go_with_its_fields(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    assert referral.status == "sent" and referral.respond_by == dt.date(2026, 6, 6)
    assert referral.disclosed_fields == ["name", "phone", "residence_address"]
    referral.need.refresh_from_db()
    assert referral.need.status == "referred"
