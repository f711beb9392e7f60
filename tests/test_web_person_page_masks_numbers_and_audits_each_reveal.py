"""The person page shows the ID number and phone masked, writes one person.view event, and
reveals a full number only on request, with its own event. It lists the file's changes."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import World
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.actions import update_person
from tongxin.people.validation import EDITABLE_FIELDS


def test_page_shows_masked_numbers_and_writes_one_view_event(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    before = AccessEvent.objects.count()
    html = client.get(reverse("people:detail", args=[world.person_a.uuid])).content.decode()
    assert "张东明" in html
    assert world.person_a.id_number_masked in html
    assert world.person_a.phone_masked in html
    assert world.person_a.id_number not in html
    assert world.person_a.phone not in html
    assert "显示完整号码" in html
    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [(e.action, e.object_ids) for e in events] == [
        ("person.view", [str(world.person_a.uuid)])
    ]


def test_reveal_returns_the_full_number_and_writes_its_own_event(
    client: Client, world: World
) -> None:
    client.force_login(world.worker_a)
    url = reverse("people:reveal", args=[world.person_a.uuid, "id_number"])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.content.decode().strip().startswith("<span")  # a fragment for htmx
    assert world.person_a.id_number in response.content.decode()
    phone = client.post(reverse("people:reveal", args=[world.person_a.uuid, "phone"]))
    assert world.person_a.phone in phone.content.decode()
    assert "<html" in phone.content.decode()  # without htmx: a whole page
    actions = list(AccessEvent.objects.order_by("seq").values_list("action", "object_ids"))
    assert actions[-2:] == [
        ("person.reveal_id", [str(world.person_a.uuid)]),
        ("person.reveal_phone", [str(world.person_a.uuid)]),
    ]


def test_reveal_is_a_post_and_only_for_the_two_numbers(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    get = client.get(reverse("people:reveal", args=[world.person_a.uuid, "id_number"]))
    other = client.post(reverse("people:reveal", args=[world.person_a.uuid, "family_contacts"]))
    assert get.status_code == 405
    assert other.status_code == 404
    assert not AccessEvent.objects.filter(action__startswith="person.reveal").exists()


def test_page_lists_who_changed_which_fields(client: Client, world: World) -> None:
    data = {name: getattr(world.person_a, name) for name in EDITABLE_FIELDS}
    data.update(occupation="个体经营", phone="13912345678")
    update_person(
        actor=Actor(user=world.worker_a, channel="web"),
        person_uuid=world.person_a.uuid,
        data=data,
        expected_version=1,
    )
    client.force_login(world.worker_a)
    response = client.get(reverse("people:detail", args=[world.person_a.uuid]))
    history = response.context["history"]
    assert [entry.action for entry in history] == ["修改档案", "新建档案"]
    assert sorted(history[0].fields) == sorted(["职业", "联系电话"])
    assert history[0].who == "worker_a"
    html = response.content.decode()
    assert "修改档案" in html and "职业" in html
    assert "13912345678" not in html  # the history names the changed field, never its value


def test_other_peoples_changes_stay_out_of_the_history(client: Client, world: World) -> None:
    client.force_login(world.county_supervisor)
    response = client.get(reverse("people:detail", args=[world.person_b.uuid]))
    history = response.context["history"]
    assert len(history) == 1
    assert history[0].who == "worker_b"


def test_edit_button_only_for_those_who_may_write(client: Client, world: World) -> None:
    edit_url = reverse("people:edit", args=[world.person_a.uuid])
    client.force_login(world.worker_a)
    assert (
        edit_url
        in client.get(reverse("people:detail", args=[world.person_a.uuid])).content.decode()
    )
    client.force_login(world.procurator)
    html = client.get(reverse("people:detail", args=[world.person_a.uuid])).content.decode()
    assert "张东明" in html
    assert edit_url not in html
