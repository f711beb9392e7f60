"""The access policy: the one place that decides who sees and changes which people data.

Every view, API endpoint, search, export, report and admin page fetches people through the
accessors here. Scope is agency sector × role × jurisdiction subtree × person restrictions
(programs add their sensitivity rules here as they arrive). The rules fail closed:

- a user with no active membership sees nothing;
- outside scope, ``get_person_for_user`` raises Http404 (never 403, which would confirm
  that the record exists);
- any exception while evaluating a rule denies (and is logged).
"""

from __future__ import annotations

import logging
import uuid as uuid_module
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tongxin.organisation.models import (
    READ_ONLY_KINDS,
    RESTRICTED_ROLES,
    WRITING_ROLES,
    Membership,
    Region,
    Sector,
)
from tongxin.people.models import Person

logger = logging.getLogger(__name__)

# Which owner sectors' files a sector reads, besides its own. The procuratorate supervises
# corrections (社区矫正法 art 8) and reads justice files; it never writes.
EXTRA_SECTORS_READ: dict[str, frozenset[str]] = {
    Sector.PROCURATORATE: frozenset({Sector.JUSTICE}),
}

_CACHE_ATTR = "_tongxin_memberships"


@dataclass(frozen=True)
class Scope:
    """One membership reduced to what the rules need."""

    membership_id: int
    agency_id: int
    agency_name: str
    agency_kind: str
    sector: str
    role: str
    jurisdiction_id: int
    jurisdiction_path: str

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES and self.agency_kind not in READ_ONLY_KINDS

    @property
    def readable_sectors(self) -> frozenset[str]:
        return frozenset({self.sector}) | EXTRA_SECTORS_READ.get(self.sector, frozenset())


def scopes_of(user: Any) -> list[Scope]:
    """The user's active memberships, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Scope] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = (
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("agency", "jurisdiction")
        .order_by("id")
    )
    scopes = [
        Scope(
            membership_id=m.pk,
            agency_id=m.agency_id,
            agency_name=m.agency.name,
            agency_kind=m.agency.kind,
            sector=m.sector,
            role=m.role,
            jurisdiction_id=m.jurisdiction_id,
            jurisdiction_path=m.jurisdiction.path,
        )
        for m in memberships
    ]
    setattr(user, _CACHE_ATTR, scopes)
    return scopes


def forget_cached_scopes(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def regions_in(path: str) -> QuerySet[Region]:
    return Region.objects.filter(path__startswith=path)


def _scope_condition(scope: Scope, *, write: bool) -> Q:
    if write and not scope.can_write:
        return Q(pk__in=[])
    sectors = frozenset({scope.sector}) if write else scope.readable_sectors
    condition = Q(owner_sector__in=sorted(sectors)) & Q(
        residence_region_id__in=regions_in(scope.jurisdiction_path).values("id")
    )
    own_sector = Q(owner_sector=scope.sector)
    # Restricted files (限制查阅): supervisors of the owning sector only.
    if scope.role in RESTRICTED_ROLES:
        condition &= Q(is_restricted=False) | own_sector
    else:
        condition &= Q(is_restricted=False)
    # Sealed juvenile records (刑诉法 art 286): the owning sector's case staff, nobody else.
    if scope.role in WRITING_ROLES:
        condition &= Q(is_sealed_minor=False) | own_sector
    else:
        condition &= Q(is_sealed_minor=False)
    return condition


def people_visible_to(user: Any, *, write: bool = False) -> QuerySet[Person]:
    try:
        scopes = scopes_of(user)
        if not scopes:
            return Person.objects.none()
        condition = Q(pk__in=[])
        for scope in scopes:
            condition |= _scope_condition(scope, write=write)
        return Person.objects.filter(condition)
    except Exception:
        logger.exception("access rule failed; denying")
        return Person.objects.none()


def get_person_for_user(user: Any, person_uuid: Any, *, write: bool = False) -> Person:
    """The person if ``user`` may see (or, with write=True, change) them, else Http404."""
    try:
        parsed = (
            person_uuid
            if isinstance(person_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(person_uuid))
        )
        person = (
            people_visible_to(user, write=write)
            .select_related("residence_region", "household_region", "owner_agency")
            .get(uuid=parsed)
        )
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404("no such person in your scope") from exc
    except Exception as exc:
        logger.exception("access rule failed; denying")
        raise Http404("no such person in your scope") from exc
    return person


def can_write_person(user: Any, person: Person) -> bool:
    try:
        return people_visible_to(user, write=True).filter(pk=person.pk).exists()
    except Exception:
        logger.exception("access rule failed; denying")
        return False


def scopes_for_new_person(user: Any, region: Region) -> list[Scope]:
    """Writing memberships whose jurisdiction contains ``region``, most specific first."""
    matches = [
        scope
        for scope in scopes_of(user)
        if scope.can_write and region.path.startswith(scope.jurisdiction_path)
    ]
    return sorted(matches, key=lambda scope: len(scope.jurisdiction_path), reverse=True)


def regions_writable_by(user: Any) -> QuerySet[Region]:
    """Regions where ``user`` may register a new person (for form choices)."""
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        if scope.can_write:
            condition |= Q(path__startswith=scope.jurisdiction_path)
    return Region.objects.filter(condition)


def regions_visible_to(user: Any) -> QuerySet[Region]:
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        condition |= Q(path__startswith=scope.jurisdiction_path)
    return Region.objects.filter(condition)


def primary_agency_name(user: Any) -> str:
    scopes = scopes_of(user)
    return scopes[0].agency_name if scopes else ""
