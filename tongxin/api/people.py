"""People endpoints: every read goes through the access policy and is audited before the
response leaves; every write goes through the people actions."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.schemas import (
    DetailQuery,
    ErrorOut,
    PeopleQuery,
    PersonCreateIn,
    PersonDetail,
    PersonPage,
    PersonPatchIn,
    PersonSaved,
    PersonSummary,
    RejectedOut,
)
from tongxin.audit.record import Actor
from tongxin.organisation.models import Region
from tongxin.people import actions
from tongxin.people.actions import PersonRejected
from tongxin.people.search import interpret_query, search_people
from tongxin.people.validation import EDITABLE_FIELDS, clean_person

router = Router(tags=["people"])

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
REVEAL_ACTIONS = {"id_number": "person.reveal_id", "phone": "person.reveal_phone"}
REGION_FIELDS = ("residence_region", "household_region")


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _region_by_code(name: str, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise PersonRejected({name: [_("区划代码 %(code)s 不存在,请核对。") % {"code": code}]})
    return region


def _with_regions(values: dict[str, Any]) -> dict[str, Any]:
    """The body's region codes replaced by Region rows (what the people actions take)."""
    resolved = dict(values)
    for name in REGION_FIELDS:
        if name in resolved:
            code = (resolved[name] or "").strip()
            # A blank code means no region, which the validation reports where it is required.
            resolved[name] = _region_by_code(name, code) if code else None
    return resolved


@router.get(
    "",
    response={200: PersonPage, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="people_list",
    summary="List or search people",
)
def list_people(request: HttpRequest, filters: Query[PeopleQuery]) -> PersonPage:
    township = filters.township.strip()
    region_path = _region_by_code("township", township).path if township else ""
    people = search_people(request.user, filters.q, region_path=region_path, sex=filters.sex or "")
    total = people.count()
    start = (filters.page - 1) * filters.page_size
    page = list(people[start : start + filters.page_size])
    # Only the kind of query is logged: the query itself may be an ID number or a phone.
    q_kind = interpret_query(filters.q)[0] if filters.q.strip() else "empty"
    disclose(
        request,
        "person.search" if filters.q.strip() else "person.list",
        "person",
        [person.uuid for person in page],
        {"q_kind": q_kind, "count": total},
        channel="api",
    )
    return PersonPage(
        count=total,
        page=filters.page,
        page_size=filters.page_size,
        items=[PersonSummary.from_person(person) for person in page],
    )


@router.get(
    "/{uuid}",
    response={200: PersonDetail, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="people_get",
    summary="One person's file",
)
def get_person(
    request: HttpRequest, uuid: uuid_module.UUID, options: Query[DetailQuery]
) -> PersonDetail:
    person = policy.get_person_for_user(request.user, uuid)
    for action in ["person.view", *(REVEAL_ACTIONS[name] for name in options.reveal)]:
        disclose(request, action, "person", [person.uuid], channel="api")
    return PersonDetail.from_person(person, reveal=options.reveal)


@router.post(
    "",
    response={201: PersonSaved, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="people_create",
    summary="Register a new person",
)
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Status[PersonSaved]:
    data = _with_regions(payload.model_dump(exclude={"confirm_similar"}))
    person = actions.create_person(
        actor=_actor(request), data=data, confirm_similar=payload.confirm_similar
    )
    # The action returns the saved person only; its warnings come from the same pure check.
    return Status(201, PersonSaved.saved(person, warnings=clean_person(data).warnings))


@router.patch(
    "/{uuid}",
    response={200: PersonSaved, 404: ErrorOut, 409: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="people_update",
    summary="Change some fields of a person's file",
)
def update_person(
    request: HttpRequest, uuid: uuid_module.UUID, payload: PersonPatchIn
) -> PersonSaved:
    current = policy.get_person_for_user(request.user, uuid, write=True)
    changes = _with_regions(payload.model_dump(exclude_unset=True, exclude={"version"}))
    # update_person checks the whole record, so the changes are laid over the current values.
    data = {name: getattr(current, name) for name in EDITABLE_FIELDS} | changes
    person = actions.update_person(
        actor=_actor(request), person_uuid=uuid, data=data, expected_version=payload.version
    )
    return PersonSaved.saved(person, warnings=clean_person(data).warnings)
