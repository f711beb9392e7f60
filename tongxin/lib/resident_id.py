"""Chinese resident identity numbers (居民身份证号码, GB 11643-1999).

python-stdnum's ``cn.ric`` gives reliable checksum and birth-date checks, but rejects valid
numbers whose county code was created after the holder's birth and does not handle 15-digit
legacy numbers, so this module wraps it:

1. normalise (full-width digits, spaces, lower-case x);
2. upgrade a 15-digit number: insert "19" before the 2-digit year, append the check digit;
3. check the birth date (a real date, not in the future, not before 1900);
4. check the ISO 7064 MOD 11-2 check digit;
5. look up the birth place only to produce a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric


class InvalidResidentId(ValueError):
    """Carries a message for the person who typed the number (in the active language)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ResidentId:
    number: str  # always 18 characters, upper-case X
    birth_date: dt.date
    sex: str  # "M" or "F", from the sequence digit
    upgraded_from_15: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def masked(self) -> str:
        return mask(self.number)


def mask(number: str) -> str:
    """Show region prefix and last four only: 110101********123X."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def normalise(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)  # full-width digits and X become ASCII
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-").upper()


@functools.lru_cache(maxsize=8192)
def _birth_place_known(region_code: str, birth_year: int) -> bool:
    """Whether stdnum's table of county codes had ``region_code`` in ``birth_year``: the
    answer depends on nothing else, and its lookup is the costliest step of a parse."""
    sample = f"{region_code}{birth_year:04d}0101001"
    try:
        ric.get_birth_place(sample + check_digit(sample))
    except stdnum_exceptions.ValidationError:
        return False
    return True


def check_digit(body17: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits. stdnum's calc_check_digit expects the
    whole number and ignores its last character, hence the padding."""
    return ric.calc_check_digit(body17 + "0")


def _upgrade_15(number15: str) -> str:
    body = number15[:6] + "19" + number15[6:15]
    return body + check_digit(body)


def parse(raw: str, *, today: dt.date | None = None) -> ResidentId:
    number = normalise(raw)
    upgraded = False
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidResidentId("format", _("15 位旧身份证号码只能包含数字。"))
        number = _upgrade_15(number)
        upgraded = True
    if len(number) != 18:
        raise InvalidResidentId(
            "length",
            _("身份证号码应为 18 位(或 15 位旧号码),现在是 %(n)d 位。") % {"n": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidResidentId("format", _("身份证号码前 17 位须为数字,最后一位为数字或 X。"))
    try:
        # The digits are checked above; stdnum's get_birth_date would clean the number again,
        # a cost that shows on a 100,000-row roster.
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise InvalidResidentId(
            "birth_date",
            _("身份证号码中的出生日期 %(d)s 不是有效日期。") % {"d": number[6:14]},
        ) from exc
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise InvalidResidentId(
            "birth_date",
            _("身份证号码中的出生日期 %(d)s 不可能(在 1900 年之前或在今天之后)。")
            % {"d": birth.isoformat()},
        )
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise InvalidResidentId(
            "checksum",
            _("身份证号码校验位错误:最后一位应为 %(expected)s,请核对是否有数字输错。")
            % {"expected": expected},
        )
    warnings: list[str] = []
    if not _birth_place_known(number[:6], birth.year):
        warnings.append(
            _("身份证号码前 6 位地区码 %(code)s 不在行政区划表中(可能是新设或撤并的县),请核对。")
            % {"code": number[:6]}
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(
        number=number,
        birth_date=birth,
        sex=sex,
        upgraded_from_15=upgraded,
        warnings=tuple(warnings),
    )


def make_number(region_code: str, birth_date: dt.date, sequence: int, sex: str) -> str:
    """Build a valid 18-digit number (for the demo county and tests)."""
    seq = sequence % 1000
    if (seq % 2 == 1) != (sex == "M"):
        seq = (seq + 1) % 1000
    body = f"{region_code[:6]}{birth_date:%Y%m%d}{seq:03d}"
    return body + check_digit(body)
