"""Every web support route, used by every persona, does what tests/permission_matrix.py says:
person_a's support casework for the writers of the file only; person_a's referral to 民政
for its sender side and its receiver; 404 and nothing of the person (and no change) for
everyone else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.permission_matrix import REFERRAL_A, ROUTES, SUPPORT_A
from tests.personas import World
from tests.referrals_support import TODAY, on, refer_to_civil_affairs
from tongxin.audit.models import AuditEvent
from tongxin.support.models import Consent, Referral

SUPPORT_KINDS = ("support_person", "support_need", "referral")


def calls(
    world: World, referral: Referral, step: str = "revoke"
) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """route → (method, path, form data), in an order that works the file; ``step`` is the
    referral step tried: the sender revokes, the receiver accepts."""
    person = world.person_a.uuid
    need = referral.need.uuid
    consent = Consent.objects.get(person=world.person_a)
    return {
        "support:person": ("get", reverse("support:person", args=[person]), {}),
        "support:record_need": (
            "post",
            reverse("support:record_need", args=[person]),
            {"pathway": "training", "identified_on": "2026-06-01"},
        ),
        "support:record_consent": (
            "post",
            reverse("support:record_consent", args=[person]),
            {
                "purposes": ["training"],
                "agencies": [world.civil_affairs.pk],
                "form": "written",
                "given_on": "2026-06-01",
            },
        ),
        "support:record_facts": (
            "post",
            reverse("support:record_facts", args=[person]),
            {"recorded_on": "2026-06-01", "no_home": "yes"},
        ),
        "support:need": ("get", reverse("support:need", args=[need]), {}),
        "support:record_measure": (
            "post",
            reverse("support:record_measure", args=[need]),
            {"description": "联系民政所初审", "started_on": "2026-06-01"},
        ),
        "support:change_need_status": (
            "post",
            reverse("support:change_need_status", args=[need]),
            {"to_status": "met", "on_date": "2026-06-01", "version": 1},
        ),
        "support:send_referral": (
            "post",
            reverse("support:send_referral", args=[need]),
            {"to_agency": world.civil_affairs.pk, "purpose": "x", "disclosed_fields": ["name"]},
        ),
        "support:referral": ("get", reverse("support:referral", args=[referral.uuid]), {}),
        "support:referral_step": (
            "post",
            reverse("support:referral_step", args=[referral.uuid, step]),
            {"on_date": "2026-06-01", "version": 1, "reason": "本人已自行申请"},
        ),
        "support:withdraw_consent": (
            "post",
            reverse("support:withdraw_consent", args=[consent.uuid]),
            {"on_date": "2026-06-01"},
        ),
    }


def test_every_web_support_route_is_called_here(world: World) -> None:
    routes = {route for route, kind in ROUTES.items() if kind in SUPPORT_KINDS}
    assert routes == set(calls(world, refer_to_civil_affairs(world)))


@pytest.mark.parametrize("persona", sorted(SUPPORT_A))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    referral = refer_to_civil_affairs(world)
    user = getattr(world, persona)
    may_support = SUPPORT_A[persona]
    sees_referral, acts_as_sender, acts_as_receiver = REFERRAL_A[persona]
    acts_on_referral = acts_as_sender or acts_as_receiver
    changes = AuditEvent.objects.count()
    with on(TODAY):
        client = Client()
        client.force_login(user)
        step = "accept" if persona == "civil_officer" else "revoke"
        for route, (method, path, data) in calls(world, referral, step).items():
            kind = ROUTES[route]
            if kind == "referral":
                allowed = acts_on_referral if method == "post" else sees_referral
            else:
                allowed = may_support
            response = getattr(client, method)(path, data)
            body = response.content.decode()
            if allowed:
                assert response.status_code in (200, 302), (persona, route, response.status_code)
                if method == "get":
                    assert "张东明" in body, (persona, route)
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert "张东明" not in body, (persona, route)
    referral.refresh_from_db()
    if not may_support and not acts_on_referral:
        assert AuditEvent.objects.count() == changes, persona
        assert referral.status == "sent" and referral.version == 1


@pytest.mark.parametrize("persona", sorted(SUPPORT_A))
def test_lists_figures_and_the_three_nos_show_nothing_outside_scope(
    world: World, persona: str
) -> None:
    referral = refer_to_civil_affairs(world)
    sees_referral = REFERRAL_A[persona][0]
    with on(TODAY + dt.timedelta(days=1)):
        client = Client()
        client.force_login(getattr(world, persona))
        pages = {
            name: client.get(reverse(name)).content.decode()
            for name in (
                "support:incoming",
                "support:outgoing",
                "support:figures",
                "support:three_nos",
            )
        }
    listed = "张东明" in pages["support:incoming"] or "张东明" in pages["support:outgoing"]
    assert listed == sees_referral, persona
    assert "张东明" not in pages["support:figures"]  # counts only
    assert str(referral.uuid) not in pages["support:three_nos"]
