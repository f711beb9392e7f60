"""A file merged into person_a leaves the scoped people list, search and the policy's
queryset; its own page, for those who may see it, says 已合并到 张东明 with a link to the
survivor (the unmerge form for the county supervisor only) and is audited; a worker of
another township still gets 404."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.dedup_support import twin_pair
from tests.personas import World
from tongxin.access import policy
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate


def test_the_merged_file_is_gone_from_lists_and_points_to_the_survivor(world: World) -> None:
    twin, pair = twin_pair(world)
    decide_candidate(
        Actor(user=world.county_supervisor, channel="web"), pair.uuid, "same", "重复建档"
    )

    assert not policy.people_visible_to(world.worker_a).filter(pk=twin.pk).exists()
    assert policy.people_visible_to(world.worker_a).filter(pk=world.person_a.pk).exists()
    worker = Client()
    worker.force_login(world.worker_a)
    listed = worker.get(reverse("people:list"), {"q": "张东明"}).content.decode()
    assert str(world.person_a.uuid) in listed and str(twin.uuid) not in listed

    page = worker.get(reverse("people:detail", args=[twin.uuid]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "已合并到 张东明" in html
    assert reverse("people:detail", args=[world.person_a.uuid]) in html
    assert "撤销合并" not in html
    event = AccessEvent.objects.filter(action="person.view").latest("seq")
    assert event.object_ids == [str(twin.uuid)]
    assert event.details["merged_into"] == str(world.person_a.uuid)

    supervisor = Client()
    supervisor.force_login(world.county_supervisor)
    assert "撤销合并" in supervisor.get(reverse("people:detail", args=[twin.uuid])).content.decode()

    other = Client()
    other.force_login(world.worker_b)
    refused = other.get(reverse("people:detail", args=[twin.uuid]))
    assert refused.status_code == 404 and "张东明" not in refused.content.decode()
