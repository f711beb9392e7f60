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
    SECTOR_OF_KIND,
    WRITING_ROLES,
    AgencyKind,
    Membership,
    Region,
    RegionLevel,
    Role,
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


def _program_codes(scope: Scope) -> tuple[list[str], list[str]]:
    """Stored program codes this scope leads, and those it may see while open."""
    from tongxin.programs.registry import all_specs

    lead = [spec.storage_code for spec in all_specs() if scope.agency_kind in spec.lead_kinds]
    seen = [spec.storage_code for spec in all_specs() if scope.agency_kind in spec.visible_to_kinds]
    return lead, seen


def _restrictions(scope: Scope, own: Q, prefix: str = "") -> Q:
    """Restricted files (限制查阅): supervisors of a sector that owns or works the case.
    Sealed juvenile records (刑诉法 art 286): that sector's case staff, nobody else."""
    restricted = Q(**{f"{prefix}is_restricted": False})
    sealed = Q(**{f"{prefix}is_sealed_minor": False})
    condition = (restricted | own) if scope.role in RESTRICTED_ROLES else restricted
    condition &= (sealed | own) if scope.role in WRITING_ROLES else sealed
    return condition


def _scope_condition(scope: Scope, *, write: bool) -> Q:
    from tongxin.programs.models import Enrollment

    if write and not scope.can_write:
        return Q(pk__in=[])
    in_area = Q(residence_region_id__in=regions_in(scope.jurisdiction_path).values("id"))
    lead_codes, seen_codes = _program_codes(scope)
    works_case = (
        Q(pk__in=Enrollment.objects.filter(program__in=lead_codes).values("person_id"))
        if lead_codes
        else Q(pk__in=[])
    )
    own = Q(owner_sector=scope.sector) | works_case
    if write:
        # The file itself is edited by its owning sector only; programs add casework, not
        # write access to another sector's file.
        return in_area & Q(owner_sector=scope.sector) & _restrictions(scope, own)
    related = Q(owner_sector__in=sorted(scope.readable_sectors)) | works_case
    if seen_codes:
        related |= Q(
            pk__in=Enrollment.objects.filter(program__in=seen_codes, ended_on__isnull=True).values(
                "person_id"
            )
        )
    return in_area & related & _restrictions(scope, own)


def people_visible_to(
    user: Any, *, write: bool = False, include_merged: bool = False
) -> QuerySet[Person]:
    """People ``user`` may see (or, with write=True, change). A file merged into another
    (tongxin.dedup) is left out unless ``include_merged``: only its own page, which points
    to the survivor, and the unmerge read it."""
    try:
        scopes = scopes_of(user)
        if not scopes:
            return Person.objects.none()
        condition = Q(pk__in=[])
        for scope in scopes:
            condition |= _scope_condition(scope, write=write)
        people = Person.objects.filter(condition)
        return people if include_merged else people.filter(merged_into__isnull=True)
    except Exception:
        logger.exception("access rule failed; denying")
        return Person.objects.none()


