"""Matching roster rows (prisons, police stations) against the people registry.

A roster row names a person by name, ID number (or a partner's keyed hash of it), birth date
and sex, sometimes with a place. Each row ends as one of: **matched** to a person, a
possible duplicate for a person to **review**, or **no match** (someone the registry does not
hold yet). ``link_roster`` is the entry point; the caller passes the registry as its scoped
QuerySet, ``policy.people_visible_to(user)``.

Steps:

1. Prepare each row: clean the name; the first letters its surname can be read with (单 →
   s, 方 → f); check the ID number (a valid one gives its birth date and sex; a mistyped
   one still gives its birth-date digits if they form a date); the blocks it looks in:
   born on the row's date, on the date written in its number, on the date with day and
   month swapped; and, without a birth date, its full pinyin readings (``name_keys``, with
   the other readings of polyphonic characters).
2. One streaming pass over the registry (one query, whatever the roster's size), looking
   each person up in what the rows want: the blind index of a row's valid 18-digit number
   (exact, method ``id``); a partner's keyed hash of the person's decrypted number (exact,
   ``id_hash``); (birth date, first letter of the name pinyin) for the date blocks (this
   covers homophones 张/章, variant characters 陈/陳 and near sounds 玲/琳); the name pinyin
   for rows without a birth date. A block candidate is kept only if it can still reach
   ``keep`` (a row with a valid number compares by name only with people who have no
   number on file or have the row's very name: against another valid number it scores 75
   at most).
   Why one pass and not ``IN`` lists on the indexed columns: the access policy's scope is an
   OR over the owner sector and the programs' enrollments, and SQLite then ignores the
   ``birth_date``/``id_number_index`` indexes and scans the scope on every query; at city
   scale one ``id_number_index IN (1,000 values)`` query through a county supervisor's scope
   took 0.28 s, a whole pass of that scope 0.16 s (benchmarks/README.md). So no index was
   added: the pass reads each person once, and only the rows it needs become objects.
3. Score each candidate 0–100 (rapidfuzz for the string distances):

   ============  ==============================================================  ==========
   evidence      levels                                                          points
   ============  ==============================================================  ==========
   name          per character: same 1; a shared reading 0.9 (homophone 明/铭,    40 × sim²
                 variant 陈/陳); the same blurred reading 0.7 (ling/lin, zh/z, n/l:
                 the 模糊音 of input methods); else 0. Averaged, the surname read as
                 a surname (方 is never "wang"), × 0.6 if the surname differs.
                 Names of other lengths: rapidfuzz ratio × 0.9. A former name
                 counts × 0.95. Squared: one character in two alike is weak.
   birth date    same 30 · day and month swapped 24 · one digit off 15 ·          0–30
                 missing 12 · different 0 (the row's own date or the date in its
                 number, whichever agrees better; same when the row has no date
                 and its number is the person's or one edit from it)
   ID number     same 30 · the row's number fails its checks and is one edit       0–30
                 (a digit, two adjacent digits swapped) from the person's 27 ·
                 two edits 15 · missing on either side 20 · different 0
   sex           different −15                                                   −15
   place         the row's place text names the person's village or township     +5
   ============  ==============================================================  ==========

4. Decide: the best candidate is **matched** at ≥ 90 if the next one scores at least 5
   less; **review** at ≥ 70, and whenever the number matched exactly but the rest
   disagrees; otherwise **no match**. Candidates scoring ≥ 70 are listed (best first, at
   most five) for the review screen; an exact hit is listed alone.

Why these thresholds: any one mistake in a real person's row (a mistyped digit, two digits
swapped, x for X, a homophone or variant character, no birth date, day and month swapped, no
ID number) still scores ≥ 90: 100 − 3 for a mistyped number, − 3.9 for one homophone in
a two-character name (40 × 0.95²), − 10 for a missing number; a missing or swapped birth
date costs nothing while the number carries the date (− 6 for a swapped one otherwise). Two mistakes, one of them a missing number, land in 70–90 and go to a person: so do
a name and a birth date alone (90 needs both and no number on either side), the same name
and birth date with another valid number (70, or 75 with the place: two people, or a wrong
number), a name alone (72). Measured on synthetic rosters (``synthetic.py``, default mix: 80% registry people,
each field with its usual mistakes), the *matched* outcome had:

- 1,500 rows against the 1,500 people of the demo county: precision 1.0, recall 0.996;
- 100,000 rows against the 100,000 people of the demo city: precision 1.0, recall 0.994,
  F1 0.997, 521 rows sent to review (412 of them proposing the right person, most of the
  others a row with a name only). Matching at ≥ 85 instead would match 1 row wrongly and
  send 339 to review; at ≥ 95 recall falls to 0.959 (3,298 reviews).

Known limits: a name with a wrong character of another initial is found only through an
exact number; a registry person whose only matching reading is a stored polyphonic
variant is found through the date blocks, not through the name-only block; a roster row
whose number is in the registry but outside the caller's scope is "no match" here (the
lead's import decides what a global ID check may tell).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from django.db import models
from django.db.models import ExpressionWrapper, F, QuerySet, TextField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, pinyin
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from tongxin.lib import resident_id
from tongxin.lib.field_crypto import blind_index
from tongxin.lib.name_keys import SURNAME_READINGS, clean_name, name_keys
from tongxin.organisation.models import Region
from tongxin.people.actions import ID_INDEX_PURPOSE
from tongxin.people.models import Person
from tongxin.rosters.keyed_hash import keyed_id_hash

NAME_POINTS = 40.0
SEX_DIFFERS_POINTS = -15.0
PLACE_POINTS = 5.0
FORMER_NAME_FACTOR = 0.95
SURNAME_DIFFERS_FACTOR = 0.6
UNEQUAL_LENGTH_FACTOR = 0.9
HOMOPHONE_SIMILARITY = 0.9
NEAR_SOUND_SIMILARITY = 0.7


class Outcome(models.TextChoices):
    MATCHED = "matched", _("已匹配")
    REVIEW = "review", _("疑似重复,待人工核对")
    NO_MATCH = "no_match", _("未匹配")


class Method(models.TextChoices):
    """How the candidate was found (the most specific way, when several found it)."""

    ID = "id", _("身份证号")
    ID_HASH = "id_hash", _("身份证号哈希")
    NAME_BIRTH = "name_birth", _("姓名和出生日期")
    ID_BIRTH = "id_birth", _("姓名和身份证号中的出生日期")
    SWAPPED_BIRTH = "swapped_birth", _("姓名和日月颠倒的出生日期")
    NAME = "name", _("仅姓名")


_METHOD_ORDER = {method: rank for rank, method in enumerate(Method)}


class NameAgreement(models.TextChoices):
    SAME = "same", _("姓名相同")
    SAME_SOUND = "same_sound", _("姓名同音或异体字")  # 张/章, 陈/陳
    SIMILAR = "similar", _("姓名相近")  # 玲/琳, or one character differs
    DIFFERENT = "different", _("姓名不同")


class BirthAgreement(models.TextChoices):
    SAME = "same", _("出生日期相同")
    SWAPPED = "swapped", _("出生日期日月颠倒")
    ONE_DIGIT = "one_digit", _("出生日期差一位数字")
    MISSING = "missing", _("缺出生日期")
    DIFFERENT = "different", _("出生日期不同")


class IdAgreement(models.TextChoices):
    SAME = "same", _("身份证号相同")
    ONE_EDIT = "one_edit", _("身份证号有一处录入错误")
    TWO_EDITS = "two_edits", _("身份证号有两处录入错误")
    MISSING = "missing", _("缺身份证号")
    DIFFERENT = "different", _("身份证号不同")


class SexAgreement(models.TextChoices):
    SAME = "same", _("性别相同")
    MISSING = "missing", _("缺性别")
    DIFFERENT = "different", _("性别不同")


BIRTH_POINTS = {
    BirthAgreement.SAME: 30.0,
    BirthAgreement.SWAPPED: 24.0,
    BirthAgreement.ONE_DIGIT: 15.0,
    BirthAgreement.MISSING: 12.0,
    BirthAgreement.DIFFERENT: 0.0,
}
ID_POINTS = {
    IdAgreement.SAME: 30.0,
    IdAgreement.ONE_EDIT: 27.0,
    IdAgreement.TWO_EDITS: 15.0,
    IdAgreement.MISSING: 20.0,
    IdAgreement.DIFFERENT: 0.0,
}


@dataclass(frozen=True, slots=True)
class RosterPerson:
    """One roster row, as the reader cleaned it."""

    row: int  # the row number in the file, for messages and the review screen
    name: str
    id_number: str | None = None
    id_hash: str | None = None  # a partner's keyed hash instead of the number
    birth_date: dt.date | None = None
    sex: str | None = None  # "M" or "F" (男/女 accepted)
    region: str = ""  # free text: 户籍地, 居住地 or the sending unit's note


@dataclass(frozen=True, slots=True)
class Evidence:
    name: NameAgreement
    birth: BirthAgreement
    id: IdAgreement
    sex: SexAgreement
    place: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    score: float
    method: Method
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class RowMatch:
    row: int
    outcome: Outcome
    person_id: int | None  # the matched person, or the one proposed for review
    method: Method | None
    score: float  # of the best candidate (0 if none)
    candidates: tuple[Candidate, ...]  # best first; [1:] are the runners-up

    @property
    def runners_up(self) -> tuple[Candidate, ...]:
        return self.candidates[1:]


@dataclass(frozen=True)
class Thresholds:
    match: float = 90.0
    review: float = 70.0
    margin: float = 5.0  # the runner-up must score this much less for an automatic match
    keep: float = 70.0  # candidates listed (runners-up, review) score at least this
    listed: int = 5


DEFAULT_THRESHOLDS = Thresholds()


# --- Names ----------------------------------------------------------------------------------


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


@lru_cache(maxsize=16_384)
def _readings(ch: str) -> frozenset[str]:
    if not _is_han(ch):
        return frozenset({ch.lower()})
    return frozenset(r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if r.isalpha())


_RETROFLEX = (("zh", "z"), ("ch", "c"), ("sh", "s"))


def _fuzzy(reading: str) -> str:
    """The reading as southern accents blur it (the 模糊音 of pinyin input methods): zh/z,
    ch/c, sh/s and n/l alike at the start, -ng like -n at the end (ling/lin, cheng/chen)."""
    for retroflex, plain in _RETROFLEX:
        if reading.startswith(retroflex):
            reading = plain + reading[len(retroflex) :]
            break
    if reading.startswith("n"):
        reading = "l" + reading[1:]
    return reading[:-1] if reading.endswith("ng") else reading


@lru_cache(maxsize=4_096)
def _surname_readings(ch: str) -> frozenset[str]:
    """A surname is read one way (方 is "fang", never its rare "wang"): the reading
    ``name_keys`` maps it to, else pypinyin's most common one."""
    if ch in SURNAME_READINGS:
        return frozenset(SURNAME_READINGS[ch][:1])
    if not _is_han(ch):
        return frozenset({ch.lower()})
    readings = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
    return frozenset(readings[:1])


