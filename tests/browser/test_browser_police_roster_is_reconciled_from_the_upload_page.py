"""In Debian's Chromium: a 司法所 worker uploads a police station's roster on the 名单核对
page, the reconciliation runs behind the progress page (htmx polling, then its redirect),
the run's summary shows each kind of difference, the worklist holds the items, and the
results download as a workbook. Proves the file input, the polled progress and the
redirect work in a real browser, not only in the test client."""

from __future__ import annotations

import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from tests.browser.browser_support import BROWSER, sign_in
from tests.personas import World
from tests.reconcile_web_support import FILE_NAME, township_with_each_kind
from tests.rosters_web_support import run_tasks_inline
from tongxin.rosters.models import ReconciliationRun

pytestmark = BROWSER


def test_worker_reconciles_a_police_roster(
    page: Any, live_server: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    township = township_with_each_kind(world)
    base = live_server.url
    sign_in(page, base, "worker_a")

    page.get_by_role("link", name="名单核对", exact=True).click()
    page.wait_for_url(f"{base}/rosters/reconcile/")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": FILE_NAME,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": township.roster,
            }
        ],
    )
    page.get_by_role("button", name="上传并开始核对").click()
    page.wait_for_url(f"{base}/rosters/reconcile/runs/**")

    run = ReconciliationRun.objects.get()
    counts = page.locator("table.run-counts").inner_text()
    assert "名单有、登记无(疑似漏管)\t2" in counts
    assert "登记有、名单无\t1" in counts

    with page.expect_download() as download:
        page.get_by_role("link", name="下载核对结果(Excel)").click()
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(download.value.path().read_bytes()))
    cells = "\n".join(
        str(cell) for row in workbook.get_sheet_by_index(0).to_python() for cell in row
    )
    assert township.absent.name in cells and "吴新" in cells

    page.get_by_role("link", name="查看待处理差异").click()
    page.wait_for_url(f"{base}/rosters/worklist/?run={run.uuid}")
    worklist = page.locator("main").inner_text()
    assert township.absent.name in worklist and township.moved.name in worklist
