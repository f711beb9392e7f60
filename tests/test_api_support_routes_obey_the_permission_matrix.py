"""Every support API route, called by every persona, answers exactly what
tests/permission_matrix.py says: person_a's needs, consents and facts for those who may read
(or work) the file; person_a's referral for its sending side and its receiving agency, each
step for the side that takes it; and for everyone else 404 (or an empty answer), never the
person's name or ID number, and no change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.api_programs_support import audit_seq, audit_since
from tests.api_referrals_support import (
    AGENCIES,
    FIGURES,
    NOTIFICATIONS,
    REFERRALS,
    THREE_NOS,
    day,
    need_path,
    person_path,
    referral_path,
    withdraw_path,
)
from tests.api_support import caller
from tests.permission_matrix import REFERRAL_A, ROUTES, SUPPORT_A
from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, on
from tongxin.support import actions
from tongxin.support.models import (
    Consent,
    LivelihoodFacts,
    Notification,
    Referral,
    SupportMeasure,
    SupportNeed,
)

PERSON_KINDS = ("need_read", "need_write")
REFERRAL_KINDS = ("referral_read", "referral_sender", "referral_receiver")
SIGNED_IN_KINDS = ("support_signed_in",)
REFERRED = ("minimum_allowance", "temporary_relief", "medical_aid", "accommodation")
THREE_NOS_FACTS = {"no_home": True, "no_relatives": True, "no_work": True}

Call = tuple[str, str, dict[str, Any], int]


@dataclass
class Setup:
    consent: Any
    spare_consent: Any
    training: Any  # a need worked by hand
    to_refer: Any  # a need to send over the API
    referrals: dict[str, Any]


def set_up(world: World) -> Setup:
    """person_a's needs, consents and four referrals to 民政, one already accepted."""
    worker = act(world.worker_a)
    with on(TODAY):
        pathways = [*REFERRED, "extreme_poverty"]
        consent = actions.record_consent(
            actor=worker,
            person_uuid=world.person_a.uuid,
            purposes=pathways,
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=TODAY,
        )
        spare = actions.record_consent(
            actor=worker,
            person_uuid=world.person_a.uuid,
            purposes=["training"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=TODAY,
        )
        needs = {
            pathway: actions.record_need(
                actor=worker, person_uuid=world.person_a.uuid, pathway=pathway, identified_on=TODAY
            )
            for pathway in [*pathways, "training"]
        }
        referrals = {
            pathway: actions.send_referral(
                actor=worker,
                need_uuid=needs[pathway].uuid,
                to_agency_id=world.civil_affairs.pk,
                purpose="请协助办理",
                fields=["name", "phone"],
                consent_uuid=consent.uuid,
            )
            for pathway in REFERRED
        }
        actions.accept_referral(
            actor=act(world.civil_officer),
            referral_uuid=referrals["medical_aid"].uuid,
            on_date=TODAY,
        )
    return Setup(consent, spare, needs["training"], needs["extreme_poverty"], referrals)


def person_calls(world: World, setup: Setup) -> dict[str, Call]:
    """route → (method, path, body, success status), in an order that works the file."""
    person = world.person_a
    return {
        "api:list_person_needs": ("get", person_path(person, "needs"), {}, 200),
        "api:get_need": ("get", need_path(setup.training), {}, 200),
        "api:list_person_consents": ("get", person_path(person, "consents"), {}, 200),
        "api:get_livelihood_facts": ("get", person_path(person, "livelihood-facts"), {}, 200),
        "api:record_person_need": (
            "post",
            person_path(person, "needs"),
            {"pathway": "employer_placement", "identified_on": day()},
            201,
        ),
        "api:change_need_status": (
            "post",
            need_path(setup.training, "status"),
            {"to_status": "planned", "on_date": day(), "version": 1},
            200,
        ),
        "api:record_need_measure": (
            "post",
            need_path(setup.training, "measures"),
            {"description": "报名县职校电工班", "started_on": day()},
            201,
        ),
        "api:send_need_referral": (
            "post",
            need_path(setup.to_refer, "referrals"),
            {
                "to_agency": world.civil_affairs.pk,
                "purpose": "申请特困供养",
                "fields": ["name"],
                "consent": str(setup.consent.uuid),
            },
            201,
        ),
        "api:record_person_consent": (
            "post",
            person_path(person, "consents"),
            {
                "purposes": ["training"],
                "agencies": [world.civil_affairs.pk],
                "form": "oral_recorded",
                "given_on": day(),
            },
            201,
        ),
        "api:withdraw_person_consent": (
            "post",
            withdraw_path(setup.spare_consent),
            {"on_date": day()},
            200,
        ),
        "api:record_livelihood_facts": (
            "post",
            person_path(person, "livelihood-facts"),
            {"recorded_on": day(), **THREE_NOS_FACTS},
            201,
        ),
    }


def referral_calls(setup: Setup) -> dict[str, Call]:
    allowance = setup.referrals["minimum_allowance"]
    relief = setup.referrals["temporary_relief"]
    medical = setup.referrals["medical_aid"]
    shelter = setup.referrals["accommodation"]
    on_day = {"on_date": day()}
    return {
        "api:get_referral": ("get", referral_path(allowance), {}, 200),
        "api:accept_referral": (
            "post",
            referral_path(allowance, "accept"),
            {**on_day, "version": 1},
            200,
        ),
        "api:start_referral_service": (
            "post",
            referral_path(allowance, "start"),
            {**on_day, "version": 2},
            200,
        ),
        "api:complete_referral": (
            "post",
            referral_path(allowance, "complete"),
            {**on_day, "version": 3, "outcome": "纳入低保"},
            200,
        ),
        "api:reject_referral": (
            "post",
            referral_path(relief, "reject"),
            {**on_day, "version": 1, "reason": "不符合条件"},
            200,
        ),
        "api:end_referral": (
            "post",
            referral_path(medical, "end"),
            {**on_day, "version": 2, "reason": "本人已迁出"},
            200,
        ),
        "api:revoke_referral": (
            "post",
            referral_path(shelter, "revoke"),
            {**on_day, "version": 1, "reason": "已由亲属接回"},
            200,
        ),
    }


SIGNED_IN_ROUTES = (
    "api:list_referrals",
    "api:list_notifications",
    "api:mark_notifications_read",
    "api:list_three_nos",
    "api:get_support_figures",
    "api:list_support_agencies",
)


def routes_of(kinds: tuple[str, ...]) -> set[str]:
    return {route for route, kind in ROUTES.items() if kind in kinds}


def test_every_support_route_is_called_here(world: World) -> None:
    setup = set_up(world)
    assert routes_of(PERSON_KINDS) == set(person_calls(world, setup))
    assert routes_of(REFERRAL_KINDS) == set(referral_calls(setup))
    assert routes_of(SIGNED_IN_KINDS) == set(SIGNED_IN_ROUTES)


def secrets(world: World) -> tuple[str, ...]:
    return ("张东明", world.person_a.id_number or "")


def file_state() -> tuple[Any, ...]:
    return (
        sorted(SupportNeed.objects.values_list("pathway", "status", "version")),
        SupportMeasure.objects.count(),
        Referral.objects.count(),
        sorted(Consent.objects.values_list("purposes", "withdrawn_on")),
        LivelihoodFacts.objects.count(),
    )


@pytest.mark.parametrize("persona", sorted(SUPPORT_A))
def test_person_support_routes_follow_the_person_file(world: World, persona: str) -> None:
    may_read = may_write = SUPPORT_A[persona]
    setup = set_up(world)
    api = caller(getattr(world, persona))
    before, seq = file_state(), audit_seq()
    with on(TODAY):
        for route, (method, path, body, success) in person_calls(world, setup).items():
            allowed = may_write if ROUTES[route] == "need_write" else may_read
            response = getattr(api, method)(path, body)
            text = response.content.decode()
            if allowed:
                assert response.status_code == success, (persona, route, text)
                if ROUTES[route] == "need_read":
                    assert "张东明" in text, (persona, route)
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert not any(secret in text for secret in secrets(world)), (persona, route)
    if may_write:
        assert len(audit_since(seq)) == 7  # one change row per write
    else:
        assert (file_state(), audit_since(seq)) == (before, [])


@pytest.mark.parametrize("persona", sorted(REFERRAL_A))
def test_referral_routes_follow_the_sides_of_the_referral(world: World, persona: str) -> None:
    may_read, may_send, may_receive = REFERRAL_A[persona]
    setup = set_up(world)
    api = caller(getattr(world, persona))
    allowed_by_kind = {
        "referral_read": may_read,
        "referral_sender": may_send,
        "referral_receiver": may_receive,
    }
    versions = {r.uuid: r.version for r in Referral.objects.all()}
    with on(TODAY):
        for route, (method, path, body, success) in referral_calls(setup).items():
            response = getattr(api, method)(path, body)
            text = response.content.decode()
            if allowed_by_kind[ROUTES[route]]:
                assert response.status_code == success, (persona, route, text)
                if route == "api:get_referral":
                    assert "张东明" in text
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert not any(secret in text for secret in secrets(world)), (persona, route)
    after = {r.uuid: r.version for r in Referral.objects.all()}
    moved = {pathway for pathway, r in setup.referrals.items() if after[r.uuid] != versions[r.uuid]}
    expected = {"revoke": {"accommodation"} if may_send else set()}
    if may_receive:
        expected["receive"] = {"minimum_allowance", "temporary_relief", "medical_aid"}
    assert moved == set().union(*expected.values()), persona


@pytest.mark.parametrize("persona", sorted(SUPPORT_A))
def test_signed_in_support_routes_answer_only_what_the_caller_may_see(
    world: World, persona: str
) -> None:
    """One 住所安置 referral of person_a to 民政, accepted, and 三无 facts of person_a."""
    with on(TODAY):
        actions.record_livelihood_facts(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            recorded_on=TODAY,
            facts=THREE_NOS_FACTS,
        )
        need = actions.record_need(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            pathway="accommodation",
            identified_on=TODAY,
        )
        consent = actions.record_consent(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            purposes=["accommodation"],
            agency_ids=[world.civil_affairs.pk],
            form="written",
            given_on=TODAY,
        )
        referral = actions.send_referral(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="安排临时住所",
            fields=["name"],
            consent_uuid=consent.uuid,
        )
        actions.accept_referral(
            actor=act(world.civil_officer), referral_uuid=referral.uuid, on_date=TODAY
        )
    may_read_file = SUPPORT_A[persona]  # 三无 facts are support casework
    sender = persona in ("worker_a", "county_supervisor")
    receiver = persona == "civil_officer"
    # The sending office is told of the acceptance, 民政 of the new referral.
    notified = persona in ("worker_a", "civil_officer")
    api = caller(getattr(world, persona))
    notification_ids = list(Notification.objects.values_list("id", flat=True))
    with on(TODAY):
        outgoing = api.get(REFERRALS, {"side": "outgoing"})
        incoming = api.get(REFERRALS, {"side": "incoming"})
        notices = api.get(NOTIFICATIONS)
        marked = api.post(f"{NOTIFICATIONS}/read", {"ids": notification_ids})
        three_nos = api.get(THREE_NOS)
        figures = api.get(FIGURES)
        agencies = api.get(AGENCIES, {"pathway": "accommodation"})
    responses = (outgoing, incoming, notices, marked, three_nos, figures, agencies)
    assert [r.status_code for r in responses] == [200] * 7, persona
    assert ("张东明" in outgoing.content.decode()) == sender
    assert outgoing.json()["count"] == int(sender)
    assert ("张东明" in incoming.content.decode()) == receiver
    assert incoming.json()["count"] == int(receiver)
    assert ("张东明" in three_nos.content.decode()) == may_read_file
    assert len(notices.json()["items"]) == int(notified)
    assert marked.json() == {"marked": int(notified)}
    assert figures.json()["total"]["referrals"] == int(sender or receiver)
    # Agencies are public bodies: everyone with a membership may find 民政 to refer to.
    assert [a["name"] for a in agencies.json()] == (
        [] if persona == "outsider" else ["测试县民政局"]
    )
    for response in (notices, marked, figures, agencies):
        assert not any(secret in response.content.decode() for secret in secrets(world))
