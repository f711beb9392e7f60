"""Searching people within the user's scope: by name, pinyin (full or initials), ID number
or phone. Names are matched on indexed columns (exact, prefix, pinyin keys): trigram indexes
find nothing useful in two- and three-character Chinese names (engineering-notes.md)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Q, QuerySet

from tongxin.access.policy import people_visible_to
from tongxin.lib import resident_id
from tongxin.lib.name_keys import clean_name, query_key
from tongxin.people.actions import id_number_index, phone_index
from tongxin.people.models import Person
from tongxin.people.validation import normalise_phone

_ID_LIKE = re.compile(r"^\d{15}$|^\d{17}[\dX]$")
_PHONE_LIKE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")
_HAN = re.compile(r"[\u3400-\u9fff]")


def interpret_query(raw: str) -> tuple[str, Q]:
    """Return (kind, condition) for a free-text query typed into the search box."""
    text = unicodedata.normalize("NFKC", raw).strip()
    compact = resident_id.normalise(text)
    if _ID_LIKE.match(compact):
        try:
            number = resident_id.parse(compact).number
        except resident_id.InvalidResidentId:
            number = compact  # search anyway: a stored legacy record may carry it
        return "id_number", Q(id_number_index=id_number_index(number))
    phone = normalise_phone(text)
    if _PHONE_LIKE.match(phone):
        return "phone", Q(phone_index=phone_index(phone))
    if _HAN.search(text):
        name = clean_name(text)
        return "name", Q(name__startswith=name) | Q(former_name__startswith=name)
    key = query_key(text)
    if key:
        return "pinyin", (
            Q(name_pinyin__startswith=key)
            | Q(name_initials__startswith=key)
            | Q(name_pinyin_variants__contains=f" {key}")
        )
    return "empty", Q()


def search_people(
    user: Any, query: str = "", *, region_path: str = "", sex: str = ""
) -> QuerySet[Person]:
    people = people_visible_to(user)
    if query.strip():
        _kind, condition = interpret_query(query)
        people = people.filter(condition)
    if region_path:
        people = people.filter(residence_region__path__startswith=region_path)
    if sex:
        people = people.filter(sex=sex)
    return people.select_related("residence_region", "owner_agency").order_by("name_pinyin", "id")
