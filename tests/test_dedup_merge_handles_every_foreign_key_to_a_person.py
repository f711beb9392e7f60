"""Every foreign key to Person is either moved by a merge or kept on purpose with a reason:
a new model pointing at people must be added to tongxin.dedup.merging (MOVED or KEPT), or
its rows would stay on a merged file that no list shows any more."""

from __future__ import annotations

from tongxin.dedup.merging import KEPT, MOVED, person_foreign_keys


def test_every_foreign_key_to_a_person_is_moved_or_kept_on_purpose() -> None:
    handled = set(MOVED) | set(KEPT)
    assert person_foreign_keys() == handled, (
        "foreign keys to Person that merging does not handle: "
        f"{sorted(person_foreign_keys() - handled)}; listed but gone: "
        f"{sorted(handled - person_foreign_keys())}"
    )
    assert not set(MOVED) & set(KEPT)
