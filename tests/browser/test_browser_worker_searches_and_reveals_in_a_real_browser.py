"""In Debian's Chromium: sign in, live search with htmx, open a file, reveal the ID number.

Proves the vendored assets work without internet and that the htmx interactions do what
the server-side tests assume. Run by `make test-browser` (CI installs Chromium first).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.browser.browser_support import BROWSER, sign_in
from tests.personas import World, person_data
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person

pytestmark = BROWSER


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
