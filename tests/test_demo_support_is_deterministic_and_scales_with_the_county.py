"""The demo's support work is computed from the seed, the reference date and the county's
casework alone: the same pair gives the same needs, consents and referrals, another seed
other ones; a city-scale county gets proportionally more; and nothing is dated on or after
the day of the load."""

from __future__ import annotations

from tests.test_demo_programs_are_deterministic_and_scale_with_the_county import TODAY, casework
from tongxin.demo.generate import _PeopleFactory, build_plan
from tongxin.demo.programs import StaffDirectory, person_facts, staff_without_login
from tongxin.demo.support import CountySupport, plan_support


def support(seed: int, scale: str = "county", county: int = 0) -> CountySupport:
    plan = build_plan(seed, scale)
    factory = _PeopleFactory(plan)
    for earlier in plan.counties[:county]:
        for _person in factory.county(earlier):
            pass
    people = [person_facts(spec) for spec in factory.county(plan.counties[county])]
    directory = StaffDirectory(plan, staff_without_login(plan))
    return plan_support(plan, casework(seed, scale, county), people, directory)


def fingerprint(work: CountySupport) -> list[tuple[object, ...]]:
    return [
        (
            need.uuid,
            need.person,
            need.pathway,
            need.status,
            need.identified_on,
            need.outcome,
            tuple((c.to_status, c.on_date) for c in need.changes),
            tuple(
                (r.uuid, r.to_agency_key, r.status, r.sent_on, r.consent, tuple(r.fields))
                for r in need.referrals
            ),
        )
        for need in work.needs
    ] + [(c.uuid, c.person, c.given_on, tuple(c.purposes)) for c in work.consents]


def test_same_seed_and_date_give_the_same_support_and_another_seed_other_support() -> None:
    first, again = support(7), support(7)
    assert fingerprint(first) == fingerprint(again)
    other = support(8)
    assert {n.uuid for n in first.needs}.isdisjoint({n.uuid for n in other.needs})
    assert fingerprint(first) != fingerprint(other)


def test_nothing_happens_on_or_after_the_day_of_the_load() -> None:
    work = support(7)
    for need in work.needs:
        assert all(change.on_date < TODAY for change in need.changes)
        assert all(measure.started_on < TODAY for measure in need.measures)
        for referral in need.referrals:
            assert all(event.on_date < TODAY for event in referral.events)
            for note in referral.notifications:
                assert note.created_at.date() < TODAY
                assert note.read_at is None or note.read_at.date() < TODAY
    assert all(consent.given_on < TODAY for consent in work.consents)
    assert all(facts.recorded_on < TODAY for facts in work.facts)


def test_a_city_scale_county_has_proportionally_more_support() -> None:
    county = support(7)
    city = support(7, "city", county=1)
    factor = build_plan(7, "city").counties[1].people / 1500
    for small, large in (
        (len(county.needs), len(city.needs)),
        (len(county.referrals()), len(city.referrals())),
        (len(county.consents), len(city.consents)),
    ):
        assert 0.8 * factor * small <= large <= 1.2 * factor * small
    # The other counties' receivers have staff to answer (staff accounts without a login).
    handlers = {r.handled_by for r in city.referrals() if r.handled_by}
    assert any(name.startswith("cl_") for name in handlers)
    assert any(name.startswith("mzj_") for name in handlers)
