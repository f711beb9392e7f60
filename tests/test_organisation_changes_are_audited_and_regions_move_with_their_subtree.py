"""Organisation records decide access: admin changes are audited, and a moved region takes
its whole subtree (and so every jurisdiction under it) along."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tongxin.access import policy
from tongxin.audit.models import AuditEvent
from tongxin.organisation.models import Membership, Region, RegionLevel, Role


def superuser_client(world: World) -> Client:
    root = get_user_model().objects.create_superuser("root", password="Root-password-2026")
    client = Client()
    client.force_login(root)
    return client


def test_granting_a_membership_in_the_admin_is_audited(world: World) -> None:
    client = superuser_client(world)
    response = client.post(
        reverse("admin:organisation_membership_add"),
        {
            "user": world.civil_officer.pk,
            "agency": world.justice_office_a.pk,
            "role": Role.VIEWER,
            "jurisdiction": world.town_a.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="membership.create")
    assert event.actor_username == "root"
    assert event.details["changes"]["role"] == Role.VIEWER
    policy.forget_cached_scopes(world.civil_officer)
    assert policy.people_visible_to(world.civil_officer).filter(pk=world.person_a.pk).exists()


def test_jurisdiction_outside_the_agency_region_is_refused(world: World) -> None:
    client = superuser_client(world)
    response = client.post(
        reverse("admin:organisation_membership_add"),
        {
            "user": world.civil_officer.pk,
            "agency": world.justice_office_a.pk,
            "role": Role.WORKER,
            "jurisdiction": world.town_b.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "管辖范围必须在机构辖区" in response.content.decode()
    assert not Membership.objects.filter(user=world.civil_officer, agency=world.justice_office_a)
    assert not AuditEvent.objects.filter(action="membership.create").exists()


def test_deactivating_a_user_is_audited_without_the_password(world: World) -> None:
    client = superuser_client(world)
    user = world.worker_b
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = {
        "username": user.username,
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="user.update")
    assert event.details["changes"]["is_active"] is False
    assert "password" not in event.details["changes"] or event.details["changes"]["password"] == (
        "changed"
    )
    assert "md5$" not in str(event.details)


def test_deleting_a_membership_is_audited(world: World) -> None:
    client = superuser_client(world)
    membership = Membership.objects.get(user=world.worker_b)
    response = client.post(
        reverse("admin:organisation_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="membership.delete").object_ids == [str(membership.pk)]


def test_moving_a_township_moves_its_villages_and_the_jurisdictions_under_it(
    world: World,
) -> None:
    other_county = Region.objects.create(code="990102", name="邻县", level=RegionLevel.COUNTY)
    world.town_b.parent = other_county
    world.town_b.save()
    village = Region.objects.get(pk=world.village_b.pk)
    assert village.path == "/990102/990101002/990101002001/"
    assert village.is_within(other_county)
    policy.forget_cached_scopes(world.worker_b)
    assert list(policy.people_visible_to(world.worker_b).values_list("name", flat=True)) == [
        "李西平"
    ]
    policy.forget_cached_scopes(world.county_supervisor)
    visible = set(policy.people_visible_to(world.county_supervisor).values_list("name", flat=True))
    assert visible == {"张东明"}  # 李西平's township now belongs to the other county