@lru_cache(maxsize=65_536)
def _char_similarity(a: str, b: str, surname: bool = False) -> float:
    if a == b:
        return 1.0
    if surname:
        readings_a, readings_b = _surname_readings(a), _surname_readings(b)
    else:
        readings_a, readings_b = _readings(a), _readings(b)
    if readings_a & readings_b:
        return HOMOPHONE_SIMILARITY
    if {_fuzzy(r) for r in readings_a} & {_fuzzy(r) for r in readings_b}:
        return NEAR_SOUND_SIMILARITY
    return 0.0


@lru_cache(maxsize=262_144)
def comparable_name(raw: str) -> str:
    """The name as compared: cleaned, without the middle dot and spaces, lower-case Latin."""
    return clean_name(raw).replace("·", "").replace(" ", "").lower()


@lru_cache(maxsize=262_144)
def name_similarity(a: str, b: str) -> float:
    """0–1 for two comparable names (see the module docstring for the levels)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if len(a) == len(b) and _is_han(a[0]) and _is_han(b[0]):
        surname = _char_similarity(a[0], b[0], surname=True)
        given = sum(_char_similarity(x, y) for x, y in zip(a[1:], b[1:], strict=True))
        similarity = (surname + given) / len(a)
        return similarity * SURNAME_DIFFERS_FACTOR if surname == 0.0 else similarity
    return fuzz.ratio(a, b) / 100.0 * UNEQUAL_LENGTH_FACTOR


def _name_agreement(similarity: float) -> NameAgreement:
    if similarity >= 1.0:
        return NameAgreement.SAME
    if similarity >= HOMOPHONE_SIMILARITY:
        return NameAgreement.SAME_SOUND
    if similarity >= 0.5:
        return NameAgreement.SIMILAR
    return NameAgreement.DIFFERENT


@lru_cache(maxsize=65_536)
def _initials(name: str) -> frozenset[str]:
    """First letters the registry's ``name_pinyin`` may start with for this name: the
    surname's reading as ``name_keys`` maps it (单 → s), else any reading of the first
    character (a block slightly wider than needed is cheap; a narrower one loses people)."""
    for surname in (name[:2], name[:1]):
        if surname in SURNAME_READINGS:
            return frozenset({SURNAME_READINGS[surname][0][:1]})
    return frozenset(reading[:1] for reading in _readings(name[:1]) if reading)


# --- Dates and numbers ----------------------------------------------------------------------


def swapped(date: dt.date) -> dt.date | None:
    """The date with day and month exchanged, if that is another real date."""
    if date.day > 12 or date.day == date.month:
        return None
    return date.replace(month=date.day, day=date.month)


def _date_in_number(number: str) -> dt.date | None:
    digits = number[6:14]
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _checked_number(raw: str, today: dt.date) -> tuple[str, bool, dt.date | None]:
    """(normalised number, valid, birth date written in it).

    The checks of ``resident_id.parse`` (15-digit upgrade, format, birth date, check digit)
    without its birth-place lookup and python-stdnum's cleaning, which cost ~45 µs a number
    (4.5 s of a 100k-row roster); a mistyped number still gives its date digits."""
    number = resident_id.normalise(raw)
    if len(number) == 15 and number.isdigit():
        body = number[:6] + "19" + number[6:]
        number = body + resident_id.check_digit(body)
    born = _date_in_number(number)
    valid = (
        len(number) == 18
        and number[:17].isdigit()
        and born is not None
        and born.year >= 1900
        and born <= today
        and resident_id.check_digit(number[:17]) == number[17]
    )
    return number, valid, born


def _birth_agreement(row_date: dt.date | None, person_date: dt.date) -> BirthAgreement:
    if row_date is None:
        return BirthAgreement.MISSING
    if row_date == person_date:
        return BirthAgreement.SAME
    if swapped(row_date) == person_date:
        return BirthAgreement.SWAPPED
    if Levenshtein.distance(f"{row_date:%Y%m%d}", f"{person_date:%Y%m%d}") == 1:
        return BirthAgreement.ONE_DIGIT
    return BirthAgreement.DIFFERENT


_BIRTH_RANK = {
    BirthAgreement.SAME: 0,
    BirthAgreement.SWAPPED: 1,
    BirthAgreement.ONE_DIGIT: 2,
    BirthAgreement.DIFFERENT: 3,
    BirthAgreement.MISSING: 4,
}


def _sex(raw: str | None) -> str | None:
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    return {"M": "M", "F": "F", "男": "M", "女": "F"}.get(text)


# --- Prepared rows and registry people --------------------------------------------------------


@dataclass(slots=True)
class _Row:
    position: int  # in the roster
    source: RosterPerson
    name: str
    initials: frozenset[str]
    id_number: str | None  # normalised; 18 characters when valid
    id_valid: bool
    id_hash: str | None
    birth: dt.date | None
    id_birth: dt.date | None
    sex: str | None
    region: str
    blocks: list[tuple[dt.date, Method]] = field(default_factory=list)

    def readings(self) -> tuple[str, ...]:
        """Full pinyin readings of the name, for the name-only block (rows without a birth
        date only: pypinyin costs ~80 µs a name)."""
        keys = name_keys(self.source.name)
        # The variants also hold initials-only keys ("zcl"): keep the full ones.
        return tuple(
            key
            for key in dict.fromkeys((keys.full, *keys.variants))
            if len(key) > len(keys.initials)
        )


def _prepare(position: int, source: RosterPerson, today: dt.date) -> _Row:
    name = comparable_name(source.name)
    number: str | None = None
    valid = False
    id_birth: dt.date | None = None
    sex = _sex(source.sex)
    if source.id_number and source.id_number.strip():
        number, valid, id_birth = _checked_number(source.id_number, today)
        if sex is None and len(number) == 18 and number[16].isdigit():
            sex = "M" if int(number[16]) % 2 else "F"
    row = _Row(
        position=position,
        source=source,
        name=name,
        initials=_initials(name) if name else frozenset(),
        id_number=number,
        id_valid=valid,
        id_hash=(source.id_hash or "").strip().lower() or None,
        birth=source.birth_date,
        id_birth=id_birth,
        sex=sex,
        region=unicodedata.normalize("NFKC", source.region or "").strip(),
    )
    if row.birth is not None:
        row.blocks.append((row.birth, Method.NAME_BIRTH))
    if row.id_birth is not None and row.id_birth != row.birth:
        row.blocks.append((row.id_birth, Method.ID_BIRTH))
    swapped_birth = swapped(row.birth) if row.birth else None
    if swapped_birth is not None and swapped_birth != row.id_birth:
        row.blocks.append((swapped_birth, Method.SWAPPED_BIRTH))
    return row


@dataclass(slots=True)
class _Person:
    pk: int
    name: str
    former_name: str
    sex: str
    birth: dt.date
    region_id: int
    index: str | None
    ciphertext: str | None


_COLUMNS = (
    "pk",
    "name",
    "former_name",
    "name_pinyin",
    "sex",
    "birth_date",
    "residence_region_id",
    "id_number_index",
    "id_ciphertext",
)
_RawPerson = tuple[int, str, str, str, str, dt.date, int, str | None, str | None]
_STREAM_CHUNK = 2_000


def _raw_people(registry: QuerySet[Person]) -> Iterator[_RawPerson]:
    """The registry's people as tuples, streamed; the ID number stays ciphertext (read as
    text) and is decrypted only where a score depends on its digits or on its keyed hash."""
    rows = registry.annotate(
        id_ciphertext=ExpressionWrapper(F("id_number"), output_field=TextField())
    ).values_list(*_COLUMNS)
    return cast(Iterator[_RawPerson], rows.iterator(chunk_size=_STREAM_CHUNK))


def _person(raw: _RawPerson) -> _Person:
    pk, name, former, _pinyin, sex, birth, region_id, index, token = raw
    return _Person(
        pk=pk,
        name=comparable_name(name),
        former_name=comparable_name(former) if former else "",
        sex=sex,
        birth=birth,
        region_id=region_id,
        index=index,
        ciphertext=token,
    )


# --- Scoring --------------------------------------------------------------------------------


class _Scorer:
    """Scores candidates; decrypts a person's ID number at most once, and only when needed."""

    def __init__(
        self, place_names: dict[int, tuple[str, ...]] | None, thresholds: Thresholds
    ) -> None:
        self.place_names = place_names or {}
        self.keep = thresholds.keep
        self.decrypt = Person._meta.get_field("id_number").bulk_decryptor()
        self.numbers: dict[int, str] = {}

    def number_of(self, person: _Person) -> str | None:
        if person.ciphertext is None:
            return None
        number = self.numbers.get(person.pk)
        if number is None:
            number = self.numbers[person.pk] = self.decrypt(person.ciphertext)
        return number

    def name_similarity(self, row: _Row, person: _Person) -> float:
        similarity = name_similarity(row.name, person.name)
        if person.former_name and similarity < 1.0:
            similarity = max(
                similarity, name_similarity(row.name, person.former_name) * FORMER_NAME_FACTOR
            )
        return similarity

    def may_reach_keep(self, row: _Row, person: _Person) -> bool:
        """Whether a candidate found by a block can score ``keep``: the best birth date,
        place and ID evidence it could still have, added to its name's points.

        A row with a valid number (or a partner's hash) that did not match anyone's exactly
        scores at most 75 against a person with another number, and only with the same name:
        such pairs are kept only when the names are equal (a string comparison, no pinyin),
        which keeps the pass cheap where most rows have a number."""
        has_number = row.id_valid or row.id_hash is not None
        if has_number and person.index is not None:
            return row.name in (person.name, person.former_name)
        if person.index is None or (row.id_number is None and row.id_hash is None):
            best_id = ID_POINTS[IdAgreement.MISSING]
        else:
            best_id = ID_POINTS[IdAgreement.ONE_EDIT]
        similarity = self.name_similarity(row, person)
        ceiling = (
            NAME_POINTS * similarity * similarity + BIRTH_POINTS[BirthAgreement.SAME] + PLACE_POINTS
        )
        return ceiling + best_id >= self.keep

    def id_agreement(self, row: _Row, person: _Person, method: Method) -> IdAgreement:
        if method in (Method.ID, Method.ID_HASH):
            return IdAgreement.SAME
        if person.index is None or (row.id_number is None and row.id_hash is None):
            return IdAgreement.MISSING
        if row.id_valid or row.id_number is None:
            # Two valid numbers (or a hash that matched nobody) differ: another person, or a
            # wrong number on one side.
            return IdAgreement.DIFFERENT
        number = self.number_of(person)
        if number is None:
            return IdAgreement.MISSING
        distance = OSA.distance(row.id_number, number, score_cutoff=3)
        if distance == 0:
            return IdAgreement.SAME
        if distance == 1:
            return IdAgreement.ONE_EDIT
        if distance == 2:
            return IdAgreement.TWO_EDITS
        return IdAgreement.DIFFERENT

    def score(self, row: _Row, person: _Person, method: Method) -> Candidate:
        similarity = self.name_similarity(row, person)
        id_agreement = self.id_agreement(row, person, method)
        if row.birth is None and id_agreement in (IdAgreement.SAME, IdAgreement.ONE_EDIT):
            # The row's only date is the one inside its number (hidden in a partner's hash),
            # and the number is the person's or one edit from it: that edit, wherever it
            # fell, is already counted once.
            birth = BirthAgreement.SAME
        else:
            birth = min(
                _birth_agreement(row.birth, person.birth),
                _birth_agreement(row.id_birth, person.birth),
                key=_BIRTH_RANK.__getitem__,
            )
        if row.sex is None:
            sex = SexAgreement.MISSING
        else:
            sex = SexAgreement.SAME if row.sex == person.sex else SexAgreement.DIFFERENT
        place = bool(row.region) and any(
            name in row.region for name in self.place_names.get(person.region_id, ())
        )
        points = (
            NAME_POINTS * similarity * similarity
            + BIRTH_POINTS[birth]
            + ID_POINTS[id_agreement]
            + (SEX_DIFFERS_POINTS if sex == SexAgreement.DIFFERENT else 0.0)
            + (PLACE_POINTS if place else 0.0)
        )
        score = round(min(max(points, 0.0), 100.0), 1)
        evidence = Evidence(_name_agreement(similarity), birth, id_agreement, sex, place)
        return Candidate(person.pk, score, method, evidence)


