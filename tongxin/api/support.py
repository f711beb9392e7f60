"""Support needs, consent, referrals between agencies, the 三无 list and the support figures.

Every read goes through the access policy and writes one AccessEvent naming what it returns
before the response leaves (a receiving agency's read of a referral names the field codes it
discloses); every write is one support action, which refuses what is outside the caller's
scope with 404 and audits itself. Refusals answer 422 with ``{"errors": {field: [messages]}}``;
a version that is no longer current answers 409.

A receiving agency sees a referral, and through it the fields the referral names, only while
the consent holds and the sender has not revoked it: it never gets the person's UUID, their
file or their needs.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.program_schemas import PersonRef
from tongxin.api.schemas import ErrorOut, RegionOut, RejectedOut
from tongxin.api.support_schemas import (
    AgencyOut,
    AgencyQuery,
    ConsentIn,
    ConsentList,
    ConsentOut,
    FactsIn,
    FactsOut,
    FiguresOut,
    FiguresQuery,
    LivelihoodOut,
    MeasureIn,
    NeedDetail,
    NeedIn,
    NeedList,
    NeedStatusIn,
    NotificationList,
    NotificationOut,
    NotificationsReadIn,
    NotificationsReadOut,
    OutcomeStepIn,
    PageQuery,
    ReasonStepIn,
    ReferralDetail,
    ReferralIn,
    ReferralPage,
    ReferralQuery,
    ReferralStateOut,
    ReferralSummary,
    StepIn,
    ThreeNosOut,
    ThreeNosPage,
    WithdrawIn,
)
from tongxin.audit.record import Actor
from tongxin.organisation.models import Agency
from tongxin.people.actions import EditConflict
from tongxin.people.models import Person
from tongxin.support import actions
from tongxin.support.actions import FACT_NAMES, SupportRejected
from tongxin.support.disclosure import disclosed_values
from tongxin.support.figures import support_figures, three_nos_without_welfare_referral
from tongxin.support.models import (
    OPEN_REFERRAL_STATUSES,
    PROVIDERS,
    Consent,
    LivelihoodFacts,
    Notification,
    Referral,
    SupportNeed,
)

router = Router(tags=["support"])

T = TypeVar("T")

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
REFUSALS = {404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}
STEP_RESPONSES = {200: ReferralStateOut, 409: ErrorOut, **REFUSALS}
# What a receiving agency's list shows of each person: the name, which every referral names.
LISTED_FIELDS = ["name"]


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _disclose(
    request: HttpRequest, action: str, object_type: str, ids: list[Any], **details: Any
) -> None:
    disclose(request, action, object_type, ids, details or None, channel="api")


def _page(queryset: QuerySet[Any], page: int, page_size: int) -> tuple[int, list[Any]]:
    start = (page - 1) * page_size
    return queryset.count(), list(queryset[start : start + page_size])


def _conflict_if_moved_on(moved_on: Callable[[], bool], message: str, call: Callable[[], T]) -> T:
    """Run an action that checks a version; if it refuses while the record has moved on
    from that version, the refusal is an edit conflict (409), whatever else was wrong with
    the input, since the caller decided on a state that is gone."""
    try:
        return call()
    except SupportRejected:
        if moved_on():
            raise EditConflict(message) from None
        raise


# -- needs ---------------------------------------------------------------------------------


def _need_detail(request: HttpRequest, need_uuid: uuid_module.UUID) -> NeedDetail:
    """The need as the caller may see it, disclosed: casework text only for those who may
    work it, and its referrals as the caller sees them from the sending side."""
    try:
        need = (
            policy.support_needs_visible_to(request.user)
            .select_related("person", "responsible_agency", "responsible_worker", "enrollment")
            .get(uuid=need_uuid)
        )
    except SupportNeed.DoesNotExist as exc:
        raise Http404("no such need in your scope") from exc
    referrals = list(
        policy.referrals_visible_to(request.user, side="sent")
        .filter(need=need)
        .select_related("person", "from_agency", "to_agency")
        .order_by("sent_on", "id")
    )
    detail = NeedDetail.from_need_with_history(
        need,
        # Needs are visible only to those who may work them (policy.support_needs_visible_to).
        casework=True,
        changes=list(need.changes.select_related("changed_by").order_by("on_date", "id")),
        measures=list(need.measures.select_related("provider_agency").order_by("started_on", "id")),
        referrals=referrals,
        today=timezone.localdate(),
    )
    _disclose(
        request,
        "support_need.view",
        "support_need",
        [need.uuid],
        person=str(need.person.uuid),
        referrals=[str(r.uuid) for r in referrals],
    )
    return detail


@router.get(
    "/people/{uuid}/needs",
    response={200: NeedList, **REFUSALS},
    operation_id="support_needs_list",
    summary="A person's support needs, open and closed",
)
def list_person_needs(request: HttpRequest, uuid: uuid_module.UUID) -> NeedList:
    person = policy.get_person_for_user(request.user, uuid, write=True)
    needs = list(
        policy.support_needs_visible_to(request.user)
        .filter(person=person)
        .select_related("responsible_agency", "responsible_worker", "enrollment")
        .order_by("-identified_on", "-id")
    )
    _disclose(
        request,
        "support_need.list",
        "support_need",
        [need.uuid for need in needs],
        person=str(person.uuid),
    )
    return NeedList.of(person, needs)


def _worker(username: str | None) -> Any:
    if not username:
        return None
    worker = get_user_model().objects.filter(username=username, is_active=True).first()
    if worker is None:
        # The action's own message, so the answer does not tell which usernames exist.
        raise SupportRejected({"responsible_worker": [_("责任人必须是本机构的在职工作人员。")]})
    return worker


@router.post(
    "/people/{uuid}/needs",
    response={201: NeedDetail, **REFUSALS},
    operation_id="support_needs_record",
    summary="Record a need the person has; the caller's agency becomes responsible",
)
def record_person_need(
    request: HttpRequest, uuid: uuid_module.UUID, payload: NeedIn
) -> Status[NeedDetail]:
    # Outside the caller's scope the answer is 404 before the username is looked at.
    policy.get_person_for_user(request.user, uuid, write=True)
    need = actions.record_need(
        actor=_actor(request),
        person_uuid=uuid,
        pathway=payload.pathway,
        identified_on=payload.identified_on,
        note=payload.note,
        enrollment_uuid=payload.case,
        responsible_worker=_worker(payload.responsible_worker),
        target_on=payload.target_on,
    )
    return Status(201, _need_detail(request, need.uuid))


@router.get(
    "/needs/{uuid}",
    response={200: NeedDetail, **REFUSALS},
    operation_id="support_needs_get",
    summary="One need with its status history, measures and referrals",
)
def get_need(request: HttpRequest, uuid: uuid_module.UUID) -> NeedDetail:
    return _need_detail(request, uuid)


@router.post(
    "/needs/{uuid}/status",
    response={200: NeedDetail, 409: ErrorOut, **REFUSALS},
    operation_id="support_needs_change_status",
    summary="Move a need by hand: planned, in progress, met, declined or not needed",
)
def change_need_status(
    request: HttpRequest, uuid: uuid_module.UUID, payload: NeedStatusIn
) -> NeedDetail:
    _conflict_if_moved_on(
        lambda: (
            policy.support_needs_visible_to(request.user)
            .filter(uuid=uuid)
            .exclude(version=payload.version)
            .exists()
        ),
        _("此需求在您打开后已被他人修改,请刷新后重新操作。"),
        lambda: actions.change_need_status(
            actor=_actor(request),
            need_uuid=uuid,
            to_status=payload.to_status,
            on_date=payload.on_date,
            note=payload.note,
            outcome=payload.outcome,
            expected_version=payload.version,
        ),
    )
    return _need_detail(request, uuid)


@router.post(
    "/needs/{uuid}/measures",
    response={201: NeedDetail, **REFUSALS},
    operation_id="support_needs_record_measure",
    summary="Record help provided for a need; an identified or planned need is then in progress",
)
def record_need_measure(
    request: HttpRequest, uuid: uuid_module.UUID, payload: MeasureIn
) -> Status[NeedDetail]:
    actions.record_measure(
        actor=_actor(request),
        need_uuid=uuid,
        description=payload.description,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
    )
    return Status(201, _need_detail(request, uuid))


@router.post(
    "/needs/{uuid}/referrals",
    response={201: ReferralStateOut, **REFUSALS},
    operation_id="support_referrals_send",
    summary="Refer a need to the agency that provides it, disclosing only the named fields",
)
def send_need_referral(
    request: HttpRequest, uuid: uuid_module.UUID, payload: ReferralIn
) -> Status[ReferralStateOut]:
    referral = actions.send_referral(
        actor=_actor(request),
        need_uuid=uuid,
        to_agency_id=payload.to_agency,
        purpose=payload.purpose,
        fields=payload.fields,
        consent_uuid=payload.consent,
        override_reason=payload.override_reason,
    )
    return Status(201, ReferralStateOut.from_referral(referral))


# -- consent -------------------------------------------------------------------------------


def _consents_of(person: Person) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(person=person)
        .select_related("recorded_by_agency")
        .prefetch_related("agencies")
        .order_by("-given_on", "-id")
    )


@router.get(
    "/people/{uuid}/consents",
    response={200: ConsentList, **REFUSALS},
    operation_id="support_consents_list",
    summary="A person's consents to share their data, with what they cover and until when",
)
def list_person_consents(request: HttpRequest, uuid: uuid_module.UUID) -> ConsentList:
    person = policy.get_person_for_user(request.user, uuid, write=True)
    consents = list(_consents_of(person))
    today = timezone.localdate()
    _disclose(
        request,
        "consent.list",
        "consent",
        [consent.uuid for consent in consents],
        person=str(person.uuid),
    )
    return ConsentList(
        person=PersonRef(uuid=person.uuid, name=person.name),
        items=[ConsentOut.from_consent(consent, today=today) for consent in consents],
    )


def _consent_out(request: HttpRequest, consent: Consent) -> ConsentOut:
    consent = _consents_of(consent.person).get(pk=consent.pk)
    _disclose(request, "consent.view", "consent", [consent.uuid], person=str(consent.person.uuid))
    return ConsentOut.from_consent(consent, today=timezone.localdate())


@router.post(
    "/people/{uuid}/consents",
    response={201: ConsentOut, **REFUSALS},
    operation_id="support_consents_record",
    summary="Record the person's (or guardian's) consent to share with named agencies",
)
def record_person_consent(
    request: HttpRequest, uuid: uuid_module.UUID, payload: ConsentIn
) -> Status[ConsentOut]:
    consent = actions.record_consent(
        actor=_actor(request),
        person_uuid=uuid,
        purposes=payload.purposes,
        agency_ids=payload.agencies,
        form=payload.form,
        given_on=payload.given_on,
        expires_on=payload.expires_on,
        guardian_name=payload.guardian_name,
    )
    return Status(201, _consent_out(request, consent))


@router.post(
    "/consents/{uuid}/withdraw",
    response={200: ConsentOut, **REFUSALS},
    operation_id="support_consents_withdraw",
    summary="The person withdraws consent: referrals relying on it disclose nothing more",
)
def withdraw_person_consent(
    request: HttpRequest, uuid: uuid_module.UUID, payload: WithdrawIn
) -> ConsentOut:
    consent = actions.withdraw_consent(
        actor=_actor(request), consent_uuid=uuid, on_date=payload.on_date
    )
    return _consent_out(request, consent)


# -- referrals -----------------------------------------------------------------------------


@router.get(
    "/referrals",
    response={200: ReferralPage, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="support_referrals_list",
    summary="Referrals my agency received (open ones first, by answer date) or sent",
)
def list_referrals(request: HttpRequest, filters: Query[ReferralQuery]) -> ReferralPage:
    outgoing = filters.side == "outgoing"
    referrals = policy.referrals_visible_to(
        request.user, side="sent" if outgoing else "received"
    ).select_related("person", "from_agency", "to_agency")
    if filters.status is not None:
        referrals = referrals.filter(status=filters.status)
    if filters.pathway is not None:
        referrals = referrals.filter(pathway=filters.pathway)
    if outgoing:
        referrals = referrals.order_by("-sent_on", "-id")
    else:
        # The receiving agency's queue: what still waits for it, soonest due first.
        referrals = referrals.order_by(
            Case(When(status__in=OPEN_REFERRAL_STATUSES, then=Value(0)), default=Value(1)),
            "respond_by",
            "id",
        )
    total, page = _page(referrals, filters.page, filters.page_size)
    details: dict[str, Any] = {"side": filters.side, "count": total}
    if not outgoing:
        details["fields"] = LISTED_FIELDS
    _disclose(request, "referral.list", "referral", [r.uuid for r in page], **details)
    today = timezone.localdate()
    return ReferralPage(
        count=total,
        page=filters.page,
        page_size=filters.page_size,
        items=[ReferralSummary.from_referral(r, today=today, sender=outgoing) for r in page],
    )


@router.get(
    "/referrals/{uuid}",
    response={200: ReferralDetail, **REFUSALS},
    operation_id="support_referrals_get",
    summary="One referral: its steps and outcome; the receiving agency gets the named fields",
    exclude_unset=True,
)
def get_referral(request: HttpRequest, uuid: uuid_module.UUID) -> ReferralDetail:
    referral = policy.get_referral_for_user(request.user, uuid)
    sender = policy.referrals_visible_to(request.user, side="sent").filter(pk=referral.pk).exists()
    receiver = (
        policy.referrals_visible_to(request.user, side="received").filter(pk=referral.pk).exists()
    )
    disclosed = disclosed_values(referral.person, referral.disclosed_fields) if receiver else None
    detail = ReferralDetail.from_referral_for(
        referral,
        today=timezone.localdate(),
        sender=sender,
        disclosed=disclosed,
        events=list(referral.events.select_related("agency").order_by("on_date", "id")),
    )
    details: dict[str, Any] = {"person": str(referral.person.uuid), "sides": detail.sides}
    if disclosed is not None:
        details["fields"] = [field.code for field in disclosed]
    _disclose(request, "referral.view", "referral", [referral.uuid], **details)
    return detail


def _step(
    request: HttpRequest,
    uuid: uuid_module.UUID,
    payload: StepIn,
    side: Literal["sent", "received"],
    action: Callable[..., Referral],
) -> ReferralStateOut:
    """Take one referral step: the payload's fields (date, reason or outcome) go to the
    action as they are named; a refusal over a moved-on version is a conflict (409)."""
    fields = payload.model_dump(exclude={"version"})
    referral = _conflict_if_moved_on(
        lambda: (
            policy.referrals_visible_to(request.user, side=side, write=True)
            .filter(uuid=uuid)
            .exclude(version=payload.version)
            .exists()
        ),
        _("此转介在您打开后已有变化,请刷新后重新操作。"),
        lambda: action(
            actor=_actor(request),
            referral_uuid=uuid,
            expected_version=payload.version,
            **fields,
        ),
    )
    return ReferralStateOut.from_referral(referral)


@router.post(
    "/referrals/{uuid}/accept",
    response=STEP_RESPONSES,
    operation_id="support_referrals_accept",
    summary="The receiving agency accepts the referral; the sender is notified",
)
def accept_referral(request: HttpRequest, uuid: uuid_module.UUID, payload: StepIn) -> Any:
    return _step(request, uuid, payload, "received", actions.accept_referral)


@router.post(
    "/referrals/{uuid}/reject",
    response=STEP_RESPONSES,
    operation_id="support_referrals_reject",
    summary="The receiving agency returns the referral with a reason; its access ends",
)
def reject_referral(request: HttpRequest, uuid: uuid_module.UUID, payload: ReasonStepIn) -> Any:
    return _step(request, uuid, payload, "received", actions.reject_referral)


@router.post(
    "/referrals/{uuid}/start",
    response=STEP_RESPONSES,
    operation_id="support_referrals_start_service",
    summary="The receiving agency starts the service; the need is in progress",
)
def start_referral_service(request: HttpRequest, uuid: uuid_module.UUID, payload: StepIn) -> Any:
    return _step(request, uuid, payload, "received", actions.start_service)


@router.post(
    "/referrals/{uuid}/complete",
    response=STEP_RESPONSES,
    operation_id="support_referrals_complete",
    summary="The service was provided: the outcome is recorded and the need is met",
)
def complete_referral(request: HttpRequest, uuid: uuid_module.UUID, payload: OutcomeStepIn) -> Any:
    return _step(request, uuid, payload, "received", actions.complete_referral)


@router.post(
    "/referrals/{uuid}/end",
    response=STEP_RESPONSES,
    operation_id="support_referrals_end",
    summary="The service stopped without being completed; the need goes back to the sender",
)
def end_referral(request: HttpRequest, uuid: uuid_module.UUID, payload: ReasonStepIn) -> Any:
    return _step(request, uuid, payload, "received", actions.end_referral)


@router.post(
    "/referrals/{uuid}/revoke",
    response=STEP_RESPONSES,
    operation_id="support_referrals_revoke",
    summary="The sending agency takes the referral back: the receiver loses access at once",
)
def revoke_referral(request: HttpRequest, uuid: uuid_module.UUID, payload: ReasonStepIn) -> Any:
    return _step(request, uuid, payload, "sent", actions.revoke_referral)


# -- notifications -------------------------------------------------------------------------


@router.get(
    "/notifications",
    response={200: NotificationList, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="support_notifications_list",
    summary="Unread referral notifications of my agencies, newest first",
)
def list_notifications(request: HttpRequest, paging: Query[PageQuery]) -> NotificationList:
    agency_ids = [scope.agency_id for scope in policy.scopes_of(request.user)]
    unread = (
        Notification.objects.filter(agency_id__in=agency_ids, read_at__isnull=True)
        .select_related("referral__from_agency", "referral__to_agency")
        .order_by("-created_at", "-id")
    )
    total, page = _page(unread, paging.page, paging.page_size)
    _disclose(
        request,
        "referral.notifications",
        "referral",
        [n.referral.uuid for n in page],
        count=total,
    )
    return NotificationList(
        count=total,
        page=paging.page,
        page_size=paging.page_size,
        items=[NotificationOut.from_notification(n) for n in page],
    )


@router.post(
    "/notifications/read",
    response={200: NotificationsReadOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="support_notifications_mark_read",
    summary="Mark notifications of my agencies read (other ids are ignored)",
)
def mark_notifications_read(
    request: HttpRequest, payload: NotificationsReadIn
) -> NotificationsReadOut:
    marked = actions.mark_notifications_read(actor=_actor(request), notification_ids=payload.ids)
    return NotificationsReadOut(marked=marked)


# -- 三无 ----------------------------------------------------------------------------------


def _livelihood(request: HttpRequest, person: Person) -> LivelihoodOut:
    history = list(
        LivelihoodFacts.objects.filter(person=person)
        .select_related("recorded_by_agency")
        .order_by("-recorded_on", "-id")
    )
    _disclose(request, "livelihood_facts.view", "person", [person.uuid], records=len(history))
    facts = [FactsOut.from_facts(row) for row in history]
    return LivelihoodOut(
        person=PersonRef(uuid=person.uuid, name=person.name),
        current=facts[0] if facts else None,
        history=facts,
    )


@router.get(
    "/people/{uuid}/livelihood-facts",
    response={200: LivelihoodOut, **REFUSALS},
    operation_id="support_livelihood_facts_get",
    summary="A person's 三无 criteria as recorded facts, newest first",
)
def get_livelihood_facts(request: HttpRequest, uuid: uuid_module.UUID) -> LivelihoodOut:
    return _livelihood(request, policy.get_person_for_user(request.user, uuid, write=True))


@router.post(
    "/people/{uuid}/livelihood-facts",
    response={201: LivelihoodOut, **REFUSALS},
    operation_id="support_livelihood_facts_record",
    summary="Record the 三无 criteria as checked on a day (unknown ones as null)",
)
def record_livelihood_facts(
    request: HttpRequest, uuid: uuid_module.UUID, payload: FactsIn
) -> Status[LivelihoodOut]:
    actions.record_livelihood_facts(
        actor=_actor(request),
        person_uuid=uuid,
        recorded_on=payload.recorded_on,
        facts={name: getattr(payload, name) for name in FACT_NAMES},
    )
    return Status(
        201, _livelihood(request, policy.get_person_for_user(request.user, uuid, write=True))
    )


@router.get(
    "/support/three-nos",
    response={200: ThreeNosPage, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="support_three_nos_list",
    summary="People meeting either sense of 三无 who have no open welfare referral",
)
def list_three_nos(request: HttpRequest, paging: Query[PageQuery]) -> ThreeNosPage:
    total, page = _page(
        three_nos_without_welfare_referral(request.user), paging.page, paging.page_size
    )
    _disclose(request, "support.three_nos", "person", [p.uuid for p in page], count=total)
    return ThreeNosPage(
        count=total,
        page=paging.page,
        page_size=paging.page_size,
        items=[
            ThreeNosOut(
                person=PersonRef(uuid=person.uuid, name=person.name),
                residence_region=RegionOut(
                    code=person.residence_region.code, name=person.residence_region.name
                ),
                # The newest facts, annotated by three_nos_without_welfare_referral.
                released_three_nos=bool(
                    person.newest_no_home and person.newest_no_relatives and person.newest_no_work
                ),
                assistance_three_nos=bool(
                    person.newest_cannot_work
                    and person.newest_no_income
                    and person.newest_no_supporter
                ),
            )
            for person in page
        ],
    )


# -- figures and agencies ------------------------------------------------------------------


@router.get(
    "/support/figures",
    response={200: FiguresOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="support_figures_get",
    summary="Resettlement and aid rates, referrals by pathway and days to service, by township",
)
def get_support_figures(request: HttpRequest, options: Query[FiguresQuery]) -> FiguresOut:
    as_of = options.as_of or timezone.localdate()
    figures = support_figures(request.user, as_of)
    # Counts name nobody, but a report over cases and referrals is a disclosure all the same.
    _disclose(
        request,
        "support.figures",
        "support_figures",
        [],
        as_of=as_of.isoformat(),
        townships=len(figures.townships),
    )
    return FiguresOut.from_figures(figures)


@router.get(
    "/support/agencies",
    response={200: list[AgencyOut], 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="support_agencies_list",
    summary="Agencies serving my jurisdictions, with the pathways they take referrals for",
)
def list_support_agencies(request: HttpRequest, filters: Query[AgencyQuery]) -> list[AgencyOut]:
    # Agencies are public bodies, not people data: this read is not an access-audit event.
    # Those serving a jurisdiction sit in it or above it (the county 民政局 for a township).
    condition = Q(pk__in=[])
    for scope in policy.scopes_of(request.user):
        codes = scope.jurisdiction_path.strip("/").split("/")
        above = ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]
        condition |= Q(region__path__startswith=scope.jurisdiction_path) | Q(region__path__in=above)
    agencies = Agency.objects.filter(condition, is_active=True).select_related("region")
    if filters.pathway is not None:
        agencies = agencies.filter(kind__in=sorted(PROVIDERS.get(filters.pathway, ())))
    return [AgencyOut.from_agency(agency) for agency in agencies.order_by("region__path", "name")]
