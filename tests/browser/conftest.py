"""The real browser for tests/browser: Debian's Chromium driven by Playwright, with every
request checked to stay on the test server (no CDN, no internet)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.browser_support import CHROMIUM


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
