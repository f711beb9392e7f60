"""Every support read writes exactly one AccessEvent naming what it returns before the data
leaves (a receiving agency's read names the fields it disclosed); a refused read writes none;
if the audit write fails, the caller gets an error and none of the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.api_programs_support import access_seq, access_since
from tests.api_referrals_support import (
    NOTIFICATIONS,
    REFERRALS,
    THREE_NOS,
    day,
    need_path,
    person_path,
    referral_path,
)
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, on
from tongxin.support import actions


@dataclass
class Shelter:
    """person_a's 住所安置 need referred to 民政 with consent, and person_a's 三无 facts."""

    person: str
    need: str
    consent: str
    referral: str


def shelter(world: World) -> Shelter:
    worker = act(world.worker_a)
    with on(TODAY):
        actions.record_livelihood_facts(
            actor=worker,
            person_uuid=world.person_a.uuid,
            recorded_on=TODAY,
            facts={"no_home": True, "no_relatives": True, "no_work": True},
        )
        need = actions.record_need(
            actor=worker,
            person_uuid=world.person_a.uuid,
            pathway="accommodation",
            identified_on=TODAY,
        )
        consent = actions.record_consent(
            actor=worker,
            person_uuid=world.person_a.uuid,
            purposes=["accommodation"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=TODAY,
        )
        referral = actions.send_referral(
            actor=worker,
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="安排临时住所",
            fields=["name", "birth_date", "phone"],
            consent_uuid=consent.uuid,
        )
    return Shelter(str(world.person_a.uuid), str(need.uuid), str(consent.uuid), str(referral.uuid))


READS = (
    "needs",
    "need",
    "consents",
    "facts",
    "outgoing",
    "sender_view",
    "incoming",
    "receiver_view",
    "notifications",
    "three_nos",
)


def read(world: World, s: Shelter, name: str) -> tuple[Any, str, dict[str, Any], tuple[Any, ...]]:
    """persona, path, params, and the (action, object type, ids, details) the read logs."""
    person = world.person_a
    return {
        "needs": (
            world.worker_a,
            person_path(person, "needs"),
            {},
            ("support_need.list", "support_need", [s.need], {"person": s.person}),
        ),
        "need": (
            world.worker_a,
            need_path({"uuid": s.need}),
            {},
            (
                "support_need.view",
                "support_need",
                [s.need],
                {"person": s.person, "referrals": [s.referral]},
            ),
        ),
        "consents": (
            world.worker_a,
            person_path(person, "consents"),
            {},
            ("consent.list", "consent", [s.consent], {"person": s.person}),
        ),
        "facts": (
            world.worker_a,
            person_path(person, "livelihood-facts"),
            {},
            ("livelihood_facts.view", "person", [s.person], {"records": 1}),
        ),
        "outgoing": (
            world.county_supervisor,
            REFERRALS,
            {"side": "outgoing"},
            ("referral.list", "referral", [s.referral], {"side": "outgoing", "count": 1}),
        ),
        "sender_view": (
            world.worker_a,
            referral_path({"uuid": s.referral}),
            {},
            ("referral.view", "referral", [s.referral], {"person": s.person, "sides": ["sender"]}),
        ),
        "incoming": (
            world.civil_officer,
            REFERRALS,
            {"side": "incoming"},
            (
                "referral.list",
                "referral",
                [s.referral],
                {"side": "incoming", "count": 1, "fields": ["name"]},
            ),
        ),
        "receiver_view": (
            world.civil_officer,
            referral_path({"uuid": s.referral}),
            {},
            (
                "referral.view",
                "referral",
                [s.referral],
                {
                    "person": s.person,
                    "sides": ["receiver"],
                    "fields": ["name", "birth_date", "phone"],
                },
            ),
        ),
        "notifications": (
            world.civil_officer,
            NOTIFICATIONS,
            {},
            ("referral.notifications", "referral", [s.referral], {"count": 1}),
        ),
        "three_nos": (
            world.county_supervisor,
            THREE_NOS,
            {},
            ("support.three_nos", "person", [s.person], {"count": 1}),
        ),
    }[name]


@pytest.mark.parametrize("name", READS)
def test_each_read_writes_one_event_naming_what_it_returns(world: World, name: str) -> None:
    s = shelter(world)
    user, path, params, logged = read(world, s, name)
    api = caller(user)
    with on(TODAY):
        seq = access_seq()
        response = api.get(path, params)
    assert response.status_code == 200, response.content
    [event] = access_since(seq)
    assert (event.action, event.object_type, event.object_ids, event.details) == logged
    assert (event.actor_id, event.channel) == (user.pk, "api")


@pytest.mark.parametrize("name", READS)
def test_a_refused_read_writes_no_event(world: World, name: str) -> None:
    s = shelter(world)
    _user, path, params, _logged = read(world, s, name)
    with on(TODAY):
        seq = access_seq()
        response = caller(world.worker_b).get(path, params)
    assert response.status_code in (200, 404)
    if response.status_code == 404:
        assert access_since(seq) == []
    else:  # a list: worker_b's is empty, and its event names nothing
        [event] = access_since(seq)
        assert event.object_ids == []
    assert "张东明" not in response.content.decode()


@pytest.mark.parametrize("name", READS)
def test_failed_audit_write_fails_the_read_without_data(
    world: World, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = shelter(world)
    user, path, params, _logged = read(world, s, name)
    api = caller(user)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("tongxin.access.disclosure.record_disclosure", broken)
    with on(TODAY):
        response = api.get(path, params)
    assert response.status_code == 500
    body = response.content.decode()
    for secret in ("张东明", s.person, s.referral, world.person_a.phone or "", "audit store"):
        assert secret not in body, secret


def test_data_returned_by_a_write_is_disclosed_too(world: World) -> None:
    s = shelter(world)
    with on(TODAY):
        seq = access_seq()
        response = caller(world.worker_a).post(
            need_path({"uuid": s.need}, "status"),
            {"to_status": "planned", "on_date": day(), "version": 2},
        )
    # The referral is open, so the need cannot be moved by hand; nothing was disclosed.
    assert response.status_code == 422 and access_since(seq) == []
    with on(TODAY):
        seq = access_seq()
        created = caller(world.worker_a).post(
            person_path(world.person_a, "needs"),
            {"pathway": "training", "identified_on": day()},
        )
    assert created.status_code == 201
    [event] = access_since(seq)
    assert (event.action, event.object_ids) == ("support_need.view", [created.json()["uuid"]])
