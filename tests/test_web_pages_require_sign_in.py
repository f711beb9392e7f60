"""Every page but the login page sends an anonymous visitor to sign in, and discloses nothing;
signing out is a POST."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tongxin.audit.models import AccessEvent


@pytest.mark.parametrize(
    ("name", "with_person"),
    [
        ("people:home", False),
        ("people:list", False),
        ("people:create", False),
        ("people:detail", True),
        ("people:edit", True),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, world: World, name: str, with_person: bool
) -> None:
    url = reverse(name, args=[world.person_a.uuid] if with_person else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert not AccessEvent.objects.exists()


def test_anonymous_reveal_is_refused(client: Client, world: World) -> None:
    response = client.post(reverse("people:reveal", args=[world.person_a.uuid, "id_number"]))
    assert response.status_code == 302
    assert world.person_a.id_number not in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_sign_out_is_a_post(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_signed_in_officer_opening_login_goes_to_work(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    response = client.get(reverse("accounts:login"))
    assert response["Location"] == reverse("people:home")
