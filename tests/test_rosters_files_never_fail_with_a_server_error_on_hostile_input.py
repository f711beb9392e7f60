"""Random, truncated and bit-flipped files end in a refusal or a read, never another error.

Seeded, bounded fuzzing: each case either raises UploadRefused / RosterUnreadable or reads.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.rosters_support import valid_id, xlsx_bytes
from tongxin.rosters.files import UploadRefused, check_upload
from tongxin.rosters.reading import RosterKind, RosterUnreadable, read_roster

XLS = (Path(__file__).parent / "fixtures" / "rosters" / "release_notice.xls").read_bytes()
XLSX = xlsx_bytes(
    [["刑满释放人员名单"], ["姓名", "身份证号", "释放日期"]]
    + [[f"人{i}", valid_id(sequence=i), "2026-01-01"] for i in range(40)]
)


def _survives(content: bytes) -> None:
    try:
        upload = check_upload(content)
    except UploadRefused as refused:
        assert refused.message
        return
    try:
        read_roster(upload, kind=RosterKind.RELEASE_NOTICE)
    except RosterUnreadable as unreadable:
        assert unreadable.message


def test_random_bytes() -> None:
    generator = random.Random(20260502)
    for _ in range(200):
        _survives(generator.randbytes(generator.randint(1, 4000)))
    _survives(b"\0")
    _survives(b"PK\x03\x04")
    _survives(bytes.fromhex("D0CF11E0A1B11AE1"))


@pytest.mark.parametrize("content", [XLSX, XLS], ids=["xlsx", "xls"])
def test_truncated_files(content: bytes) -> None:
    for length in range(1, len(content), max(1, len(content) // 150)):
        _survives(content[:length])


@pytest.mark.parametrize("content", [XLSX, XLS], ids=["xlsx", "xls"])
def test_bit_flipped_files(content: bytes) -> None:
    generator = random.Random(7)
    for _ in range(150):
        damaged = bytearray(content)
        for _ in range(generator.randint(1, 8)):
            damaged[generator.randrange(len(damaged))] ^= 1 << generator.randrange(8)
        _survives(bytes(damaged))
