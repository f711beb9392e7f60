"""The demo data as plain values, computed from a seed without touching the database.

``build_plan(seed, scale)`` gives the regions, agencies and staff logins; ``iter_people(plan)``
yields the people one at a time, so a province-scale run never holds a million rows in memory.
Both draw from ``random.Random`` streams named after the seed and the part they generate, so
the same seed gives the same regions, usernames, passwords, names and ID numbers on every
machine, and adding a login does not shift every person.

All codes sit under the fictional province prefix 99 (see ``places``): demo ID numbers are
checksum-valid but cannot be anyone's real number.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Generic, TypeVar

from tongxin.demo import names, places
from tongxin.lib.resident_id import make_number
from tongxin.organisation.models import SECTOR_OF_KIND, AgencyKind, RegionLevel, Role

SUPERUSER_ROLE = "superuser"
_T = TypeVar("_T")


@dataclass(frozen=True)
class Scale:
    cities: int
    counties_per_city: int
    people: int

    @property
    def counties(self) -> int:
        return self.cities * self.counties_per_city


SCALES: dict[str, Scale] = {
    "county": Scale(cities=1, counties_per_city=1, people=1_500),
    "city": Scale(cities=1, counties_per_city=8, people=100_000),
    "province": Scale(cities=10, counties_per_city=8, people=1_000_000),
}


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    level: str
    parent_code: str | None
    path: str


@dataclass(frozen=True)
class AgencySpec:
    key: str  # "<kind>:<region code>": one agency of each kind per region
    name: str
    kind: str
    region_code: str


@dataclass(frozen=True)
class LoginSpec:
    username: str
    password: str
    role: str  # a Role value, or SUPERUSER_ROLE for the Django superuser
    agency_key: str | None
    last_name: str
    first_name: str
    sex: str  # team rosters list staff with their sex (a woman's 矫正小组 needs a woman)


@dataclass
class TownshipPlan:
    region: RegionSpec
    pinyin: str
    weight: float  # share of the county's people living here
    villages: list[RegionSpec]
    village_weights: list[float]


@dataclass
class CountyPlan:
    region: RegionSpec
    pinyin: str
    townships: list[TownshipPlan]
    people: int


@dataclass
class DemoPlan:
    seed: int
    scale: str
    regions: list[RegionSpec] = field(default_factory=list)
    agencies: list[AgencySpec] = field(default_factory=list)
    logins: list[LoginSpec] = field(default_factory=list)
    counties: list[CountyPlan] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(county.people for county in self.counties)


@dataclass(frozen=True)
class PersonSpec:
    uuid: uuid.UUID
    name: str
    former_name: str
    sex: str
    birth_date: dt.date
    id_number: str
    phone: str | None
    ethnicity: str
    education: str
    occupation: str
    household_region_code: str | None
    household_address: str | None
    residence_region_code: str
    residence_address: str
    family_contacts: str | None
    is_sealed_minor: bool
    is_restricted: bool
    owner_agency_key: str
    owner_sector: str


def agency_key(kind: str, region_code: str) -> str:
    return f"{kind}:{region_code}"


def _rng(seed: int, stream: str) -> random.Random:
    # A string seed is hashed with SHA-512 by random.seed, independent of PYTHONHASHSEED.
    return random.Random(f"tongxin-demo:{seed}:{stream}")


def _pick(rng: random.Random, items: Sequence[_T]) -> _T:
    # random() is several times cheaper than choice()/randrange(), which shows at a million rows.
    return items[int(rng.random() * len(items))]


class _Weighted(Generic[_T]):
    """Draw from a fixed weighted table with one random() and a bisect."""

    def __init__(self, pairs: Sequence[tuple[_T, float]]) -> None:
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(accumulate(weight for _item, weight in pairs))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> _T:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


_SURNAMES = _Weighted(names.SURNAMES)
_ETHNICITIES = _Weighted(names.ETHNICITIES)
_EDUCATION = _Weighted(names.EDUCATION)
_OCCUPATIONS = _Weighted(names.OCCUPATIONS)
_OCCUPATIONS_ELDERLY = _Weighted(names.OCCUPATIONS_ELDERLY)

# --- Regions, agencies, logins --------------------------------------------------------------

COUNTY_AGENCIES: tuple[tuple[str, str], ...] = (
    (AgencyKind.JUSTICE_BUREAU, "司法局"),
    (AgencyKind.POLICE_BUREAU, "公安局"),
    (AgencyKind.HEALTH_BUREAU, "卫生健康局"),
    (AgencyKind.CDC, "疾病预防控制中心"),
    (AgencyKind.CIVIL_AFFAIRS, "民政局"),
    (AgencyKind.HUMAN_RESOURCES, "人力资源和社会保障局"),
    (AgencyKind.DISABLED_FEDERATION, "残疾人联合会"),
    (AgencyKind.PROCURATORATE, "人民检察院"),
)
# Username prefix per agency kind: the pinyin initials officers use for their own unit.
USERNAME_PREFIX: dict[str, str] = {
    AgencyKind.JUSTICE_BUREAU: "sfj",
    AgencyKind.JUSTICE_OFFICE: "sfs",
    AgencyKind.POLICE_BUREAU: "gaj",
    AgencyKind.POLICE_STATION: "pcs",
    AgencyKind.HEALTH_BUREAU: "wjj",
    AgencyKind.TOWNSHIP_HEALTH_CENTRE: "wsy",
    AgencyKind.CDC: "jkzx",
    AgencyKind.CIVIL_AFFAIRS: "mzj",
    AgencyKind.HUMAN_RESOURCES: "rsj",
    AgencyKind.DISABLED_FEDERATION: "cl",
    AgencyKind.PROCURATORATE: "jcy",
}
# Staff of each county agency in the first county: (role, how many).
COUNTY_STAFF: dict[str, tuple[tuple[str, int], ...]] = {
    AgencyKind.JUSTICE_BUREAU: ((Role.SUPERVISOR, 1), (Role.WORKER, 1), (Role.AGENCY_ADMIN, 1)),
    AgencyKind.PROCURATORATE: ((Role.VIEWER, 1),),
}
DEFAULT_COUNTY_STAFF: tuple[tuple[str, int], ...] = ((Role.SUPERVISOR, 1), (Role.WORKER, 1))
TOWNSHIP_STAFF: dict[str, tuple[tuple[str, int], ...]] = {
    AgencyKind.JUSTICE_OFFICE: ((Role.WORKER, 2), (Role.SUPERVISOR, 1)),
    AgencyKind.POLICE_STATION: ((Role.WORKER, 1),),
    AgencyKind.TOWNSHIP_HEALTH_CENTRE: ((Role.WORKER, 1),),
}
ROLE_SUFFIX: dict[str, str] = {
    Role.SUPERVISOR: "sup",
    Role.AGENCY_ADMIN: "admin",
    Role.VIEWER: "view",
}
_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 (alphabet)


def _password(rng: random.Random) -> str:
    # Letters and digits without look-alikes (0/O, 1/l/I): people copy these from a terminal.
    return "Tx-" + "".join(rng.choice(_PASSWORD_ALPHABET) for _ in range(8)) + "!"


def _region(code: str, name: str, level: str, parent: RegionSpec | None) -> RegionSpec:
    path = (parent.path if parent else "/") + f"{code}/"
    return RegionSpec(code, name, level, parent.code if parent else None, path)


def _place_names(rng: random.Random, count: int, first: tuple[str, str]) -> list[tuple[str, str]]:
    """``count`` distinct (name, pinyin) pairs, ``first`` first, from NAME_HEADS × NAME_TAILS."""
    chosen = [first]
    used = {first[1]}
    while len(chosen) < count:
        head, tail = _pick(rng, places.NAME_HEADS), _pick(rng, places.NAME_TAILS)
        pinyin = head[1] + tail[1]
        if pinyin not in used and head[0] != tail[0]:
            used.add(pinyin)
            chosen.append((head[0] + tail[0], pinyin))
    return chosen


def _village_names(rng: random.Random, villages: int, communities: int) -> list[str]:
    """Distinct names within one township: ``communities`` 社区 first, then 村."""
    result = [name + "社区" for name in rng.sample(places.COMMUNITIES, communities)]
    used = set(result)
    while len(result) < communities + villages:
        if rng.random() < 0.1:
            name = _pick(rng, places.VILLAGE_WHOLE) + "村"
        else:
            name = _pick(rng, places.VILLAGE_HEADS) + _pick(rng, places.VILLAGE_TAILS) + "村"
        if name not in used:
            used.add(name)
            result.append(name)
    return result


def _townships(rng: random.Random, county: RegionSpec, *, first_county: bool) -> list[TownshipPlan]:
    """The county's 街道, 镇 and 乡: the seat 城关镇 plus a draw from each pool.

    The first county has exactly 12 (2 街道, 8 镇 with the seat, 2 乡), so 示范县 has the
    same shape at every scale and seed; the others vary between 9 and 15.
    """
    if first_county:
        streets, towns, xiang = 2, 7, 2
    else:
        streets, towns, xiang = rng.randint(0, 2), rng.randint(5, 9), rng.randint(1, 4)
    chosen = (
        [(base, "街道", 1 + i, 2.0) for i, base in enumerate(rng.sample(places.STREETS, streets))]
        + [(places.SEAT_TOWN, "镇", 100, 2.5)]
        + [(base, "镇", 101 + i, 1.0) for i, base in enumerate(rng.sample(places.TOWNS, towns))]
        + [(base, "乡", 200 + i, 0.6) for i, base in enumerate(rng.sample(places.XIANG, xiang))]
    )
    result = []
    for (base, pinyin), suffix, number, weight in chosen:
        region = _region(f"{county.code}{number:03d}", base + suffix, RegionLevel.TOWNSHIP, county)
        size = rng.randint(5, 15)
        if suffix == "街道":
            communities = size
        elif number == 100:  # the county seat: a few urban 社区 around the town centre
            communities = rng.randint(2, 4)
        elif suffix == "镇":
            communities = 1
        else:
            communities = 0
        village_names = _village_names(rng, size - communities, communities)
        villages = []
        for index, name in enumerate(village_names):
            # 居委会 are numbered 001–199, 村委会 200–399.
            number3 = index + 1 if index < communities else 200 + index - communities + 1
            villages.append(
                _region(f"{region.code}{number3:03d}", name, RegionLevel.VILLAGE, region)
            )
        result.append(
            TownshipPlan(
                region=region,
                pinyin=pinyin,
                weight=weight,
                villages=villages,
                village_weights=[rng.uniform(0.5, 1.5) for _ in villages],
            )
        )
    return result


def _township_agencies(township: TownshipPlan) -> list[AgencySpec]:
    region = township.region
    base = region.name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    # Street-level health care is a 社区卫生服务中心, the township kind a 卫生院.
    health_name = region.name + ("社区卫生服务中心" if region.name.endswith("街道") else "卫生院")
    return [
        AgencySpec(
            agency_key(AgencyKind.JUSTICE_OFFICE, region.code),
            region.name + "司法所",
            AgencyKind.JUSTICE_OFFICE,
            region.code,
        ),
        AgencySpec(
            agency_key(AgencyKind.POLICE_STATION, region.code),
            base + "派出所",
            AgencyKind.POLICE_STATION,
            region.code,
        ),
        AgencySpec(
            agency_key(AgencyKind.TOWNSHIP_HEALTH_CENTRE, region.code),
            health_name,
            AgencyKind.TOWNSHIP_HEALTH_CENTRE,
            region.code,
        ),
    ]


def _county_agencies(county: RegionSpec) -> list[AgencySpec]:
    return [
        AgencySpec(agency_key(kind, county.code), county.name + suffix, kind, county.code)
        for kind, suffix in COUNTY_AGENCIES
    ]


def build_plan(seed: int, scale: str) -> DemoPlan:
    """Regions, agencies and logins for ``scale``.

    Steps: the province and its cities; per city its counties (the first is 示范县); per
    county the townships and villages, the eight county agencies and three per township;
    logins for every agency of the first county and a 司法局 supervisor of every other county
    (hashing is the slow part of creating a user, so the other counties get one login each);
    the people quota of each county.
    """
    spec = SCALES[scale]
    plan = DemoPlan(seed=seed, scale=scale)
    rng = _rng(seed, "regions")
    province = _region(places.PROVINCE_CODE, places.PROVINCE_NAME, RegionLevel.PROVINCE, None)
    plan.regions.append(province)
    city_names = _place_names(rng, spec.cities, places.DEMO_NAME)
    county_names = _place_names(rng, spec.counties, places.DEMO_NAME)
    per_county, remainder = divmod(spec.people, spec.counties)
    for city_index, (city_name, _city_pinyin) in enumerate(city_names):
        city = _region(f"99{city_index + 1:02d}00", city_name + "市", RegionLevel.CITY, province)
        plan.regions.append(city)
        for county_index in range(spec.counties_per_city):
            number = city_index * spec.counties_per_city + county_index
            county_name, county_pinyin = county_names[number]
            # 21–80 are the codes of 县 under a city.
            county = _region(
                f"{city.code[:4]}{21 + county_index:02d}",
                county_name + "县",
                RegionLevel.COUNTY,
                city,
            )
            townships = _townships(rng, county, first_county=number == 0)
            plan.counties.append(
                CountyPlan(
                    region=county,
                    pinyin=county_pinyin,
                    townships=townships,
                    people=per_county + (1 if number < remainder else 0),
                )
            )
            plan.regions.append(county)
            plan.agencies.extend(_county_agencies(county))
            for township in townships:
                plan.regions.append(township.region)
                plan.regions.extend(township.villages)
                plan.agencies.extend(_township_agencies(township))
    plan.logins = _logins(seed, plan)
    return plan


def _logins(seed: int, plan: DemoPlan) -> list[LoginSpec]:
    rng = _rng(seed, "logins")
    logins: list[LoginSpec] = []

    def add(username: str, role: str, key: str | None) -> None:
        surname = _SURNAMES.draw(rng)
        sex = "M" if rng.random() < 0.55 else "F"
        given = _given_name(rng, sex, rng.randint(1968, 1998))
        logins.append(LoginSpec(username, _password(rng), role, key, surname, given, sex))

    add("admin", SUPERUSER_ROLE, None)
    first = plan.counties[0]
    for kind, _suffix in COUNTY_AGENCIES:
        for role, count in COUNTY_STAFF.get(kind, DEFAULT_COUNTY_STAFF):
            for n in range(1, count + 1):
                username = _username(kind, first.pinyin, role, n)
                add(username, role, agency_key(kind, first.region.code))
    for township in first.townships:
        for kind, staff in TOWNSHIP_STAFF.items():
            for role, count in staff:
                for n in range(1, count + 1):
                    username = _username(kind, township.pinyin, role, n)
                    add(username, role, agency_key(kind, township.region.code))
    for county in plan.counties[1:]:
        add(
            _username(AgencyKind.JUSTICE_BUREAU, county.pinyin, Role.SUPERVISOR, 1),
            Role.SUPERVISOR,
            agency_key(AgencyKind.JUSTICE_BUREAU, county.region.code),
        )
    return logins


def _username(kind: str, place_pinyin: str, role: str, n: int) -> str:
    """``sfs_chengguan_1`` (worker 1), ``sfs_chengguan_sup``, ``sfj_shifan_admin``."""
    return f"{USERNAME_PREFIX[kind]}_{place_pinyin}_{ROLE_SUFFIX.get(role, str(n))}"


# --- People ---------------------------------------------------------------------------------


def _given_name(rng: random.Random, sex: str, birth_year: int) -> str:
    # Share of the "old" naming style: all of it before 1975, none after 1990.
    old_share = min(max((1990 - birth_year) / 15, 0.0), 1.0)
    old = rng.random() < old_share
    if sex == "M":
        classic, chars = names.MALE_CLASSIC, names.MALE_CHARS_OLD if old else names.MALE_CHARS_NEW
    else:
        classic = names.FEMALE_CLASSIC
        chars = names.FEMALE_CHARS_OLD if old else names.FEMALE_CHARS_NEW
    if old and rng.random() < 0.3:
        return _pick(rng, classic)
    if rng.random() < (0.3 if old else 0.15):
        return _pick(rng, chars)
    first, second = _pick(rng, chars), _pick(rng, chars)
    if first == second and not (sex == "F" and rng.random() < 0.3):  # 婷婷, not 强强
        second = _pick(rng, chars)
    return first + second


def _minority_name(rng: random.Random, ethnicity: str, sex: str) -> str | None:
    if ethnicity == "维吾尔族":
        own = _pick(rng, names.UYGHUR_GIVEN if sex == "M" else names.UYGHUR_FEMALE)
        return f"{own}·{_pick(rng, names.UYGHUR_FATHER)}"
    if ethnicity == "藏族":
        pool = names.TIBETAN_MALE if sex == "M" else names.TIBETAN_FEMALE
        return "".join(rng.sample(pool, 2))
    return None


@dataclass(frozen=True)
class _Program:
    """Who owns the file and the age profile of the people it serves."""

    kind: str
    share: float
    male_share: float
    birth_years: tuple[int, int, int]  # low, high, mode of a triangular draw


# 60% 司法所 (corrections, resettlement), 20% 卫生院 (mental health), 10% 派出所 (drug
# rehabilitation), 10% 民政局 (welfare, youth support). Corrections is mostly men.
_PROGRAMS: tuple[_Program, ...] = (
    _Program(AgencyKind.JUSTICE_OFFICE, 0.6, 0.86, (1955, 2004, 1984)),
    _Program(AgencyKind.TOWNSHIP_HEALTH_CENTRE, 0.2, 0.52, (1950, 2006, 1974)),
    _Program(AgencyKind.POLICE_STATION, 0.1, 0.82, (1960, 2005, 1988)),
    _Program(AgencyKind.CIVIL_AFFAIRS, 0.1, 0.5, (1950, 2008, 1966)),
)
_PROGRAM_TABLE = _Weighted([(program, program.share) for program in _PROGRAMS])


class _PeopleFactory:
    """Builds people county by county; keeps the ID numbers issued so far to stay unique."""

    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.rng = _rng(plan.seed, "people")
        self.used_ids: set[int] = set()
        self.count = 0
        # Phones: a fixed prefix-independent permutation of 0..10^8-1 keyed by the person's
        # index, so numbers are unique without remembering a million of them.
        self.phone_offset = self.rng.randrange(10**8)
        self.other_codes = [c.region.code for c in plan.counties] + list(
            places.OUTSIDE_HOUSEHOLD_CODES
        )

    def county(self, county: CountyPlan) -> Iterator[PersonSpec]:
        townships = _Weighted([(t, t.weight) for t in county.townships])
        villages = {
            t.region.code: _Weighted(list(zip(t.villages, t.village_weights, strict=True)))
            for t in county.townships
        }
        all_villages = [v for t in county.townships for v in t.villages]
        for _ in range(county.people):
            township = townships.draw(self.rng)
            village = villages[township.region.code].draw(self.rng)
            yield self.person(county, township, village, all_villages)

    def person(
        self,
        county: CountyPlan,
        township: TownshipPlan,
        village: RegionSpec,
        all_villages: list[RegionSpec],
    ) -> PersonSpec:
        rng = self.rng
        program = _PROGRAM_TABLE.draw(rng)
        owner_region = (
            county.region.code if program.kind == AgencyKind.CIVIL_AFFAIRS else township.region.code
        )
        sex = "M" if rng.random() < program.male_share else "F"
        low, high, mode = program.birth_years
        sealed = False
        if program.kind == AgencyKind.JUSTICE_OFFICE and rng.random() < 0.02:
            # Offenders who were minors at the time: half of their records are sealed.
            birth_year = rng.randint(2004, 2008)
            sealed = rng.random() < 0.5
        else:
            birth_year = round(rng.triangular(low, high, mode))
        birth = dt.date(birth_year, 1, 1) + dt.timedelta(days=int(rng.random() * 365))
        ethnicity = _ETHNICITIES.draw(rng)
        surname = _SURNAMES.draw(rng)
        name = _minority_name(rng, ethnicity, sex) or surname + _given_name(rng, sex, birth_year)
        former_name = ""
        if rng.random() < 0.015 and "·" not in name:
            former_name = surname + _given_name(rng, sex, birth_year)

        residence_address = _address(rng, village)
        roll = rng.random()
        if roll < 0.90:  # registered where they live
            household: RegionSpec | None = village
            household_address: str | None = residence_address
            id_code = county.region.code
        elif roll < 0.96:  # registered in another village of the county
            household = _pick(rng, all_villages)
            household_address = _address(rng, household)
            id_code = county.region.code
        else:  # registered elsewhere: the number carries that county's code
            household, household_address = None, None
            id_code = _pick(rng, self.other_codes)

        self.count += 1
        phone = None
        if rng.random() < 0.95:
            suffix = (self.count * 61_803_399 + self.phone_offset) % 10**8
            phone = f"{_pick(rng, names.MOBILE_PREFIXES)}{suffix:08d}"
        return PersonSpec(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            name=name,
            former_name=former_name,
            sex=sex,
            birth_date=birth,
            id_number=self.id_number(id_code, birth, sex),
            phone=phone,
            ethnicity=ethnicity,
            education=_education(rng, birth_year),
            occupation=_occupation(rng, birth_year),
            household_region_code=household.code if household else None,
            household_address=household_address,
            residence_region_code=village.code,
            residence_address=residence_address,
            family_contacts=_family_contact(rng, surname, ethnicity, sex, birth_year),
            is_sealed_minor=sealed,
            is_restricted=(
                program.kind in (AgencyKind.JUSTICE_OFFICE, AgencyKind.POLICE_STATION)
                and rng.random() < 0.008
            ),
            owner_agency_key=agency_key(program.kind, owner_region),
            owner_sector=SECTOR_OF_KIND[program.kind],
        )

    def id_number(self, region_code: str, birth: dt.date, sex: str) -> str:
        """A checksum-valid number not issued before in this run.

        The sequence (digits 15–17) is odd for men and even for women; on a clash the next
        sequence of the same parity is taken.
        """
        sequence = int(self.rng.random() * 500) * 2 + (1 if sex == "M" else 0)
        base = (int(region_code) * 1_000_000 + birth.toordinal()) * 1000
        while base + sequence in self.used_ids:
            sequence = (sequence + 2) % 1000
        self.used_ids.add(base + sequence)
        return make_number(region_code, birth, sequence, sex)


def _address(rng: random.Random, village: RegionSpec) -> str:
    if village.name.endswith("村"):
        return f"{village.name}{1 + int(rng.random() * 12)}组{1 + int(rng.random() * 80)}号"
    building, unit = 1 + int(rng.random() * 20), 1 + int(rng.random() * 4)
    room = f"{1 + int(rng.random() * 18)}0{1 + int(rng.random() * 4)}"
    if rng.random() < 0.6:
        road = _pick(rng, places.ROADS)
        return f"{road}{1 + int(rng.random() * 200)}号{building}栋{unit}单元{room}室"
    return f"{_pick(rng, places.ESTATES)}{building}栋{unit}单元{room}室"


def _education(rng: random.Random, birth_year: int) -> str:
    if birth_year >= 2006:  # still at school or just left
        return "junior" if rng.random() < 0.55 else "senior"
    return _EDUCATION.draw(rng)


def _occupation(rng: random.Random, birth_year: int) -> str:
    if birth_year >= 2005:
        return "学生" if rng.random() < 0.5 else _pick(rng, ("无业", "进城务工", "餐饮服务员"))
    if birth_year < 1963:
        return _OCCUPATIONS_ELDERLY.draw(rng)
    return _OCCUPATIONS.draw(rng)


def _family_contact(
    rng: random.Random, surname: str, ethnicity: str, sex: str, birth_year: int
) -> str | None:
    if rng.random() < 0.35:
        return None
    relations = names.RELATIONS_OF_MINOR if birth_year >= 2005 else names.RELATIONS_OF_ADULT
    relation = _pick(rng, relations)
    female = sex == "M" if relation == "配偶" else relation in names.FEMALE_RELATIONS
    contact_sex = "F" if female else "M"
    # Children and siblings, and the father's side, carry the family surname; a spouse or a
    # mother mostly does not.
    contact_surname = surname if relation in names.PATERNAL_RELATIONS else _SURNAMES.draw(rng)
    contact_name = _minority_name(rng, ethnicity, contact_sex) or contact_surname + _given_name(
        rng, contact_sex, rng.randint(1945, 2000)
    )
    number = f"{_pick(rng, names.MOBILE_PREFIXES)}{int(rng.random() * 10**8):08d}"
    return f"{relation} {contact_name} {number}"


def iter_people(plan: DemoPlan) -> Iterator[PersonSpec]:
    """Every person of the plan, county by county, in a fixed order."""
    factory = _PeopleFactory(plan)
    for county in plan.counties:
        yield from factory.county(county)
