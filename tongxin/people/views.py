"""Web pages for people. Every fetch goes through the access policy; every page that shows
people writes its AccessEvent before rendering, so a failed audit write fails the page."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.dedup.models import PersonMerge
from tongxin.organisation.models import Region
from tongxin.people.actions import (
    EditConflict,
    PersonRejected,
    create_person,
    find_duplicates,
    update_person,
)
from tongxin.people.forms import CreatePersonForm, EditPersonForm, PersonFilterForm, PersonForm
from tongxin.people.models import Person
from tongxin.people.search import interpret_query, search_people
from tongxin.programs.registry import all_specs, get_spec

RECENT_DAYS = 30
# The person page shows the newest changes; older ones stay in the audit trail.
HISTORY_LIMIT = 200
REVEAL_ACTIONS = {"id_number": "person.reveal_id", "phone": "person.reveal_phone"}
# Search kinds kept out of the browser history (htmx's pushed URL). The audit never holds
# query text of any kind.
SECRET_QUERY_KINDS = frozenset({"id_number", "phone"})


def _is_htmx_partial(request: HttpRequest) -> bool:
    # A history restore asks for the whole page: htmx keeps no snapshots (hx-history=false).
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@dataclass(frozen=True)
class TownshipLoad:
    township: Region
    people: int
    recent: int
    percent: int


def _caseload_by_township(user: Any) -> list[TownshipLoad]:
    """Residence regions are villages or townships: one grouped query counts the visible
    people per residence region, then each region is rolled up to its township in Python."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    rows = (
        policy.people_visible_to(user)
        .values("residence_region")
        .annotate(people=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=since)))
        .order_by()
    )
    counts = {row["residence_region"]: (row["people"], row["recent"]) for row in rows}
    totals: dict[int, list[int]] = {}
    townships: dict[int, Region] = {}
    for region in Region.objects.filter(pk__in=list(counts)).select_related("parent"):
        township = region.township or region
        townships[township.pk] = township
        total = totals.setdefault(township.pk, [0, 0])
        total[0] += counts[region.pk][0]
        total[1] += counts[region.pk][1]
    largest = max((people for people, _recent in totals.values()), default=0)
    return sorted(
        (
            TownshipLoad(townships[pk], people, recent, round(100 * people / largest))
            for pk, (people, recent) in totals.items()
        ),
        key=lambda load: (-load.people, load.township.path),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not policy.scopes_of(request.user):
        return render(request, "people/home.html", {"no_membership": True})
    loads = _caseload_by_township(request.user)
    return render(
        request,
        "people/home.html",
        {
            "loads": loads,
            "total": sum(load.people for load in loads),
            "recent": sum(load.recent for load in loads),
            "recent_days": RECENT_DAYS,
        },
    )


@login_required
@never_cache
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET, user=request.user)
    form.is_valid()  # an unusable filter shows its error and is left out of the query
    query: str = form.cleaned_data.get("q", "")
    township: Region | None = form.cleaned_data.get("township")
    kind = interpret_query(query)[0]
    people = search_people(
        request.user,
        query,
        region_path=township.path if township else "",
        sex=form.cleaned_data.get("sex", ""),
    ).select_related("residence_region__parent")
    page = Paginator(people, settings.PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [person.uuid for person in page]
    # The kind of query is logged, never its text: it may be an ID number or a phone number.
    disclose(
        request,
        "person.list" if kind == "empty" else "person.search",
        "person",
        shown,
        {"q_kind": kind, "count": len(shown), "page": page.number, "total": page.paginator.count},
    )
    context = {"form": form, "page_obj": page, "no_membership": not policy.scopes_of(request.user)}
    if _is_htmx_partial(request):
        response = render(request, "people/_results.html", context)
        if kind in SECRET_QUERY_KINDS:
            response["HX-Push-Url"] = "false"
    else:
        response = render(request, "people/person_list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True)
class HistoryEntry:
    occurred_at: dt.datetime
    who: str
    agency_name: str
    action: str
    fields: list[str]


def _person_history(person: Person) -> list[HistoryEntry]:
    actions = {
        "person.create": _("新建档案"),
        "person.update": _("修改档案"),
        "person.merge": _("合并档案"),
        "person.unmerge": _("撤销合并"),
    }
    labels = {name: str(field.label) for name, field in PersonForm.base_fields.items()}
    events = AuditEvent.objects.filter(object_type="person", subject_id=str(person.uuid)).order_by(
        "-seq"
    )[:HISTORY_LIMIT]
    entries = []
    for event in events:
        # person.update names its changed fields in "changes", person.create in "fields".
        names = event.details.get("changes") or event.details.get("fields") or []
        entries.append(
            HistoryEntry(
                occurred_at=event.occurred_at,
                who=event.actor_username,
                agency_name=event.agency_name,
                action=actions.get(event.action, event.action),
                fields=[labels.get(name, name) for name in names],
            )
        )
    return entries


@dataclass(frozen=True)
class EnrollmentLine:
    uuid: uuid.UUID
    program: str
    status: str
    level: str
    owner_agency: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class EnrollLink:
    program: str
    storage_code: str


def _person_programs(user: Any, person: Person) -> tuple[list[EnrollmentLine], list[EnrollLink]]:
    """The person's enrollments the user may see, and the programs the user's agency leads
    here in which the person has no open enrollment the user can see."""
    enrollments = (
        policy.enrollments_visible_to(user)
        .filter(person=person)
        .select_related("owner_agency")
        .order_by("ended_on", "-started_on", "id")
    )
    lines = []
    open_codes = set()
    for enrollment in enrollments:
        spec = get_spec(enrollment.program)
        if enrollment.is_open:
            open_codes.add(enrollment.program)
        lines.append(
            EnrollmentLine(
                uuid=enrollment.uuid,
                program=str(spec.label),
                status=str(spec.statuses.get(enrollment.status, enrollment.status)),
                level=str(spec.level_labels.get(enrollment.level, enrollment.level)),
                owner_agency=enrollment.owner_agency.name,
                started_on=enrollment.started_on,
                ended_on=enrollment.ended_on,
            )
        )
    links = [
        EnrollLink(program=str(spec.label), storage_code=spec.storage_code)
        for spec in all_specs()
        if spec.storage_code not in open_codes
        and policy.scope_for_program_write(user, spec, person.residence_region) is not None
    ]
    return lines, links


@login_required
@never_cache
def person_detail(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    try:
        person = policy.get_person_for_user(request.user, person_uuid)
    except Http404:
        return _merged_person_page(request, person_uuid)
    enrollments, enroll_links = _person_programs(request.user, person)
    # One event for the page: the cases listed on it ride along in its details.
    disclose(
        request,
        "person.view",
        "person",
        [person.uuid],
        {"enrollments": [str(line.uuid) for line in enrollments]} if enrollments else None,
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "can_edit": policy.can_write_person(request.user, person),
            "history": _person_history(person),
            "enrollments": enrollments,
            "enroll_links": enroll_links,
        },
    )


def _merged_person_page(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """A file merged into another (tongxin.dedup), for those who may see it: where it went,
    and the unmerge form for supervisors. Any other unknown file stays 404."""
    person = policy.get_person_for_user(request.user, person_uuid, include_merged=True)
    merge = (
        PersonMerge.objects.filter(merged=person, unmerged_at__isnull=True)
        .select_related("survivor", "merged", "merged_by")
        .first()
    )
    if merge is None:
        raise Http404("no such person in your scope")
    disclose(
        request, "person.view", "person", [person.uuid], {"merged_into": str(merge.survivor.uuid)}
    )
    may_unmerge = policy.person_merges_visible_to(request.user).filter(pk=merge.pk).exists()
    return render(
        request,
        "people/merged.html",
        {
            "person": person,
            "merge": merge,
            "survivor": merge.survivor,
            "merged_by": merge.merged_by.get_username(),
            "survivor_visible": policy.people_visible_to(request.user)
            .filter(pk=merge.survivor_id)
            .exists(),
            "may_unmerge": may_unmerge and policy.may_unmerge(request.user, merge),
        },
    )


@login_required
@never_cache
@require_POST
def person_reveal(request: HttpRequest, person_uuid: uuid.UUID, field: str) -> HttpResponse:
    """The full ID number or phone, on an explicit request that is audited on its own."""
    action = REVEAL_ACTIONS.get(field)
    if action is None:
        raise Http404("no such field")
    person = policy.get_person_for_user(request.user, person_uuid)
    value = getattr(person, field)
    if not value:
        raise Http404("nothing to reveal")
    disclose(request, action, "person", [person.uuid])
    context = {"person": person, "field": field, "value": value}
    if _is_htmx_partial(request):
        return render(request, "people/_revealed.html", context)
    return render(request, "people/reveal.html", context)


def _saved(request: HttpRequest, person: Person, warnings: list[str]) -> HttpResponse:
    messages.success(request, _("档案已保存:%(name)s。") % {"name": person.name})
    for warning in warnings:
        messages.warning(request, warning)
    if policy.people_visible_to(request.user).filter(pk=person.pk).exists():
        return redirect("people:detail", person_uuid=person.uuid)
    # Marking a file 限制查阅 can put it beyond its own author's reach.
    messages.info(request, _("该档案已设为限制查阅,您无权再打开它。"))
    return redirect("people:list")


@login_required
@never_cache
def person_create(request: HttpRequest) -> HttpResponse:
    if not any(scope.can_write for scope in policy.scopes_of(request.user)):
        raise Http404("no writing membership")
    form = CreatePersonForm(request.POST if request.method == "POST" else None, user=request.user)
    similar: list[Person] = []
    if form.is_bound and form.is_valid():
        actor = Actor.from_request(request)
        try:
            person = create_person(
                actor=actor,
                data=form.person_data(),
                confirm_similar=form.cleaned_data["confirm_similar"],
            )
        except PersonRejected as exc:
            form.add_rejection(exc)
            # create_person refuses look-alikes (same name and birth date) with a form-wide
            # error; list them so the officer can compare before confirming.
            if NON_FIELD_ERRORS in exc.errors:
                similar = find_duplicates(actor=actor, values=form.person_values).similar
        else:
            return _saved(request, person, form.warnings)
    return render(request, "people/person_form.html", {"form": form, "similar": similar})


@login_required
@never_cache
def person_edit(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    person = policy.get_person_for_user(request.user, person_uuid, write=True)
    if request.method != "POST":
        form = EditPersonForm(
            initial=EditPersonForm.initial_for(person), user=request.user, current=person
        )
        # The edit form carries the full ID number and phone.
        disclose(request, "person.edit_form", "person", [person.uuid])
    else:
        form = EditPersonForm(request.POST, user=request.user, current=person)
        if form.is_valid():
            try:
                person = update_person(
                    actor=Actor.from_request(request),
                    person_uuid=person.uuid,
                    data=form.person_data(),
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict as exc:
                form.add_error(None, str(exc))
            except PersonRejected as exc:
                form.add_rejection(exc)
            else:
                return _saved(request, person, form.warnings)
    return render(request, "people/person_form.html", {"form": form, "person": person})
