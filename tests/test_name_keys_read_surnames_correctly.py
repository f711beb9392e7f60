"""Pinyin keys: surnames with special readings, compound surnames, minority names."""

from __future__ import annotations

import pytest

from tongxin.lib.name_keys import name_keys, query_key


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("单小明", "shanxiaoming", "sxm"),
        ("曾国强", "zengguoqiang", "zgq"),
        ("解放", "xiefang", "xf"),
        ("仇建", "qiujian", "qj"),
        ("区志坚", "ouzhijian", "ozj"),
        ("覃海", "qinhai", "qh"),
        ("朴永", "piaoyong", "py"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("张 三", "zhangsan", "zs"),
    ],
)
def test_name_keys(name: str, full: str, initials: str) -> None:
    keys = name_keys(name)
    assert (keys.full, keys.initials) == (full, initials)


def test_minority_name_with_middle_dot() -> None:
    assert name_keys("买买提·艾力").full == "maimaitiaili"


def test_typed_query_is_normalised() -> None:
    assert query_key("Shan Xiao-ming") == "shanxiaoming"


def test_polyphonic_given_name_keeps_its_other_readings() -> None:
    keys = name_keys("曾长林")
    assert keys.full == "zengzhanglin"  # pypinyin's first guess
    assert "zengchanglin" in keys.variants and "zcl" in keys.variants
    assert keys.variants_text.startswith(" ") and keys.variants_text.endswith(" ")


def test_ordinary_surname_has_a_single_reading() -> None:
    assert all(not variant.startswith("yu") for variant in name_keys("王行健").variants)
    assert name_keys("张伟").variants == ()
