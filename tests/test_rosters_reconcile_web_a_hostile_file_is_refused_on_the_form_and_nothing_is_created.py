"""A roster the upload checks refuse (macros, encryption) or one with no data rows is refused
on the 名单核对 form itself with the check's Chinese message; no job, run, worklist item or
audit row is created and no task runs."""

from __future__ import annotations

import pytest

from tests.personas import World
from tests.reconcile_support import police_roster
from tests.reconcile_web_support import frozen, signed_in, upload_to_reconcile
from tests.rosters_support import compound_file, package, zip_bytes
from tests.rosters_web_support import run_tasks_inline
from tongxin.audit.models import AuditEvent
from tongxin.rosters.models import Discrepancy, ReconciliationJob, ReconciliationRun

MACROS = (
    "文件包含宏(VBA 或 Excel 4.0 宏),为安全起见不能导入。"
    "请在 Excel 中另存为不含宏的“Excel 工作簿(.xlsx)”后再上传。"
)
ENCRYPTED = "文件已加密,请在 Excel 中取消密码后另存为 .xlsx 再上传。"
EMPTY = "文件中没有数据行:表头下面是空的。请填写名单后重新上传。"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            zip_bytes(package(extra={"xl/vbaProject.bin": b"\xcc" * 64})), MACROS, id="macros"
        ),
        pytest.param(
            compound_file(
                {
                    "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 200,
                    "EncryptedPackage": b"\x99" * 6000,
                },
                storages=["\x06DataSpaces"],
            ),
            ENCRYPTED,
            id="encrypted",
        ),
        pytest.param(police_roster([]), EMPTY, id="no data rows"),
    ],
)
def test_the_file_is_refused_and_nothing_is_kept(
    world: World, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    run_tasks_inline(monkeypatch)
    audit_rows = AuditEvent.objects.count()
    with frozen():
        response = upload_to_reconcile(signed_in(world.worker_a), content)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'enctype="multipart/form-data"' in page
    assert not ReconciliationJob.objects.exists()
    assert not ReconciliationRun.objects.exists()
    assert not Discrepancy.objects.exists()
    assert AuditEvent.objects.count() == audit_rows