def get_person_for_user(
    user: Any, person_uuid: Any, *, write: bool = False, include_merged: bool = False
) -> Person:
    """The person if ``user`` may see (or, with write=True, change) them, else Http404."""
    try:
        parsed = (
            person_uuid
            if isinstance(person_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(person_uuid))
        )
        person = (
            people_visible_to(user, write=write, include_merged=include_merged)
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


# -- enrollments ---------------------------------------------------------------------------


def _enrollment_condition(scope: Scope, *, write: bool) -> Q:
    if write and not scope.can_write:
        return Q(pk__in=[])
    regions = regions_in(scope.jurisdiction_path).values("id")
    lead_codes, seen_codes = _program_codes(scope)
    # A case stays with its agency's area even if the person has moved; others see it where
    # the person lives.
    lead = Q(program__in=lead_codes) & (
        Q(owner_agency__region__path__startswith=scope.jurisdiction_path)
        | Q(person__residence_region_id__in=regions)
    )
    own = Q(person__owner_sector=scope.sector) | Q(program__in=lead_codes)
    if write:
        return lead & _restrictions(scope, own, "person__")
    seen = Q(program__in=seen_codes, ended_on__isnull=True) & Q(
        person__residence_region_id__in=regions
    )
    return (lead | seen) & _restrictions(scope, own, "person__")


def enrollments_visible_to(user: Any, *, write: bool = False) -> QuerySet[Any]:
    from tongxin.programs.models import Enrollment

    try:
        scopes = scopes_of(user)
        if not scopes:
            return Enrollment.objects.none()
        condition = Q(pk__in=[])
        for scope in scopes:
            condition |= _enrollment_condition(scope, write=write)
        return Enrollment.objects.filter(condition)
    except Exception:
        logger.exception("access rule failed; denying")
        return Enrollment.objects.none()


def get_enrollment_for_user(user: Any, enrollment_uuid: Any, *, write: bool = False) -> Any:
    """The enrollment if ``user`` may see (or work) it, else Http404."""
    from tongxin.programs.models import Enrollment

    try:
        parsed = (
            enrollment_uuid
            if isinstance(enrollment_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(enrollment_uuid))
        )
        return (
            enrollments_visible_to(user, write=write)
            .select_related("person", "owner_agency", "responsible_worker")
            .get(uuid=parsed)
        )
    except (Enrollment.DoesNotExist, ValueError) as exc:
        raise Http404("no such case in your scope") from exc
    except Exception as exc:
        logger.exception("access rule failed; denying")
        raise Http404("no such case in your scope") from exc


def scope_for_program_write(user: Any, spec: Any, region: Region) -> Scope | None:
    """The most specific writing membership that leads ``spec`` over ``region``."""
    matches = [
        scope
        for scope in scopes_of(user)
        if scope.can_write
        and scope.agency_kind in spec.lead_kinds
        and region.path.startswith(scope.jurisdiction_path)
    ]
    return max(matches, key=lambda scope: len(scope.jurisdiction_path), default=None)


def is_bureau_supervisor_over(scope: Scope, agency: Any) -> bool:
    """Whether the scope is a county 司法局 supervisor whose jurisdiction holds ``agency``:
    who approves what the law leaves to the county (leave over 7 days, levels, moves)."""
    return (
        scope.can_write
        and scope.role == Role.SUPERVISOR
        and scope.agency_kind == AgencyKind.JUSTICE_BUREAU
        and agency.region.path.startswith(scope.jurisdiction_path)
    )


def works_for(user: Any, agency_id: int) -> bool:
    """Whether ``user`` holds an active writing membership in the agency."""
    return any(scope.agency_id == agency_id and scope.can_write for scope in scopes_of(user))


# -- the police risk alert -----------------------------------------------------------------

# The 派出所 / 公安局 see a minimal derived flag about high-risk patients where they serve, so
# they can act with the responsible doctor; never the diagnosis, the program or any notes.
_POLICE_KINDS = frozenset({AgencyKind.POLICE_STATION, AgencyKind.POLICE_BUREAU})


@dataclass(frozen=True)
class RiskAlert:
    person_name: str
    residence: str  # township · village
    risk_level: int
    doctor_name: str  # the responsible worker, or "" when the case has none
    doctor_agency: str
    doctor_phone: str  # the owner agency's office line
    # For the access-audit row only; pages do not show it.
    enrollment_uuid: uuid_module.UUID


def _residence_label(region: Region) -> str:
    if region.level == RegionLevel.VILLAGE and region.parent is not None:
        return f"{region.parent.name} · {region.name}"
    return region.name


def risk_alerts_visible_to(user: Any) -> list[RiskAlert]:
    """Risk alerts for the user's police memberships, highest risk first.

    Steps: keep the memberships of a police agency (nobody else gets any); select open
    mental-health enrollments whose risk level is at least ``POLICE_ALERT_FROM_RISK`` and
    whose person lives in one of those jurisdictions, subject to the restricted-file rules
    of each membership; reduce each to the fields of ``RiskAlert``. Any error denies.
    """
    from tongxin.programs.models import Enrollment
    from tongxin.programs.specs import mental_health

    try:
        police = [scope for scope in scopes_of(user) if scope.agency_kind in _POLICE_KINDS]
        if not police:
            return []
        condition = Q(pk__in=[])
        for scope in police:
            lead_codes, _seen = _program_codes(scope)
            own = Q(person__owner_sector=scope.sector) | Q(program__in=lead_codes)
            condition |= Q(
                person__residence_region_id__in=regions_in(scope.jurisdiction_path).values("id")
            ) & _restrictions(scope, own, "person__")
        enrollments = (
            Enrollment.objects.filter(
                condition,
                program=mental_health.SPEC.storage_code,
                ended_on__isnull=True,
                risk_level__gte=mental_health.POLICE_ALERT_FROM_RISK,
            )
            .select_related(
                "person__residence_region__parent", "owner_agency", "responsible_worker"
            )
            .order_by("-risk_level", "person__residence_region__path", "person__name", "id")
        )
        alerts = []
        for enrollment in enrollments:
            worker = enrollment.responsible_worker
            risk_level = enrollment.risk_level
            assert risk_level is not None  # filtered by risk_level__gte
            alerts.append(
                RiskAlert(
                    person_name=enrollment.person.name,
                    residence=_residence_label(enrollment.person.residence_region),
                    risk_level=risk_level,
                    doctor_name=(worker.get_full_name() or worker.get_username()) if worker else "",
                    doctor_agency=enrollment.owner_agency.name,
                    doctor_phone=enrollment.owner_agency.phone,
                    enrollment_uuid=enrollment.uuid,
                )
            )
        return alerts
    except Exception:
        logger.exception("access rule failed; denying")
        return []


# -- referrals -----------------------------------------------------------------------------

# The roles that may send a referral without the person's consent, with a reason, for a short
# time (an emergency: 临时救助 for someone who cannot consent). Every such referral is audited
# with its reason, and the receiver sees it marked as sent without consent.
CONSENT_OVERRIDE_ROLES = frozenset({Role.SUPERVISOR})


def _referral_sender_condition(scope: Scope) -> Q:
    """Referrals the scope sees as the sending side: its own agency's, and a supervisor's or
    administrator's over the agencies of their sector in their jurisdiction."""
    own = Q(from_agency_id=scope.agency_id)
    if scope.role not in RESTRICTED_ROLES:
        return own
    return own | Q(
        from_agency__region__path__startswith=scope.jurisdiction_path,
        from_agency__kind__in=_kinds_of_sector(scope.sector),
    )


def _kinds_of_sector(sector: str) -> list[str]:
    return sorted(kind for kind, kind_sector in SECTOR_OF_KIND.items() if kind_sector == sector)


def referral_receiver_condition(today: Any) -> Q:
    """What a receiving agency may still see: an open or finished referral (not rejected, not
    revoked) whose consent holds today, or whose override has not run out."""
    from tongxin.support.models import RECEIVER_STATUSES

    consent_holds = Q(
        consent__withdrawn_on__isnull=True,
        consent__given_on__lte=today,
        consent__expires_on__gte=today,
    )
    override_holds = Q(consent__isnull=True, override_until__gte=today)
    return Q(status__in=RECEIVER_STATUSES) & (consent_holds | override_holds)


def referrals_visible_to(
    user: Any, *, side: str = "any", today: Any = None, write: bool = False
) -> QuerySet[Any]:
    """Referrals ``user`` may see: ``side`` "sent" (their agency's outgoing ones), "received"
    (incoming, while the consent holds and the sender has not revoked) or "any". With
    ``write``, only those the user may act on (a writing membership of that agency)."""
    from django.utils import timezone

    from tongxin.support.models import Referral

    try:
        today = today or timezone.localdate()
        condition = Q(pk__in=[])
        for scope in scopes_of(user):
            if write and not scope.can_write:
                continue
            if side in ("any", "sent"):
                condition |= (
                    Q(from_agency_id=scope.agency_id)
                    if write
                    else _referral_sender_condition(scope)
                )
            if side in ("any", "received"):
                condition |= Q(to_agency_id=scope.agency_id) & referral_receiver_condition(today)
        return Referral.objects.filter(condition)
    except Exception:  # fail closed
        logger.exception("referral access check failed; denying")
        return Referral.objects.none()


def get_referral_for_user(
    user: Any, referral_uuid: Any, *, side: str = "any", write: bool = False
) -> Any:
    """The referral if ``user`` may see it from ``side``, else Http404."""
    from tongxin.support.models import Referral

    try:
        parsed = (
            referral_uuid
            if isinstance(referral_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(referral_uuid))
        )
        return (
            referrals_visible_to(user, side=side, write=write)
            .select_related("person__residence_region", "from_agency", "to_agency", "consent")
            .get(uuid=parsed)
        )
    except (Referral.DoesNotExist, ValueError) as exc:
        raise Http404("no such referral in your scope") from exc


def may_override_consent(user: Any, agency_id: int) -> bool:
    return any(
        scope.agency_id == agency_id and scope.can_write and scope.role in CONSENT_OVERRIDE_ROLES
        for scope in scopes_of(user)
    )


def support_needs_visible_to(user: Any) -> QuerySet[Any]:
    """Support needs of the people ``user`` may edit. Needs, consents and 三无 facts are
    welfare casework of the sector that owns the file: readers of the file (police on a
    corrections case, the procuratorate) have no task that needs them, and a receiving
    agency sees its referral only."""
    from tongxin.support.models import SupportNeed

    return SupportNeed.objects.filter(person__in=people_visible_to(user, write=True))


# -- roster import batches -------------------------------------------------------------------


def import_batches_visible_to(user: Any, *, write: bool = False) -> QuerySet[Any]:
    """Roster import batches ``user`` may see: those of the agencies they work in, and those
    of their sector's agencies inside their jurisdiction (the county 司法局 over its 司法所).
    With ``write`` (commit a preview), only a writing membership of the importing agency."""
    from tongxin.rosters.models import ImportBatch

    try:
        condition = Q(pk__in=[])
        for scope in scopes_of(user):
            if write:
                if scope.can_write:
                    condition |= Q(agency_id=scope.agency_id)
                continue
            condition |= Q(agency_id=scope.agency_id) | Q(
                agency__kind__in=_kinds_of_sector(scope.sector),
                agency__region__path__startswith=scope.jurisdiction_path,
            )
        return ImportBatch.objects.filter(condition)
    except Exception:  # fail closed
        logger.exception("import batch access check failed; denying")
        return ImportBatch.objects.none()


def get_import_batch_for_user(user: Any, batch_uuid: Any, *, write: bool = False) -> Any:
    """The batch if ``user`` may see (or, with write=True, commit) it, else Http404."""
    from tongxin.rosters.models import ImportBatch

    try:
        parsed = (
            batch_uuid
            if isinstance(batch_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(batch_uuid))
        )
        return (
            import_batches_visible_to(user, write=write)
            .select_related("agency", "uploaded_by", "committed_by")
            .get(uuid=parsed)
        )
    except (ImportBatch.DoesNotExist, ValueError) as exc:
        raise Http404("no such import batch in your scope") from exc


def _agency_condition(user: Any, field: str, *, write: bool) -> Q:
    """Rows whose ``field`` agency the user works in, and (reading) those of their sector's
    agencies inside their jurisdiction — the rule of ``import_batches_visible_to``."""
    condition = Q(pk__in=[])
    for scope in scopes_of(user):
        if write:
            if scope.can_write:
                condition |= Q(**{f"{field}_id": scope.agency_id})
            continue
        condition |= Q(**{f"{field}_id": scope.agency_id}) | Q(
            **{
                f"{field}__kind__in": _kinds_of_sector(scope.sector),
                f"{field}__region__path__startswith": scope.jurisdiction_path,
            }
        )
    return condition


def reconciliations_visible_to(user: Any) -> QuerySet[Any]:
    """Roster reconciliation runs ``user`` may see: those of the agencies they work in and of
    their sector's agencies inside their jurisdiction (the county 司法局 over its 司法所)."""
    from tongxin.rosters.models import ReconciliationRun

    try:
        return ReconciliationRun.objects.filter(_agency_condition(user, "agency", write=False))
    except Exception:  # fail closed
        logger.exception("reconciliation access check failed; denying")
        return ReconciliationRun.objects.none()


def get_reconciliation_run_for_user(user: Any, run_uuid: Any) -> Any:
    """The reconciliation run if ``user`` may see it, else Http404."""
    from tongxin.rosters.models import ReconciliationRun

    try:
        parsed = (
            run_uuid if isinstance(run_uuid, uuid_module.UUID) else uuid_module.UUID(str(run_uuid))
        )
        return reconciliations_visible_to(user).select_related("agency", "run_by").get(uuid=parsed)
    except (ReconciliationRun.DoesNotExist, ValueError) as exc:
        raise Http404("no such reconciliation in your scope") from exc


def reconciliation_jobs_visible_to(user: Any) -> QuerySet[Any]:
    """Reconciliations asked for on the web page (queued, running or ended) that ``user`` may
    see: the rule of ``reconciliations_visible_to``, by the agency that asked."""
    from tongxin.rosters.models import ReconciliationJob

    try:
        return ReconciliationJob.objects.filter(_agency_condition(user, "agency", write=False))
    except Exception:  # fail closed
        logger.exception("reconciliation job access check failed; denying")
        return ReconciliationJob.objects.none()


def get_reconciliation_job_for_user(user: Any, job_uuid: Any) -> Any:
    """The reconciliation job if ``user`` may see it, else Http404."""
    from tongxin.rosters.models import ReconciliationJob

    try:
        parsed = (
            job_uuid if isinstance(job_uuid, uuid_module.UUID) else uuid_module.UUID(str(job_uuid))
        )
        return (
            reconciliation_jobs_visible_to(user)
            .select_related("agency", "requested_by", "run")
            .get(uuid=parsed)
        )
    except (ReconciliationJob.DoesNotExist, ValueError) as exc:
        raise Http404("no such reconciliation in your scope") from exc


def discrepancies_visible_to(user: Any, *, write: bool = False) -> QuerySet[Any]:
    """Reconciliation worklist items ``user`` may see: those of a run they may see, and those
    assigned to an agency they work in or supervise (a roster-only row is the alert of the
    司法所 of its residence, whoever ran the reconciliation). With ``write`` (resolve an
    item), only a writing member of the assigned agency or of the running agency."""
    from tongxin.rosters.models import Discrepancy

    try:
        condition = _agency_condition(user, "agency", write=write) | _agency_condition(
            user, "run__agency", write=write
        )
        return Discrepancy.objects.filter(condition)
    except Exception:  # fail closed
        logger.exception("discrepancy access check failed; denying")
        return Discrepancy.objects.none()


def get_discrepancy_for_user(user: Any, discrepancy_uuid: Any, *, write: bool = False) -> Any:
    """The worklist item if ``user`` may see (or, with write=True, resolve) it, else Http404."""
    from tongxin.rosters.models import Discrepancy

    try:
        parsed = (
            discrepancy_uuid
            if isinstance(discrepancy_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(discrepancy_uuid))
        )
        return (
            discrepancies_visible_to(user, write=write)
            .select_related("run", "agency", "person")
            .get(uuid=parsed)
        )
    except (Discrepancy.DoesNotExist, ValueError) as exc:
        raise Http404("no such discrepancy in your scope") from exc


# -- possible duplicates (tongxin.dedup) -------------------------------------------------------


def match_candidates_visible_to(user: Any) -> QuerySet[Any]:
    """Possible-duplicate pairs ``user`` may see and decide: the writers of the registered
    person's file, and for a pair of two files the writers of both (a decision may merge
    them). Merged files count, so a decided pair stays readable to the same people."""
    from tongxin.dedup.models import MatchCandidate

    try:
        writable = people_visible_to(user, write=True, include_merged=True).values("pk")
        return MatchCandidate.objects.filter(
            Q(person__in=writable) & (Q(other_person__isnull=True) | Q(other_person__in=writable))
        )
    except Exception:  # fail closed
        logger.exception("match candidate access check failed; denying")
        return MatchCandidate.objects.none()


def get_match_candidate_for_user(user: Any, candidate_uuid: Any) -> Any:
    """The pair if ``user`` may see and decide it, else Http404."""
    from tongxin.dedup.models import MatchCandidate

    try:
        parsed = (
            candidate_uuid
            if isinstance(candidate_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(candidate_uuid))
        )
        return (
            match_candidates_visible_to(user)
            .select_related("person", "other_person", "import_row__batch__agency", "decided_by")
            .get(uuid=parsed)
        )
    except (MatchCandidate.DoesNotExist, ValueError) as exc:
        raise Http404("no such match candidate in your scope") from exc


def person_merges_visible_to(user: Any) -> QuerySet[Any]:
    """Merges of files ``user`` may change: the writers of both files."""
    from tongxin.dedup.models import PersonMerge

    try:
        writable = people_visible_to(user, write=True, include_merged=True).values("pk")
        return PersonMerge.objects.filter(survivor__in=writable, merged__in=writable)
    except Exception:  # fail closed
        logger.exception("merge access check failed; denying")
        return PersonMerge.objects.none()


def may_unmerge(user: Any, merge: Any) -> bool:
    """Undoing a merge is a supervisor's decision: a supervisor (or agency admin) with a
    writing membership in a sector that owns one of the two files."""
    sectors = {merge.survivor.owner_sector, merge.merged.owner_sector}
    return any(
        scope.can_write and scope.role in RESTRICTED_ROLES and scope.sector in sectors
        for scope in scopes_of(user)
    )
