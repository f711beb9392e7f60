"""Every alias in the table maps to its field, and each roster kind requires its fields."""

from __future__ import annotations

import pytest

from tests.rosters_support import read, valid_id, xlsx_bytes
from tongxin.rosters.reading import HEADER_ALIASES, ROSTER_SPECS, RosterKind, RosterUnreadable

ALIASES = [(field, alias) for field, aliases in HEADER_ALIASES.items() for alias in aliases]


def _kind_with(field: str) -> RosterKind:
    return next(kind for kind, spec in ROSTER_SPECS.items() if field in spec.fields)


@pytest.mark.parametrize(("field", "alias"), ALIASES, ids=[a for _f, a in ALIASES])
def test_alias_maps_to_its_field(field: str, alias: str) -> None:
    kind = _kind_with(field)
    spec = ROSTER_SPECS[kind]
    headers = {required: HEADER_ALIASES[required][0] for required in spec.required}
    headers[field] = alias
    content = xlsx_bytes([list(headers.values()), ["x"] * len(headers)])
    table = read(content, kind)
    assert table.columns[field].header == alias


def test_required_fields_per_kind() -> None:
    assert ROSTER_SPECS[RosterKind.RELEASE_NOTICE].required == ("name", "id_number", "release_date")
    assert ROSTER_SPECS[RosterKind.CORRECTIONS_INTAKE].required == (
        "name",
        "id_number",
        "correction_type",
        "judgment_effective_date",
    )
    assert ROSTER_SPECS[RosterKind.POLICE_ROSTER].required == ("name", "id_number")


def test_a_missing_required_column_is_named_in_the_refusal() -> None:
    content = xlsx_bytes([["姓名", "身份证号", "罪名"], ["张三", valid_id(), "盗窃罪"]])
    with pytest.raises(RosterUnreadable) as unreadable:
        read(content, RosterKind.RELEASE_NOTICE)
    assert unreadable.value.message == (
        "工作表“名单”的前 10 行中找不到完整的表头:缺少 “释放日期” 列。"
        "请确认选对了名单类型,表头在前 10 行内,列名写作如“姓名”“身份证号”。"
    )
    assert read(content, RosterKind.POLICE_ROSTER).rows[0].values["name"] == "张三"
