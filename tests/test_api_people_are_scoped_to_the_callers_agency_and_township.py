"""The API shows a person only to the agencies and townships the access policy allows; to
everyone else the person does not exist (404, empty searches, no trace in the body)."""

from __future__ import annotations

import pytest

from tests.api_support import PEOPLE, caller, person_url
from tests.personas import World
from tongxin.people.models import Person

OUTSIDERS = ["worker_b", "civil_officer", "police_a", "outsider"]


def queries_for(person: Person) -> list[str]:
    return ["张东明", "zhangdongming", "zdm", person.id_number or "", person.phone or ""]


def test_township_worker_lists_searches_and_opens_own_person(world: World) -> None:
    api = caller(world.worker_a)
    listed = api.get(PEOPLE).json()
    assert [item["uuid"] for item in listed["items"]] == [str(world.person_a.uuid)]
    assert listed["items"][0]["owner_agency"] == "东城镇司法所"
    assert listed["items"][0]["residence_region"] == {"code": "990101001001", "name": "东城村"}
    for query in queries_for(world.person_a):
        found = api.get(PEOPLE, {"q": query})
        assert [item["name"] for item in found.json()["items"]] == ["张东明"], query
        # The body carries names as UTF-8, so the absence checks below are meaningful.
        assert "张东明" in found.content.decode()
    detail = api.get(person_url(world.person_a))
    assert detail.status_code == 200
    assert detail.json()["name"] == "张东明"
    assert detail.json()["id_number_masked"] == world.person_a.id_number_masked


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_other_agencies_and_townships_get_404_on_read_and_write(world: World, persona: str) -> None:
    api = caller(getattr(world, persona))
    read = api.get(person_url(world.person_a))
    write = api.patch(person_url(world.person_a), {"version": 1, "occupation": "厨师"})
    for response in (read, write):
        assert response.status_code == 404
        body = response.content.decode()
        assert "张东明" not in body
        assert (world.person_a.id_number or "") not in body
        assert world.person_a.id_number_masked not in body
    world.person_a.refresh_from_db()
    assert (world.person_a.version, world.person_a.occupation) == (1, "")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_other_agencies_and_townships_never_find_the_person(world: World, persona: str) -> None:
    api = caller(getattr(world, persona))
    for query in ["", *queries_for(world.person_a)]:
        response = api.get(PEOPLE, {"q": query})
        assert response.status_code == 200
        body = response.content.decode()
        assert str(world.person_a.uuid) not in body
        assert "张东明" not in body
        assert (world.person_a.id_number or "") not in body


def test_procuratorate_reads_justice_files_but_cannot_change_them(world: World) -> None:
    api = caller(world.procurator)
    assert api.get(person_url(world.person_a)).json()["name"] == "张东明"
    response = api.patch(person_url(world.person_a), {"version": 1, "occupation": "厨师"})
    assert response.status_code == 404
    world.person_a.refresh_from_db()
    assert world.person_a.version == 1


def test_county_supervisor_lists_every_township(world: World) -> None:
    listed = caller(world.county_supervisor).get(PEOPLE).json()
    assert sorted(item["name"] for item in listed["items"]) == ["张东明", "李西平"]
    assert listed["count"] == 2


def test_township_filter_narrows_within_scope(world: World) -> None:
    api = caller(world.county_supervisor)
    blank = api.get(PEOPLE, {"q": "", "township": "", "sex": "", "page": "", "page_size": ""})
    assert blank.json()["count"] == 2
    listed = api.get(PEOPLE, {"township": world.town_b.code}).json()
    assert [item["name"] for item in listed["items"]] == ["李西平"]
    unknown = api.get(PEOPLE, {"township": "000000"})
    assert unknown.status_code == 422
    assert "000000" in unknown.json()["errors"]["township"][0]
