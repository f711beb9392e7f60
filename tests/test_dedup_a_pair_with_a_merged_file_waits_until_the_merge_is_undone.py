"""Three files of one name and birth date (person_a and two without a number) give three
pairs. Once the second file is merged into person_a, its pair with the third file leaves
the queue (the question is now person_a and the third file, still listed); when the merge
is undone, the pair is back."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.dedup_support import scan, second_file
from tests.personas import World, person_data
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate, unmerge
from tongxin.dedup.models import PersonMerge
from tongxin.people.actions import create_person


def listed(world: World) -> str:
    client = Client()
    client.force_login(world.county_supervisor)
    return client.get(reverse("dedup:queue")).content.decode()


def test_a_pair_with_a_merged_file_waits_for_the_merge(world: World) -> None:
    twin = second_file(world)
    data = person_data("张东明", world.village_a, world.person_a.birth_date, 78)
    data["id_number"] = ""
    third = create_person(
        actor=Actor(user=world.worker_a, channel="web"), data=data, confirm_similar=True
    )
    pairs = {frozenset({p.person_id, p.other_person_id}): p for p in scan()}
    a, t, tr = world.person_a.pk, twin.pk, third.pk
    assert set(pairs) == {frozenset({a, t}), frozenset({a, tr}), frozenset({t, tr})}
    supervisor = Actor(user=world.county_supervisor, channel="web")

    decide_candidate(supervisor, pairs[frozenset({a, t})].uuid, "same", "重复建档")

    html = listed(world)
    assert str(pairs[frozenset({a, tr})].uuid) in html
    assert str(pairs[frozenset({t, tr})].uuid) not in html

    unmerge(supervisor, PersonMerge.objects.get().uuid, "核实为两人")
    assert str(pairs[frozenset({t, tr})].uuid) in listed(world)
