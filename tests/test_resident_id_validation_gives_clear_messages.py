"""Resident ID numbers: checksum, birth date, legacy 15-digit upgrade, place as a warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tongxin.lib import resident_id

VALID = "11010519491231002X"  # the GB 11643 example number


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


def test_valid_number_yields_birth_date_and_sex() -> None:
    parsed = resident_id.parse(VALID)
    assert parsed.number == VALID
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"  # 17th digit 2 is even
    assert parsed.warnings == ()


def test_lower_case_x_full_width_digits_and_spaces_are_forgiven() -> None:
    assert resident_id.parse("１１０１０５ 1949 1231 002x").number == VALID


def test_wrong_check_digit_names_the_expected_digit() -> None:
    with pytest.raises(resident_id.InvalidResidentId) as error:
        resident_id.parse("110105194912310021")
    assert error.value.code == "checksum"
    assert "校验位" in error.value.message and "X" in error.value.message


def test_impossible_birth_date_is_rejected() -> None:
    body = "11010519490231002"  # 31 February
    with pytest.raises(resident_id.InvalidResidentId) as error:
        resident_id.parse(body + "0")
    assert error.value.code == "birth_date"
    assert "19490231" in error.value.message


def test_future_birth_date_is_rejected() -> None:
    number = resident_id.make_number("110105", dt.date(2030, 1, 1), 12, "M")
    with pytest.raises(resident_id.InvalidResidentId) as error:
        resident_id.parse(number, today=dt.date(2026, 11, 29))
    assert error.value.code == "birth_date"


def test_wrong_length_says_how_many_digits_were_given() -> None:
    with pytest.raises(resident_id.InvalidResidentId) as error:
        resident_id.parse("1101051949123100")
    assert error.value.code == "length"
    assert "16" in error.value.message


def test_legacy_15_digit_number_is_upgraded() -> None:
    parsed = resident_id.parse("110105491231002")
    assert parsed.number == VALID
    assert parsed.upgraded_from_15


def test_unknown_birth_place_is_only_a_warning() -> None:
    number = resident_id.make_number("990101", dt.date(1980, 1, 1), 15, "M")
    parsed = resident_id.parse(number)
    assert parsed.number == number
    assert len(parsed.warnings) == 1 and "990101" in parsed.warnings[0]


def test_messages_are_available_in_english() -> None:
    with translation.override("en"), pytest.raises(resident_id.InvalidResidentId) as error:
        resident_id.parse("110105194912310021")
    assert "check digit" in error.value.message.lower()


def test_mask_hides_the_birth_date_and_sequence() -> None:
    assert resident_id.mask(VALID) == "110105********002X"
