"""The test county and its personas.

Every access test uses these people: workers of two townships, a county supervisor, a
police-station officer, a health worker, a civil-affairs officer, a procuratorate viewer and
a user with no membership. Each test says who must see nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from tongxin.audit.record import Actor
from tongxin.lib.resident_id import make_number
from tongxin.organisation.models import Agency, AgencyKind, Membership, Region, RegionLevel, Role
from tongxin.people.actions import create_person
from tongxin.people.models import Person

PASSWORD = "Persona-password-2026"
COUNTY_CODE = "990101"


@dataclass
class World:
    county: Region
    town_a: Region
    town_b: Region
    village_a: Region
    village_b: Region
    justice_bureau: Agency
    justice_office_a: Agency
    justice_office_b: Agency
    police_station_a: Agency
    health_centre_a: Agency
    civil_affairs: Agency
    procuratorate: Agency
    worker_a: AbstractUser  # 司法所 A worker
    worker_b: AbstractUser  # 司法所 B worker
    county_supervisor: AbstractUser  # 司法局 supervisor over the county
    police_a: AbstractUser  # 派出所 A officer
    health_a: AbstractUser  # 卫生院 A doctor
    civil_officer: AbstractUser  # 民政局 officer over the county
    procurator: AbstractUser  # 检察院 viewer
    outsider: AbstractUser  # no membership at all
    person_a: Person  # justice file, township A
    person_b: Person  # justice file, township B
    patient_a: Person  # health file, township A


def make_user(username: str) -> AbstractUser:
    user: AbstractUser = get_user_model().objects.create_user(username=username, password=PASSWORD)
    return user


def member(
    username: str, agency: Agency, role: str, jurisdiction: Region | None = None
) -> AbstractUser:
    user = make_user(username)
    Membership.objects.create(
        user=user, agency=agency, role=role, jurisdiction=jurisdiction or agency.region
    )
    return user


def region(code: str, name: str, level: str, parent: Region | None) -> Region:
    return Region.objects.create(code=code, name=name, level=level, parent=parent)


def person_data(name: str, village: Region, birth: dt.date, seq: int, sex: str = "M") -> dict:
    return {
        "name": name,
        "sex": sex,
        "birth_date": birth,
        "id_number": make_number(COUNTY_CODE, birth, seq, sex),
        "phone": f"1380000{seq:04d}",
        "residence_region": village,
        "residence_address": f"{village.name}{seq}号",
    }


def build_world() -> World:
    county = region(COUNTY_CODE, "测试县", RegionLevel.COUNTY, None)
    town_a = region(COUNTY_CODE + "001", "东城镇", RegionLevel.TOWNSHIP, county)
    town_b = region(COUNTY_CODE + "002", "西山乡", RegionLevel.TOWNSHIP, county)
    village_a = region(COUNTY_CODE + "001001", "东城村", RegionLevel.VILLAGE, town_a)
    village_b = region(COUNTY_CODE + "002001", "西山村", RegionLevel.VILLAGE, town_b)

    def agency(name: str, kind: str, where: Region) -> Agency:
        return Agency.objects.create(name=name, kind=kind, region=where)

    justice_bureau = agency("测试县司法局", AgencyKind.JUSTICE_BUREAU, county)
    justice_office_a = agency("东城镇司法所", AgencyKind.JUSTICE_OFFICE, town_a)
    justice_office_b = agency("西山乡司法所", AgencyKind.JUSTICE_OFFICE, town_b)
    police_station_a = agency("东城派出所", AgencyKind.POLICE_STATION, town_a)
    health_centre_a = agency("东城镇卫生院", AgencyKind.TOWNSHIP_HEALTH_CENTRE, town_a)
    civil_affairs = agency("测试县民政局", AgencyKind.CIVIL_AFFAIRS, county)
    procuratorate = agency("测试县人民检察院", AgencyKind.PROCURATORATE, county)

    worker_a = member("worker_a", justice_office_a, Role.WORKER)
    worker_b = member("worker_b", justice_office_b, Role.WORKER)
    county_supervisor = member("county_supervisor", justice_bureau, Role.SUPERVISOR)
    police_a = member("police_a", police_station_a, Role.WORKER)
    health_a = member("health_a", health_centre_a, Role.WORKER)
    civil_officer = member("civil_officer", civil_affairs, Role.WORKER)
    procurator = member("procurator", procuratorate, Role.VIEWER)
    outsider = make_user("outsider")

    person_a = create_person(
        actor=Actor(user=worker_a, channel="web"),
        data=person_data("张东明", village_a, dt.date(1985, 3, 14), 11),
    )
    person_b = create_person(
        actor=Actor(user=worker_b, channel="web"),
        data=person_data("李西平", village_b, dt.date(1979, 11, 2), 23),
    )
    patient_a = create_person(
        actor=Actor(user=health_a, channel="web"),
        data=person_data("王静", village_a, dt.date(1990, 6, 30), 34, sex="F"),
    )
    return World(
        county,
        town_a,
        town_b,
        village_a,
        village_b,
        justice_bureau,
        justice_office_a,
        justice_office_b,
        police_station_a,
        health_centre_a,
        civil_affairs,
        procuratorate,
        worker_a,
        worker_b,
        county_supervisor,
        police_a,
        health_a,
        civil_officer,
        procurator,
        outsider,
        person_a,
        person_b,
        patient_a,
    )
