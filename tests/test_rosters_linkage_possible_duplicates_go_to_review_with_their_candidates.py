"""Rows that may be another person go to review, with the candidates listed best first:
the right name and birth date under another valid ID number; a person's exact number under
another name; a row without number whose name and birth date fit two people."""

from __future__ import annotations

import uuid

from tests.rosters_registry_support import TODAY, load_registry, row_of
from tongxin.lib.resident_id import make_number
from tongxin.people.actions import id_number_index
from tongxin.people.models import Person
from tongxin.rosters.linkage import (
    IdAgreement,
    Method,
    NameAgreement,
    Outcome,
    RosterPerson,
    RowMatch,
    link_roster,
)


def link(*rows: RosterPerson) -> list[RowMatch]:
    return list(link_roster(rows, registry=Person.objects.all(), today=TODAY))


def someone() -> Person:
    return Person.objects.exclude(name__contains="·").order_by("pk")[10]


def test_the_same_name_and_birth_date_under_another_valid_number_is_reviewed(db: None) -> None:
    load_registry()
    person = someone()
    other_number = make_number("990122", person.birth_date, 998, person.sex)
    assert not Person.objects.filter(id_number_index=id_number_index(other_number)).exists()

    [match] = link(row_of(person, id_number=other_number))

    assert match.outcome == Outcome.REVIEW
    assert match.person_id == person.pk
    assert match.method == Method.NAME_BIRTH
    assert match.score == 70.0
    assert match.candidates[0].evidence.id == IdAgreement.DIFFERENT


def test_an_exact_number_under_another_name_is_reviewed_not_matched(db: None) -> None:
    load_registry()
    person = someone()
    [match] = link(row_of(person, name="欧阳无忌"))

    assert match.outcome == Outcome.REVIEW
    assert match.person_id == person.pk
    assert match.method == Method.ID
    assert match.score < 90.0
    assert match.candidates[0].evidence.name == NameAgreement.DIFFERENT


def test_a_row_without_number_that_fits_two_people_is_reviewed_with_both(db: None) -> None:
    load_registry()
    person = someone()
    twin = Person.objects.get(pk=person.pk)
    twin.pk = None
    twin.uuid = uuid.uuid4()
    twin.id_number = make_number("990123", person.birth_date, 996, person.sex)
    twin.id_number_index = id_number_index(twin.id_number)
    twin.phone, twin.phone_index = None, None
    twin.save()

    [match] = link(row_of(person, id_number=None))

    assert match.outcome == Outcome.REVIEW
    assert {c.person_id for c in match.candidates} == {person.pk, twin.pk}
    assert [c.score for c in match.candidates] == [90.0, 90.0]

    # With its number the row is the person's, and the namesake is not even listed.
    [exact] = link(row_of(person))
    assert exact.outcome == Outcome.MATCHED
    assert exact.person_id == person.pk
    assert [c.person_id for c in exact.candidates] == [person.pk]
