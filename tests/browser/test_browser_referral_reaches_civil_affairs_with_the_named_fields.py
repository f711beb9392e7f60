"""In Debian's Chromium: a 司法所 worker records a 低保 need and the person's consent, ticks
the fields to give and sends the referral; the 民政 officer finds it among the incoming
referrals, sees the ticked fields and nothing else, and accepts it. Proves the checkbox
lists, selects and step buttons work in a real browser, not only in the test client."""

from __future__ import annotations

from typing import Any

from tests.browser.browser_support import BROWSER, sign_in, sign_out
from tests.personas import World
from tongxin.support.models import Referral

pytestmark = BROWSER


def test_worker_refers_and_civil_affairs_accepts(page: Any, live_server: Any, world: World) -> None:
    base = live_server.url
    person = world.person_a
    sign_in(page, base, "worker_a")
    page.goto(f"{base}/people/{person.uuid}/")
    page.get_by_role("link", name="帮扶与转介").click()
    page.wait_for_url(f"{base}/support/people/{person.uuid}/")

    page.select_option("#id_need_pathway", "minimum_allowance")
    page.get_by_role("button", name="登记需求").click()
    page.get_by_text("已登记帮扶需求。").wait_for()

    page.goto(f"{base}/support/people/{person.uuid}/")
    page.get_by_label("最低生活保障(低保)").check()
    page.get_by_label("测试县民政局").check()
    page.select_option("#id_consent_form", "written")
    page.get_by_role("button", name="登记同意").click()
    page.get_by_text("已登记同意。").wait_for()

    page.get_by_role("link", name="最低生活保障(低保)").first.click()
    # The pathway's suggested fields are ticked; the worker gives the phone and not the ID.
    assert page.get_by_label("公民身份号码").is_checked()
    page.get_by_label("公民身份号码").uncheck()
    page.get_by_label("联系电话").check()
    page.fill("#id_referral_purpose", "申请最低生活保障")
    consent = page.locator("#id_referral_consent option").nth(1).get_attribute("value")
    page.select_option("#id_referral_consent", consent)
    page.get_by_role("button", name="发出转介").click()
    page.get_by_text("已发出转介。").wait_for()
    referral = Referral.objects.get()
    assert "id_number" not in referral.disclosed_fields and "phone" in referral.disclosed_fields
    sign_out(page)

    sign_in(page, base, "civil_officer")
    page.goto(f"{base}/support/incoming/")
    page.get_by_role("link", name="张东明").click()
    page.wait_for_url(f"{base}/support/referrals/{referral.uuid}/")
    shown = page.locator("dl.disclosed").inner_text()
    assert person.phone in shown and "张东明" in shown
    assert person.id_number not in page.content()
    page.get_by_role("button", name="接收", exact=True).click()
    page.get_by_text("已完成:接收。").wait_for()
    referral.refresh_from_db()
    assert referral.status == "accepted"
