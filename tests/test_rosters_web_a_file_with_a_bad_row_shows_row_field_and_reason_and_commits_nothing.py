"""A file with a bad row leads to its batch page: rejected, the bad row first with its row
number, field and reason in Chinese, no 确认导入 button, and no person or case written."""

from __future__ import annotations

import re

import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice
from tests.rosters_web_support import latest_batch, signed_in, upload
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import BatchStatus


def test_the_bad_row_is_shown_and_nothing_is_committed(world: World) -> None:
    people, cases = Person.objects.count(), Enrollment.objects.count()
    content = release_notice(
        [ZHAO, ["李四", 1.10101199003071e17, "男", RELEASED, "抢劫罪", "某某监狱"], QIAN]
    )
    client = signed_in(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        response = upload(client, content, follow=True)
    page = response.content.decode()
    batch = latest_batch()
    assert batch.status == BatchStatus.REJECTED
    assert (Person.objects.count(), Enrollment.objects.count()) == (people, cases)

    assert "1 行有误,整个文件未导入。请按行号改正后重新上传。" in page
    bad_rows = page.split('<table class="bad-rows">')[1].split("</table>")[0]
    cells = [re.sub(r"\s+", "", cell) for cell in re.findall(r"<td>(.*?)</td>", bad_rows, re.S)]
    assert cells == [
        "4",
        "身份证号",
        "身份证号被Excel存成数字,后几位已丢失,请把该列设为文本后重新填写",
    ]
    # The bad rows come before the table of every row, and the file cannot be confirmed.
    assert page.index('class="bad-rows"') < page.index('class="import-rows"')
    assert "确认导入</button>" not in page
