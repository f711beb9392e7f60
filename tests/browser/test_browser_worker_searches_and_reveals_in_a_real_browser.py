"""In Debian's Chromium: sign in, live search with htmx, open a file, reveal the ID number.

Proves the vendored assets work without internet and that the htmx interactions do what
the server-side tests assume. Run by `make test-browser` (CI installs Chromium first).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.personas import PASSWORD, World, person_data
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are ordinary synchronous queries.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="en-US", viewport={"width": 1024, "height": 768})
        external: list[str] = []
        context.on(
            "request",
            lambda request: (
                external.append(request.url)
                if not request.url.startswith(live_server.url)
                else None
            ),
        )
        yield context.new_page()
        browser.close()
        assert external == [], f"the page fetched from outside the server: {external}"


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='login'] button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_worker_finds_reveals_and_never_sees_another_township(
    page: Any, live_server: Any, world: World
) -> None:
    base = live_server.url
    sign_in(page, base, "worker_a")
    assert page.locator("html").get_attribute("lang") == "zh-hans"  # English browser, Chinese UI

    create_person(
        actor=Actor(user=world.worker_a, channel="web"),
        data=person_data("曾长林", world.village_a, dt.date(1983, 7, 9), 41),
    )
    page.goto(f"{base}/people/")
    assert "曾长林" in page.locator("#results").inner_text()
    page.evaluate("window.__fullLoads = (window.__fullLoads || 0) + 1")
    page.fill("input[name=q]", "zdm")
    page.wait_for_function("new URL(location.href).searchParams.get('q') === 'zdm'")
    results = page.locator("#results")
    results.get_by_text("张东明").wait_for()
    assert page.evaluate("window.__fullLoads") == 1  # swapped in by htmx, not a page load
    assert "曾长林" not in results.inner_text() and "李西平" not in results.inner_text()

    results.get_by_text("张东明").click()
    page.wait_for_url(f"{base}/people/{world.person_a.uuid}/")
    number = world.person_a.id_number
    assert number is not None
    assert number not in page.content()
    before = AccessEvent.objects.filter(action="person.reveal_id").count()
    page.locator("#reveal-id_number button").click()
    page.get_by_text(number).wait_for()
    assert AccessEvent.objects.filter(action="person.reveal_id").count() == before + 1

    response = page.goto(f"{base}/people/{world.person_b.uuid}/")
    assert response is not None and response.status == 404
    assert "李西平" not in page.content()
