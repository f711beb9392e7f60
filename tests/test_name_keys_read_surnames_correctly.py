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
