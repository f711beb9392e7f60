"""The admin holds the organisation for superusers only, never people files, and shows the
audit chains read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tongxin.audit.models import AccessEvent, AuditEvent
from tongxin.organisation.models import Membership, Role
from tongxin.people.models import Person


@pytest.fixture
def superuser_client(client: Client, world: World) -> Client:
    root = get_user_model().objects.create_superuser("root", password="Root-password-2026")
    client.force_login(root)
    return client


def test_people_files_are_not_in_the_admin(superuser_client: Client, world: World) -> None:
    assert Person not in admin.site._registry
    html = superuser_client.get(reverse("admin:index")).content.decode()
    assert "张东明" not in html


def test_audit_rows_can_be_read_but_not_added_changed_or_deleted(
    superuser_client: Client, world: World
) -> None:
    event = AuditEvent.objects.order_by("seq").first()
    assert event is not None
    listing = superuser_client.get(reverse("admin:audit_auditevent_changelist"))
    assert "person.create" in listing.content.decode()
    page = superuser_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert superuser_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = superuser_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]))
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert superuser_client.get(reverse("admin:audit_accessevent_add")).status_code == 403


def test_staff_with_model_permissions_still_cannot_open_organisation_or_audit(
    client: Client, world: World
) -> None:
    clerk = get_user_model().objects.create_user(
        "clerk", password="Clerk-password-2026", is_staff=True
    )
    clerk.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["organisation", "audit"])
    )
    client.force_login(clerk)
    assert client.get(reverse("admin:organisation_membership_changelist")).status_code == 403
    assert client.get(reverse("admin:audit_accessevent_changelist")).status_code == 403
    assert AccessEvent.objects.count() == 0


def test_membership_jurisdiction_must_lie_within_the_agency_region(
    superuser_client: Client, world: World
) -> None:
    response = superuser_client.post(
        reverse("admin:organisation_membership_add"),
        {
            "user": world.outsider.pk,
            "agency": world.justice_office_a.pk,
            "role": Role.WORKER,
            "jurisdiction": world.town_b.pk,
            "is_active": "on",
        },
    )
    assert "管辖范围必须在机构辖区" in response.content.decode()
    assert not Membership.objects.filter(user=world.outsider).exists()
