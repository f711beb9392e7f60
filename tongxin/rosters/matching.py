"""Match clean roster rows against the registry the importer may see.

One function, ``match_rows``, so a better linkage (scored fuzzy candidates, remembered
decisions) can replace it without touching the import pipeline. The rules here are exact:

- the same ID number (its blind index) is the same person;
- without an ID match, a person with the same name pinyin key and birth date is a possible
  duplicate, for a person to review.

The registry is a queryset the caller has already scoped (``people_visible_to``): whether
an ID number is registered outside that scope is the caller's question, because only the
fact may be told, never the file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet

from tongxin.lib.name_keys import name_keys
from tongxin.people.actions import id_number_index
from tongxin.people.models import Person

# Rows per query: below SQLite's 999 parameters with room for the scope's own parameters.
QUERY_CHUNK = 400
# The person columns matching and attribute comparison read.
MATCH_FIELDS = (
    "id",
    "uuid",
    "name",
    "sex",
    "birth_date",
    "id_number_index",
    "phone_index",
    "name_pinyin",
    "residence_region",
)

T = TypeVar("T")


class RosterRow(Protocol):
    """A clean row: ``cleaning.CleanRow``, or the import pipeline's row plan."""

    @property
    def row_number(self) -> int: ...

    @property
    def values(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Match:
    row_number: int
    id_index: str | None  # blind index of the row's ID number
    person: Person | None  # same ID number, within the registry given
    candidates: tuple[Person, ...]  # same name pinyin and birth date, when no ID match


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def name_key(name: object) -> str:
    return name_keys(str(name or "")).full


def match_rows(rows: Sequence[RosterRow], registry: QuerySet[Person]) -> list[Match]:
    """One ``Match`` per row, in the rows' order.

    Steps: compute each row's ID blind index and name pinyin key; fetch the registry's
    people with those indexes, a chunk of rows per query; for the rows left without an ID
    match, fetch the people with those pinyin keys and keep those whose birth date equals
    the row's.
    """
    indexes = [id_number_index(_text(row.values.get("id_number"))) for row in rows]
    people = registry.only(*MATCH_FIELDS)
    by_index: dict[str, Person] = {}
    wanted = sorted({index for index in indexes if index})
    for chunk in chunked(wanted, QUERY_CHUNK):
        for person in people.filter(id_number_index__in=chunk):
            if person.id_number_index:
                by_index[person.id_number_index] = person
    name_keys_of = [name_key(row.values.get("name")) for row in rows]
    births = [row.values.get("birth_date") for row in rows]
    pairs = sorted(
        {
            (key, birth)
            for key, birth, index in zip(name_keys_of, births, indexes, strict=True)
            if not (index and index in by_index) and isinstance(birth, dt.date)
        }
    )
    by_key: dict[tuple[str, dt.date], list[Person]] = defaultdict(list)
    # Both lists narrow the query (a common name alone would fetch thousands of people);
    # the exact pairs are kept below.
    for pair_chunk in chunked(pairs, QUERY_CHUNK // 2):
        keys = {key for key, _birth in pair_chunk}
        dates = {birth for _key, birth in pair_chunk}
        for person in people.filter(name_pinyin__in=keys, birth_date__in=dates).order_by("id"):
            by_key[(person.name_pinyin, person.birth_date)].append(person)
    matches = []
    for row, index, key, birth in zip(rows, indexes, name_keys_of, births, strict=True):
        found = by_index.get(index) if index else None
        candidates: tuple[Person, ...] = ()
        if found is None and isinstance(birth, dt.date):
            candidates = tuple(by_key.get((key, birth), ()))
        matches.append(
            Match(row_number=row.row_number, id_index=index, person=found, candidates=candidates)
        )
    return matches


def _text(value: object) -> str | None:
    return str(value) if value else None
