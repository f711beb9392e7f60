"""The interface is Chinese by default, whatever the browser's language; English on request."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def test_login_page_is_chinese_for_an_english_browser(db: None) -> None:
    page = Client().get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "登录" in page.content.decode()
    assert 'lang="zh-hans"' in page.content.decode()


def test_choosing_english_switches_the_interface(db: None) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page and 'lang="en"' in page


def test_the_api_honours_accept_language(db: None) -> None:
    response = Client().get("/api/v1/people", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response["Content-Language"] == "en"
