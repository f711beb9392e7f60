"""The reconciliation worklist (名单核对待办): the open discrepancies the user may see, each
with what the roster and the registry say, and a form to record its resolution.

Thin views: the list goes through ``policy.discrepancies_visible_to`` and writes one
AccessEvent naming the people and items it shows before rendering; resolving is one action
(``resolve_discrepancy``, 404 outside the write rule) and a redirect with its message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.rosters.models import Discrepancy, DiscrepancyStatus, Resolution
from tongxin.rosters.reading import FIELD_LABELS
from tongxin.rosters.reconciling import (
    RESOLUTIONS_OF_KIND,
    ReconcileRefused,
    resolve_discrepancy,
)

ITEMS_PER_PAGE = 50


@dataclass(frozen=True)
class ItemView:
    item: Discrepancy
    # (field label, roster value, registry value) of what the item is about.
    values: list[tuple[str, str, str]]
    resolutions: list[tuple[str, str]]
    may_resolve: bool


def _label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name


def _values(item: Discrepancy) -> list[tuple[str, str, str]]:
    stored = item.values
    roster: dict[str, str] = stored.get("roster", {})
    registry: dict[str, str] = stored.get("registry", {})
    return [
        (_label(name), roster.get(name, ""), registry.get(name, ""))
        for name in sorted(set(roster) | set(registry))
    ]


@login_required
@never_cache
def worklist(request: HttpRequest) -> HttpResponse:
    items = (
        policy.discrepancies_visible_to(request.user)
        .filter(status=DiscrepancyStatus.OPEN)
        .select_related("run", "agency", "person")
        .order_by("agency__name", "-last_run__created_at", "kind", "row_number", "id")
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    writable = set(
        policy.discrepancies_visible_to(request.user, write=True)
        .filter(pk__in=[item.pk for item in shown])
        .values_list("pk", flat=True)
    )
    if shown:
        disclose(
            request,
            "roster.worklist",
            "discrepancy",
            [item.uuid for item in shown],
            {
                "page": page.number,
                "people": sorted({str(item.person.uuid) for item in shown if item.person}),
            },
        )
    views = [
        ItemView(
            item=item,
            values=_values(item),
            resolutions=[
                (code, str(Resolution(code).label)) for code in RESOLUTIONS_OF_KIND[item.kind]
            ],
            may_resolve=item.pk in writable,
        )
        for item in shown
    ]
    return render(request, "rosters/reconcile/worklist.html", {"page_obj": page, "items": views})


@login_required
@require_POST
def resolve(request: HttpRequest, discrepancy_uuid: uuid.UUID) -> HttpResponse:
    """Record a resolution; a refusal is shown as a message and nothing is saved."""
    note: Any = request.POST.get("note", "")
    try:
        item = resolve_discrepancy(
            Actor.from_request(request),
            discrepancy_uuid,
            request.POST.get("resolution", ""),
            str(note),
        )
    except ReconcileRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已记录处理结果:%(resolution)s。") % {"resolution": item.get_resolution_display()},
        )
    return redirect("reconcile:worklist")
