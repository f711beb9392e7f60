"""Read-only admin for the audit chains, for superusers. Rows are append-only (model and
database triggers refuse changes); the admin offers no add, change or delete either."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tongxin.audit.models import AccessEvent, AuditEvent


class AuditTrailAdmin(admin.ModelAdmin):
    list_display = (
        "seq",
        "occurred_at",
        "actor_username",
        "agency_name",
        "channel",
        "action",
        "object_type",
    )
    # Exact matches only: a substring search would scan the whole chain.
    search_fields = ("=actor_username", "=action")
    ordering = ("-seq",)
    # Counting every row of a long chain on each page load is too slow.
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(AuditEvent, AuditTrailAdmin)
admin.site.register(AccessEvent, AuditTrailAdmin)
