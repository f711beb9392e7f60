"""Bearer tokens: only a live token of an active user gets in; everything else is a 401 with
a message in Chinese and English. A signed-in session also works, with CSRF on writes."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.test import Client
from django.utils import timezone

from tests.api_support import PEOPLE, Caller, caller, token_for
from tests.personas import World
from tongxin.accounts.models import ApiToken
from tongxin.accounts.tokens import revoke_token
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.models import Person


def assert_refused(response: object, *, english: str) -> None:
    assert response.status_code == 401  # type: ignore[attr-defined]
    detail = response.json()["detail"]  # type: ignore[attr-defined]
    assert english in detail
    assert "令牌" in detail or "认证" in detail
    assert response["WWW-Authenticate"].startswith("Bearer")  # type: ignore[index]


def test_request_without_credentials_is_refused(world: World) -> None:
    assert_refused(Client().get(PEOPLE), english="Authentication required")


def test_unknown_token_is_refused(world: World) -> None:
    assert_refused(Caller("tx_not-a-real-token").get(PEOPLE), english="invalid, revoked")
    assert_refused(Caller("令牌").get(PEOPLE), english="invalid, revoked")
    assert_refused(Caller("").get(PEOPLE), english="invalid, revoked")


def test_revoked_token_is_refused(world: World) -> None:
    api = caller(world.worker_a)
    assert api.get(PEOPLE).status_code == 200
    revoke_token(actor=Actor.cli(), prefix=api.token[3:11])
    assert_refused(api.get(PEOPLE), english="invalid, revoked")


def test_expired_token_is_refused(world: World) -> None:
    api = Caller(token_for(world.worker_a, expires_in_days=1))
    assert api.get(PEOPLE).json()["count"] == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        assert_refused(api.get(PEOPLE), english="invalid, revoked")


def test_token_of_an_inactive_user_is_refused(world: World) -> None:
    api = caller(world.worker_a)
    type(world.worker_a).objects.filter(pk=world.worker_a.pk).update(is_active=False)
    assert_refused(api.get(PEOPLE), english="inactive")


def test_bad_token_does_not_fall_back_to_the_session(world: World) -> None:
    api = Caller("tx_not-a-real-token")
    api.client.force_login(world.worker_a)
    assert_refused(api.get(PEOPLE), english="invalid, revoked")


def test_token_acts_as_its_user_on_the_api_channel(world: World) -> None:
    caller(world.worker_a).get(PEOPLE)
    event = AccessEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.actor_id, event.channel) == (world.worker_a.pk, "api")


def test_last_use_is_recorded_at_most_once_a_minute(world: World) -> None:
    api = caller(world.worker_a)
    row = ApiToken.objects.get(prefix=api.token[3:11])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        api.get(PEOPLE)
        row.refresh_from_db()
        assert row.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        api.get(PEOPLE)
        row.refresh_from_db()
        assert row.last_used_at == start
    later = start + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        api.get(PEOPLE)
        row.refresh_from_db()
        assert row.last_used_at == later


def test_signed_in_session_reads_but_must_pass_csrf_to_write(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.worker_a)
    assert [item["name"] for item in browser.get(PEOPLE).json()["items"]] == ["张东明"]
    body = {
        "name": "赵新",
        "residence_region": world.village_a.code,
        "birth_date": "1988-01-02",
        "sex": "M",
    }
    before = Person.objects.count()
    refused = browser.post(PEOPLE, body, content_type="application/json")
    assert refused.status_code == 403
    assert Person.objects.count() == before
    # The docs page hands the signed-in user the CSRF token its "Try it out" requests send.
    docs = browser.get("/api/v1/docs").content.decode()
    csrf_token = re.search(r'data-csrf-token="([^"]+)"', docs)
    assert csrf_token is not None
    accepted = browser.post(
        PEOPLE,
        body,
        content_type="application/json",
        headers={"X-CSRFToken": csrf_token.group(1)},
    )
    assert accepted.status_code == 201
    assert Person.objects.count() == before + 1


def test_bearer_token_writes_need_no_csrf_token(world: World) -> None:
    api = Caller(token_for(world.worker_a), Client(enforce_csrf_checks=True))
    body = {
        "name": "赵新",
        "residence_region": world.village_a.code,
        "birth_date": "1988-01-02",
        "sex": "M",
    }
    assert api.post(PEOPLE, body).status_code == 201