def decide(candidates: Sequence[Candidate], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Outcome:
    """The outcome for a row given its candidates, best first."""
    if not candidates:
        return Outcome.NO_MATCH
    best = candidates[0]
    clear = len(candidates) == 1 or candidates[1].score <= best.score - thresholds.margin
    if best.score >= thresholds.match and clear:
        return Outcome.MATCHED
    if best.score >= thresholds.review or best.method in (Method.ID, Method.ID_HASH):
        return Outcome.REVIEW
    return Outcome.NO_MATCH


def _row_match(row: _Row, scored: list[Candidate], thresholds: Thresholds) -> RowMatch:
    exact = [c for c in scored if c.method in (Method.ID, Method.ID_HASH)]
    listed = exact or [c for c in scored if c.score >= thresholds.keep]
    listed.sort(key=lambda c: (-c.score, _METHOD_ORDER[c.method], c.person_id))
    listed = listed[: thresholds.listed]
    outcome = decide(listed, thresholds)
    best = listed[0] if listed and outcome != Outcome.NO_MATCH else None
    return RowMatch(
        row=row.source.row,
        outcome=outcome,
        person_id=best.person_id if best else None,
        method=best.method if best else None,
        score=listed[0].score if listed else 0.0,
        candidates=tuple(listed),
    )


# --- The linkage ----------------------------------------------------------------------------


def _place_names(rows: Sequence[_Row]) -> dict[int, tuple[str, ...]] | None:
    """Region id → the names of the region and its parent (village and township), read once
    when any row has place text. Region names are not personal data: no scope applies."""
    if not any(row.region for row in rows):
        return None
    regions = {
        pk: (name, parent)
        for pk, name, parent in Region.objects.values_list("pk", "name", "parent_id")
    }
    names: dict[int, tuple[str, ...]] = {}
    for pk, (name, parent) in regions.items():
        own = (name,) if len(name) >= 2 else ()
        above = regions.get(parent) if parent is not None else None
        names[pk] = own + ((above[0],) if above and len(above[0]) >= 2 else ())
    return names


@dataclass
class _Wanted:
    """What the rows look for, keyed the way a registry row is looked up in the pass."""

    by_index: dict[str, list[_Row]] = field(default_factory=lambda: defaultdict(list))
    by_hash: dict[str, list[_Row]] = field(default_factory=lambda: defaultdict(list))
    by_block: dict[tuple[dt.date, str], list[tuple[_Row, Method]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_reading: dict[str, list[_Row]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, rows: Sequence[_Row]) -> _Wanted:
        wanted = cls()
        for row in rows:
            if row.id_valid and row.id_number:
                index = blind_index(row.id_number, purpose=ID_INDEX_PURPOSE)
                wanted.by_index[index].append(row)
            elif row.id_hash:
                wanted.by_hash[row.id_hash].append(row)
            for date, method in row.blocks:
                for initial in row.initials:
                    wanted.by_block[(date, initial)].append((row, method))
            if row.birth is None:
                for reading in row.readings():
                    wanted.by_reading[reading].append(row)
        # Plain dicts from here on: a lookup of an absent key must not insert it.
        wanted.by_index, wanted.by_hash = dict(wanted.by_index), dict(wanted.by_hash)
        wanted.by_block, wanted.by_reading = dict(wanted.by_block), dict(wanted.by_reading)
        return wanted


def link_roster(
    rows: Iterable[RosterPerson],
    *,
    registry: QuerySet[Person],
    partner_key: bytes | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    today: dt.date | None = None,
) -> Iterator[RowMatch]:
    """Match each row against ``registry`` (the caller's scoped people, e.g.
    ``policy.people_visible_to(user)``); one result per row, in the order of the rows.

    ``partner_key`` is needed when rows carry a partner's keyed hashes instead of numbers.
    ``today`` bounds the birth dates a valid ID number may carry (default: the local date).
    """
    today = today or timezone.localdate()
    prepared = [_prepare(position, row, today) for position, row in enumerate(rows)]
    if partner_key is None and any(row.id_hash for row in prepared):
        raise ValueError("rows carry keyed ID hashes: pass the partner's key")
    scorer = _Scorer(_place_names(prepared), thresholds)
    exact, blocked = _scan_registry(registry, _Wanted.of(prepared), scorer, partner_key)
    for row in prepared:
        if row.position in exact:
            person, method = exact[row.position]
            scored = [scorer.score(row, person, method)]
        else:
            found = blocked.get(row.position, {})
            scored = [scorer.score(row, person, method) for person, method in found.values()]
        yield _row_match(row, scored, thresholds)


def _scan_registry(
    registry: QuerySet[Person], wanted: _Wanted, scorer: _Scorer, partner_key: bytes | None
) -> tuple[dict[int, tuple[_Person, Method]], dict[int, dict[int, tuple[_Person, Method]]]]:
    """One streaming pass over the registry: exact hits (row position → person) and block
    candidates (row position → person id → person and how it was found).

    One query, whatever the roster's size: the access policy's scope condition (an OR over
    the owner sector and the programs' enrollments) costs about a scan of the scope on
    every query it is part of, so ``IN`` lists of 1,000 values would each cost as much as
    this whole pass (docs/roster-linkage.md has the measurements)."""
    exact: dict[int, tuple[_Person, Method]] = {}
    blocked: dict[int, dict[int, tuple[_Person, Method]]] = defaultdict(dict)
    hash_numbers = scorer.decrypt if partner_key is not None and wanted.by_hash else None
    by_index, by_hash = wanted.by_index, wanted.by_hash
    by_block, by_reading = wanted.by_block, wanted.by_reading

    def add(row: _Row, person: _Person, method: Method) -> None:
        if row.position in exact or not scorer.may_reach_keep(row, person):
            return
        known = blocked[row.position].get(person.pk)
        if known is None or _METHOD_ORDER[method] < _METHOD_ORDER[known[1]]:
            blocked[row.position][person.pk] = (person, method)

    for raw in _raw_people(registry):
        index, token = raw[7], raw[8]
        person: _Person | None = None
        hits = by_index.get(index) if index is not None else None
        if hits:
            person = _person(raw)
            for row in hits:
                exact[row.position] = (person, Method.ID)
        if hash_numbers is not None and token is not None and partner_key is not None:
            hits = by_hash.get(keyed_id_hash(hash_numbers(token), partner_key))
            if hits:
                person = person or _person(raw)
                for row in hits:
                    exact[row.position] = (person, Method.ID_HASH)
        block = by_block.get((raw[5], raw[3][:1]))
        if block:
            person = person or _person(raw)
            for row, method in block:
                add(row, person, method)
        readers = by_reading.get(raw[3]) if by_reading else None
        if readers:
            person = person or _person(raw)
            for row in readers:
                add(row, person, Method.NAME)
    return exact, blocked


def link_registry(
    registry: QuerySet[Person],
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    today: dt.date | None = None,
) -> list[tuple[int, int, Candidate]]:
    """Pairs of files in ``registry`` that may be one human: (lower person id, higher person
    id, the better-scoring direction's candidate), each pair once, best first; only pairs
    scoring at least ``thresholds.keep``.

    Each person is linked as a roster row with their own number and birth date, through the
    same blocks as ``link_roster`` (birth date × name initial, swapped and ID dates), but
    never through the number itself: an exact number finds only the person (numbers are
    unique), and would hide the blocks. Two files with different valid numbers are compared
    only when their names are equal (at most 75, see the module docstring)."""
    today = today or timezone.localdate()
    decrypt = Person._meta.get_field("id_number").bulk_decryptor()
    ids: list[int] = []
    prepared: list[_Row] = []
    for raw in _raw_people(registry):
        pk, name, _former, _pinyin, sex, birth, _region, _index, token = raw
        source = RosterPerson(
            row=pk,
            name=name,
            id_number=decrypt(token) if token else None,
            birth_date=birth,
            sex=sex,
        )
        prepared.append(_prepare(len(ids), source, today))
        ids.append(pk)
    wanted = _Wanted.of(prepared)
    wanted.by_index = {}
    scorer = _Scorer(None, thresholds)
    _exact, blocked = _scan_registry(registry, wanted, scorer, None)
    best: dict[tuple[int, int], Candidate] = {}
    for row in prepared:
        own = ids[row.position]
        for pk, (person, method) in blocked.get(row.position, {}).items():
            if pk == own:
                continue
            candidate = scorer.score(row, person, method)
            if candidate.score < thresholds.keep:
                continue
            pair = (min(own, pk), max(own, pk))
            known = best.get(pair)
            if known is None or candidate.score > known.score:
                best[pair] = candidate
    return sorted(
        ((low, high, candidate) for (low, high), candidate in best.items()),
        key=lambda item: (-item[2].score, item[0], item[1]),
    )
