"""An encrypted workbook or one with macros is refused on the upload form itself, with the
check's Chinese message next to the file field; nothing about the file is kept but the
rejected batch the pipeline records (no rows, no person)."""

from __future__ import annotations

import pytest
import time_machine

from tests.personas import World
from tests.roster_import_support import TODAY
from tests.rosters_support import compound_file, package, zip_bytes
from tests.rosters_web_support import latest_batch, signed_in, upload
from tongxin.people.models import Person
from tongxin.rosters.models import BatchStatus, ImportRow

ENCRYPTED = "文件已加密,请在 Excel 中取消密码后另存为 .xlsx 再上传。"
MACROS = (
    "文件包含宏(VBA 或 Excel 4.0 宏),为安全起见不能导入。"
    "请在 Excel 中另存为不含宏的“Excel 工作簿(.xlsx)”后再上传。"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            compound_file(
                {
                    "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 200,
                    "EncryptedPackage": b"\x99" * 6000,
                },
                storages=["\x06DataSpaces"],
            ),
            ENCRYPTED,
            id="password-protected xlsx",
        ),
        pytest.param(
            zip_bytes(package(extra={"xl/vbaProject.bin": b"\xcc" * 64})),
            MACROS,
            id="workbook with a VBA project",
        ),
    ],
)
def test_the_file_is_refused_on_the_form(world: World, content: bytes, message: str) -> None:
    people = Person.objects.count()
    client = signed_in(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        response = upload(client, content, file_name="名单.xlsx")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'enctype="multipart/form-data"' in page  # the form is shown again to pick a file
    batch = latest_batch()
    assert batch.status == BatchStatus.REJECTED and batch.error_message == message
    assert not ImportRow.objects.filter(batch=batch).exists()
    assert Person.objects.count() == people
