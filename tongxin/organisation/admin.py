"""Admin for regions, agencies and memberships. These rows decide who sees which people
files, so only superusers may open them. People files are deliberately not in the admin:
they are read and changed only through the access policy and the action functions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tongxin.organisation.models import Agency, Membership, Region


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class SuperuserOnlyAdmin(admin.ModelAdmin):
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
