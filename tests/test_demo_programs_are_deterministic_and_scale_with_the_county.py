"""The demo casework is computed from the seed and the reference date alone: the same pair
gives the same cases, another seed other ones; a city-scale county (12,500 people) gets
proportionally more cases; and every planned date stays within the history (1 January to
today) or after it."""

from __future__ import annotations

import datetime as dt

from tongxin.demo.generate import _PeopleFactory, build_plan
from tongxin.demo.programs import (
    CountyCasework,
    StaffDirectory,
    person_facts,
    plan_casework,
    staff_without_login,
)

TODAY = dt.date(2026, 11, 30)


def casework(seed: int, scale: str = "county", county: int = 0) -> CountyCasework:
    plan = build_plan(seed, scale)
    factory = _PeopleFactory(plan)
    for earlier in plan.counties[:county]:
        for _person in factory.county(earlier):
            pass
    people = [person_facts(spec) for spec in factory.county(plan.counties[county])]
    directory = StaffDirectory(plan, staff_without_login(plan))
    return plan_casework(plan, county, people, TODAY, directory)


def fingerprint(work: CountyCasework) -> list[tuple[object, ...]]:
    return [
        (
            case.uuid,
            case.person,
            case.program,
            case.status,
            case.level,
            case.started_on,
            case.next_contact_due_on,
            tuple((c.uuid, c.status, c.due_on, c.done_on) for c in case.contacts),
            tuple((d.code, d.status, d.due_on) for d in case.deadlines),
        )
        for case in work.cases
    ]


def test_same_seed_and_date_give_the_same_cases_and_another_seed_others() -> None:
    first, again = casework(7), casework(7)
    assert fingerprint(first) == fingerprint(again)
    other = casework(8)
    assert {c.uuid for c in first.cases}.isdisjoint({c.uuid for c in other.cases})
    assert fingerprint(first) != fingerprint(other)


def test_dates_stay_in_the_history_and_nothing_is_done_in_the_future() -> None:
    work = casework(7)
    jan1 = dt.date(TODAY.year, 1, 1)
    for case in work.cases:
        assert case.started_on <= TODAY
        assert case.ended_on is None or case.started_on <= case.ended_on < TODAY
        for contact in case.contacts:
            # Contacts of the history are due from 1 January; done ones before today.
            assert contact.due_on >= jan1 or contact.status != "planned"
            assert contact.done_on is None or contact.done_on < TODAY
            assert contact.due_on <= contact.window_ends_on
        for deadline in case.deadlines:
            assert deadline.met_on is None or deadline.met_on <= deadline.due_on


def test_a_city_scale_county_has_proportionally_more_cases() -> None:
    county = casework(7)
    city = casework(7, "city", county=1)
    plan = build_plan(7, "city")
    factor = plan.counties[1].people / 1500
    for program in ("corrections", "reentry", "mental_health", "drug_rehab"):
        small = sum(case.program == program for case in county.cases)
        large = sum(case.program == program for case in city.cases)
        assert 0.8 * factor * small <= large <= 1.2 * factor * small, program
    # The other counties' cases have caseworkers too (staff accounts without a login).
    assert all(case.worker for case in city.cases)
    township_workers = {case.worker for case in city.cases if case.program == "corrections"}
    assert all(str(worker).count("_") == 3 for worker in township_workers)
