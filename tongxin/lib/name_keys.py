"""Pinyin search keys for Chinese names.

pypinyin has no surname mode: 单 comes out "dan", 曾 "ceng", 解 "jie". Officers search by the
reading they hear, so the surname is mapped here first (compound surnames before single
ones), and the given name goes through pypinyin with phrase context.

Keys stored on the person: ``name_pinyin`` ("shanxiaoming") and ``name_initials`` ("sxm").
Non-Chinese names (e.g. Uyghur names written in Latin letters) are lower-cased as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

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
    return NameKeys(full="".join(syllables), initials="".join(s[0] for s in syllables))


def query_key(text: str) -> str:
    """A typed pinyin query: 'Shan Xiao-ming' -> 'shanxiaoming'."""
    return _NON_LETTERS.sub("", unicodedata.normalize("NFKC", text).lower())
