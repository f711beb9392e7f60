"""How alike two names are (0–1), as the module docstring lists: homophones and variant
characters nearly the same, southern-accent near sounds a little less, a surname read as a
surname, a different surname or a different given name far apart."""

from __future__ import annotations

import pytest

from tongxin.rosters.linkage import comparable_name, name_similarity


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("张伟", "张伟", 1.0),
        ("艾力·买买提", "艾力买买提", 1.0),  # the middle dot is not part of the comparison
        ("张伟", "章伟", 0.95),  # homophone surname
        ("李明", "李铭", 0.95),  # homophone given name
        ("陈伟", "陳偉", 0.9),  # traditional characters
        ("王玲", "王琳", 0.85),  # ling/lin
        ("郑成", "郑程", 0.95),  # cheng/cheng
        ("王伟", "王强", 0.5),  # only the surname agrees
        ("张伟", "赵伟", 0.3),  # another surname: × 0.6
        ("方跃进", "王跃进", 0.4),  # 方 as a surname is "fang", never its rare "wang"
        ("刘哲旭", "刘旭", 0.72),  # a character left out: rapidfuzz ratio × 0.9
    ],
)
def test_name_similarity(a: str, b: str, expected: float) -> None:
    assert name_similarity(comparable_name(a), comparable_name(b)) == pytest.approx(
        expected, abs=0.005
    )
    assert name_similarity(comparable_name(b), comparable_name(a)) == pytest.approx(
        expected, abs=0.005
    )
