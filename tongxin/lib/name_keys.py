"""Pinyin search keys for Chinese names.

pypinyin has no surname mode: 单 comes out "dan", 曾 "ceng", 解 "jie". Officers search by the
reading they hear, so the surname is mapped here first (compound surnames before single
ones), and the given name goes through pypinyin with phrase context.

Keys stored on the person: ``name_pinyin`` ("shanxiaoming") and ``name_initials`` ("sxm"),
plus ``name_pinyin_variants``: the other readings of polyphonic given-name characters
(曾长林 is read "zengchanglin", but pypinyin's first guess is "zhang"), so a search by the
reading the officer heard still finds the file.
Non-Chinese names (e.g. Uyghur names written in Latin letters) are lower-cased as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product

from pypinyin import Style, lazy_pinyin, pinyin

# Surname readings that differ from the character's common reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "单": ("shan",),
    "曾": ("zeng",),
    "仇": ("qiu",),
    "解": ("xie",),
    "区": ("ou",),
    "覃": ("qin",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge",),
    "乐": ("yue",),
    "缪": ("miao",),
    "繁": ("po",),
    "员": ("yun",),
    "翟": ("zhai",),
    "秘": ("bi",),
    "种": ("chong",),
    "隗": ("wei",),
    "冼": ("xian",),
    "宓": ("mi",),
    "召": ("shao",),
    "纪": ("ji",),
    "任": ("ren",),
    "燕": ("yan",),
    "折": ("she",),
    "重": ("chong",),
    "柏": ("bai",),
    "蕃": ("pi",),
}
_COMPOUND = sorted((s for s in SURNAME_READINGS if len(s) > 1), key=len, reverse=True)
_NON_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class NameKeys:
    full: str
    initials: str
    variants: tuple[str, ...] = ()

    @property
    def variants_text(self) -> str:
        """Space-delimited on both sides, so ``contains " key"`` is a prefix match."""
        return f" {' '.join(self.variants)} " if self.variants else ""


def clean_name(raw: str) -> str:
    """NFKC, drop spaces inside Chinese names, keep the middle dot of minority names."""
    text = unicodedata.normalize("NFKC", raw).strip()
    text = text.replace("•", "·").replace("・", "·").replace(".", "·")
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text = re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _split_surname(name: str) -> tuple[tuple[str, ...], str]:
    for compound in _COMPOUND:
        if name.startswith(compound):
            return SURNAME_READINGS[compound], name[len(compound) :]
    if name[:1] in SURNAME_READINGS:
        return SURNAME_READINGS[name[0]], name[1:]
    return (), name


@lru_cache(maxsize=65536)
def name_keys(name: str) -> NameKeys:
    name = clean_name(name)
    if not name:
        return NameKeys("", "")
    surname_syllables, rest = _split_surname(name)
    syllables = list(surname_syllables) + [
        s for s in lazy_pinyin(rest, style=Style.NORMAL, errors="default") if s.strip()
    ]
    syllables = [_NON_LETTERS.sub("", s.lower()) for s in syllables]
    syllables = [s for s in syllables if s]
    full, initials = "".join(syllables), "".join(s[0] for s in syllables)
    if not surname_syllables and _is_han(name[:1]):
        # An ordinary surname: its usual reading is the only one (王 is never "yu" here).
        surname_count, given_name = 1, name[1:]
    else:
        surname_count, given_name = len(surname_syllables), rest
    return NameKeys(full, initials, _variants(syllables, surname_count, given_name, full, initials))


def _is_han(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" for ch in text)


_MAX_VARIANTS = 8


def _variants(
    syllables: list[str], surname_count: int, rest: str, full: str, initials: str
) -> tuple[str, ...]:
    """Other readings of the given name's polyphonic characters (at most 8 combinations)."""
    if not _is_han(rest):
        return ()
    given = syllables[surname_count:]
    if len(given) != len(rest):
        return ()
    options: list[list[str]] = []
    for primary, char in zip(given, rest, strict=True):
        readings = [primary]
        for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
            clean = _NON_LETTERS.sub("", reading.lower())
            if clean and clean not in readings:
                readings.append(clean)
        options.append(readings)
    surname = syllables[:surname_count]
    found: list[str] = []
    for combination in islice(product(*options), 1, _MAX_VARIANTS + 1):
        spoken = surname + list(combination)
        for key in ("".join(spoken), "".join(syllable[0] for syllable in spoken)):
            if key not in (full, initials) and key not in found:
                found.append(key)
    return tuple(found)


def query_key(text: str) -> str:
    """A typed pinyin query: 'Shan Xiao-ming' -> 'shanxiaoming'."""
    return _NON_LETTERS.sub("", unicodedata.normalize("NFKC", text).lower())
