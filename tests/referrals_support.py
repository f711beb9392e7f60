"""Helpers for support and referral tests: person_a's 低保 need, a consent, a referral."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from tests.personas import World
from tests.programs_support import act
from tongxin.support import actions
from tongxin.support.models import Consent, Referral, SupportNeed

TODAY = dt.date(2026, 6, 1)


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)), tick=False)


def allowance_need(world: World, person: Any = None, user: Any = None) -> SupportNeed:
    with on(TODAY):
        return actions.record_need(
            actor=act(user or world.worker_a),
            person_uuid=(person or world.person_a).uuid,
            pathway="minimum_allowance",
            identified_on=TODAY,
            note="刑满释放后无收入,家中老母年迈",
        )


def consent_to_civil_affairs(
    world: World, *, days: int = 365, purposes: tuple[str, ...] = ("minimum_allowance",)
) -> Consent:
    with on(TODAY):
        return actions.record_consent(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            purposes=purposes,
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=TODAY,
            expires_on=TODAY + dt.timedelta(days=days),
        )


def refer_to_civil_affairs(
    world: World,
    need: SupportNeed | None = None,
    consent: Consent | None = None,
    fields: tuple[str, ...] = ("name", "residence_address", "phone"),
    day: dt.date = TODAY,
) -> Referral:
    need = need or allowance_need(world)
    consent = consent or consent_to_civil_affairs(world)
    with on(day):
        return actions.send_referral(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请最低生活保障,请核查家庭收入",
            fields=fields,
            consent_uuid=consent.uuid,
        )
