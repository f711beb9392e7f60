"""What every browser test shares: where Chromium is, the marks that run a module only in
`make test-browser` (and skip it where Chromium is missing), signing in and out."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

from tests.personas import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Each browser test module sets ``pytestmark = BROWSER``: run by `make test-browser` only,
# skipped where Chromium is not installed (CI installs it).
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='login'] button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def sign_out(page: Any) -> None:
    page.locator("form[action*='logout'] button[type=submit]").click()
