"""The demo generator: the same seed gives the same county, logins and people; a different
seed gives different ones; every generated ID number is valid and unique."""

from __future__ import annotations

import datetime as dt
import re

from tongxin.demo.generate import DemoPlan, build_plan, iter_people
from tongxin.lib import resident_id
from tongxin.organisation.models import RegionLevel


def fingerprint(plan: DemoPlan) -> list[tuple[object, ...]]:
    return [
        (
            p.uuid,
            p.name,
            p.birth_date,
            p.id_number,
            p.phone,
            p.residence_region_code,
            p.residence_address,
            p.owner_agency_key,
        )
        for p in iter_people(plan)
    ]


def test_same_seed_gives_identical_regions_logins_and_people() -> None:
    first, second = build_plan(7, "county"), build_plan(7, "county")
    assert first.regions == second.regions
    assert first.agencies == second.agencies
    assert first.logins == second.logins
    assert fingerprint(first) == fingerprint(second)


def test_different_seed_gives_different_people_and_passwords() -> None:
    first, other = build_plan(7, "county"), build_plan(8, "county")
    first_people, other_people = fingerprint(first), fingerprint(other)
    assert len(first_people) == len(other_people) == 1500
    differing = sum(
        mine[1:4] != theirs[1:4] for mine, theirs in zip(first_people, other_people, strict=True)
    )
    assert differing > 1400
    first_passwords = {login.username: login.password for login in first.logins}
    other_passwords = {login.username: login.password for login in other.logins}
    assert all(first_passwords[name] != other_passwords.get(name) for name in first_passwords)


def test_every_id_number_is_valid_unique_and_matches_birth_date_and_sex() -> None:
    people = list(iter_people(build_plan(7, "county")))
    numbers = [p.id_number for p in people]
    assert len(set(numbers)) == len(numbers)
    for person in people:
        parsed = resident_id.parse(person.id_number, today=dt.date(2026, 1, 1))
        assert parsed.number == person.id_number
        assert parsed.birth_date == person.birth_date
        assert parsed.sex == person.sex
        # Fictional province 99: the number cannot be a real person's.
        assert person.id_number.startswith("99")
        assert dt.date(1950, 1, 1) <= person.birth_date <= dt.date(2008, 12, 31)


def test_phones_are_mobile_numbers_and_unique() -> None:
    phones = [p.phone for p in iter_people(build_plan(7, "county")) if p.phone]
    assert len(phones) > 1300
    assert len(set(phones)) == len(phones)
    assert all(re.fullmatch(r"1[3-9]\d{9}", phone) for phone in phones)


def test_county_has_about_twelve_townships_of_five_to_fifteen_villages() -> None:
    plan = build_plan(7, "county")
    (county,) = plan.counties
    assert county.region.name == "示范县"
    assert len(county.townships) == 12
    assert "城关镇" in {t.region.name for t in county.townships}
    for township in county.townships:
        assert 5 <= len(township.villages) <= 15
        assert len({v.name for v in township.villages}) == len(township.villages)
        assert township.region.name.endswith(("街道", "镇", "乡"))
        assert all(v.name.endswith(("村", "社区")) for v in township.villages)
    lengths = {RegionLevel.COUNTY: 6, RegionLevel.TOWNSHIP: 9, RegionLevel.VILLAGE: 12}
    for region in plan.regions:
        if region.level in lengths:
            assert len(region.code) == lengths[region.level]


def test_province_plan_has_eighty_counties_and_unique_usernames_and_codes() -> None:
    plan = build_plan(1, "province")
    assert len(plan.counties) == 80
    assert plan.people == 1_000_000
    usernames = [login.username for login in plan.logins]
    assert len(set(usernames)) == len(usernames)
    codes = [region.code for region in plan.regions]
    assert len(set(codes)) == len(codes)
    assert len({county.region.name for county in plan.counties}) == 80
