"""A session left idle longer than SESSION_IDLE_TIMEOUT_MINUTES is signed out."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import World


def test_idle_session_is_signed_out_and_told_why(client: Client, world: World) -> None:
    limit = dt.timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES)
    start = timezone.now() + dt.timedelta(minutes=1)
    client.force_login(world.worker_a)
    with time_machine.travel(start, tick=False) as clock:
        assert client.get(reverse("people:home")).status_code == 200
        clock.shift(limit - dt.timedelta(minutes=1))
        assert client.get(reverse("people:list")).status_code == 200  # still at work
        clock.shift(limit + dt.timedelta(minutes=1))
        response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    login_page = client.get(response["Location"]).content.decode()
    assert f"您已超过 {settings.SESSION_IDLE_TIMEOUT_MINUTES} 分钟未操作" in login_page
    assert client.get(reverse("people:home")).status_code == 302
