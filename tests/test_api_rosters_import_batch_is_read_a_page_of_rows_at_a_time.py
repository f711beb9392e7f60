"""GET /api/v1/rosters/imports/{id} answers the batch's status and counts and its rows a page
at a time, each naming the person and case it created; the read writes its AccessEvent naming the
batch and those people first."""

from __future__ import annotations

import pytest
import time_machine

from tests.api_rosters_support import IMPORTS, RosterCaller
from tests.personas import World
from tests.roster_import_support import QIAN, SUN, TODAY, ZHAO, release_notice
from tongxin.audit.models import AccessEvent
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment


@pytest.mark.django_db
def test_the_batch_and_a_page_of_its_rows(world: World) -> None:
    caller = RosterCaller(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        batch_id = caller.upload(
            IMPORTS, release_notice([ZHAO, QIAN, SUN]), "名单.xlsx", kind="release-notice"
        ).json()["batch"]["id"]
        response = caller.get(f"{IMPORTS}/{batch_id}", {"page": 2, "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["batch"]["status"] == "committed" and body["counts"]["created"] == 3
    assert (body["total_rows"], body["page"], body["progress"]) == (3, 2, {"done": 3, "total": 3})
    [row] = body["rows"]
    sun = Person.objects.get(name=SUN.name)
    assert (row["row"], row["outcome"], row["person_id"]) == (5, "created", str(sun.uuid))
    assert row["enrollment_id"] == str(Enrollment.objects.get(person=sun).uuid)
    event = AccessEvent.objects.filter(action="roster.batch").latest("id")
    assert event.object_ids == [batch_id] and event.details["people"] == [str(sun.uuid)]
