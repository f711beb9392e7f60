"""Admin for regions, agencies and memberships. These rows decide who sees which people
files, so only superusers may open them. People files are deliberately not in the admin:
they are read and changed only through the access policy and the action functions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from tongxin.audit.record import Actor
from tongxin.organisation.actions import delete_organisation_record, save_organisation_record
from tongxin.organisation.models import Agency, Membership, Region


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class AuditedAdminMixin:
    """Admin saves and deletes go through the audited action functions."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        save_organisation_record(
            actor=Actor.from_request(request),
            instance=obj,
            created=not change,
            changed_fields=form.changed_data,
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        many_to_many = [
            name for name in form.changed_data if name in {"groups", "user_permissions"}
        ]
        if many_to_many:
            save_organisation_record(
                actor=Actor.from_request(request),
                instance=form.instance,
                created=False,
                changed_fields=many_to_many,
            )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        delete_organisation_record(actor=Actor.from_request(request), instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            delete_organisation_record(actor=Actor.from_request(request), instance=obj)


class SuperuserOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # Staff users granted model permissions still may not reshape who sees what.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Agency)
class AgencyAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "kind", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ("region",)
    list_select_related = ("region",)


@admin.register(Membership)
class MembershipAdmin(SuperuserOnlyAdmin):
    # Membership.clean keeps the jurisdiction inside the agency's region.
    list_display = ("user", "agency", "role", "jurisdiction", "is_active", "created_at")
    list_filter = ("role", "agency__kind", "is_active")
    search_fields = ("user__username", "agency__name")
    autocomplete_fields = ("user", "agency", "jurisdiction")
    list_select_related = ("user", "agency", "jurisdiction")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
    """Accounts and their flags (active, staff, superuser) are access changes too."""
