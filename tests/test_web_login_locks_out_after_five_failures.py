"""Five failed logins for one username from one address lock that pair out for the cool-off;
the locked page says so in Chinese. Other addresses are not locked out."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD, World

OFFICE = "10.1.1.20"


def attempt(client: Client, password: str, address: str = OFFICE) -> object:
    return client.post(
        reverse("accounts:login"),
        {"username": "worker_a", "password": password},
        REMOTE_ADDR=address,
    )


def test_right_password_signs_in(client: Client, world: World) -> None:
    response = attempt(client, PASSWORD)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == reverse("people:home")  # type: ignore[index]
    assert client.session[SESSION_KEY] == str(world.worker_a.pk)


def test_wrong_password_is_explained_on_the_login_page(client: Client, world: World) -> None:
    response = attempt(client, "wrong-password")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "请输入一个正确的" in response.content.decode()  # type: ignore[attr-defined]
    assert SESSION_KEY not in client.session


def test_fifth_failure_locks_the_username_on_that_address(client: Client, world: World) -> None:
    for _ in range(5):
        attempt(client, "wrong-password")
    locked = attempt(client, PASSWORD)
    html = locked.content.decode()  # type: ignore[attr-defined]
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "登录已暂时锁定" in html
    assert "连续 5 次登录失败" in html
    assert "请在 30 分钟后再试" in html
    assert SESSION_KEY not in client.session

    elsewhere = Client()
    assert attempt(elsewhere, PASSWORD, address="10.1.1.99").status_code == 302  # type: ignore[attr-defined]
