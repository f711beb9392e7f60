"""Web pages for support and referrals: a person's needs, consents and 三无 facts; a need
with its history, measures and referrals; a referral as its sender or its receiver sees
it; the incoming and outgoing lists; the figures and the 三无 list.

Thin views: parse → one action or one scoped query → render. Every fetch goes through the
access policy (404 outside scope); every page that shows people data writes one
AccessEvent before rendering, so a failed audit write fails the page."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.people.models import Person
from tongxin.programs.views import display_name
from tongxin.support import actions
from tongxin.support.actions import SupportRejected
from tongxin.support.disclosure import FIELDS, disclosed_values
from tongxin.support.figures import support_figures, three_nos_without_welfare_referral
from tongxin.support.forms import (
    ConsentRecordForm,
    FactsForm,
    MeasureForm,
    NeedForm,
    NeedStatusForm,
    ReferralForm,
    StepForm,
    SupportForm,
    WithdrawConsentForm,
    consent_label,
)
from tongxin.support.models import (
    OPEN_REFERRAL_STATUSES,
    PROVIDERS,
    Consent,
    LivelihoodFacts,
    Notification,
    Pathway,
    Referral,
    ReferralEvent,
    ReferralStatus,
    SupportNeed,
    SupportNeedChange,
)

LIST_LIMIT = 200
RECENTLY_CLOSED_DAYS = 30


def _problems(form: SupportForm | None) -> list[str]:
    """Messages a bound form cannot show beside a field (non-field and hidden-field ones)."""
    if form is None or not form.is_bound:
        return []
    problems = [str(message) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != NON_FIELD_ERRORS and form.fields[name].widget.is_hidden:
            problems += [str(message) for message in errors]
    return problems


def _with_version(bound: SupportForm, version: int) -> Any:
    """The posted data with the current version: the page shows what changed, and a second
    submit is a deliberate decision over it."""
    data = cast(QueryDict, bound.data).copy()
    data["version"] = str(version)
    return data


# -- a person's support page -----------------------------------------------------------------


def _person(request: HttpRequest, person_uuid: uuid.UUID) -> Person:
    # Support casework belongs to the sector that owns the file (see the policy).
    return policy.get_person_for_user(request.user, person_uuid, write=True)


def _render_person(
    request: HttpRequest,
    person: Person,
    bound: SupportForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    needs = list(
        policy.support_needs_visible_to(request.user)
        .filter(person=person)
        .select_related("responsible_agency", "responsible_worker")
        .order_by("-identified_on", "-id")
    )
    consents = list(
        Consent.objects.filter(person=person)
        .prefetch_related("agencies")
        .select_related("recorded_by_agency")
        .order_by("-given_on", "-id")
    )
    facts = list(LivelihoodFacts.objects.filter(person=person).order_by("-recorded_on", "-id"))
    referrals = list(
        policy.referrals_visible_to(request.user, side="sent")
        .filter(person=person)
        .select_related("to_agency")
        .order_by("-sent_on", "-id")
    )
    forms = {
        "need": NeedForm(),
        "consent": ConsentRecordForm(person=person),
        "facts": FactsForm(latest=facts[0] if facts else None),
    }
    for key, form in forms.items():
        if bound is not None and type(bound) is type(form):
            forms[key] = bound
    disclose(request, "support.person_view", "person", [person.uuid])
    return render(
        request,
        "support/person.html",
        {
            "person": person,
            "needs": needs,
            "consents": [
                {
                    "consent": consent,
                    "label": consent_label(consent),
                    "holds": consent.holds_on(today),
                    "withdraw": WithdrawConsentForm() if consent.withdrawn_on is None else None,
                }
                for consent in consents
            ],
            "facts": facts[0] if facts else None,
            "facts_history": facts[1:10],
            "referrals": referrals,
            "forms": forms,
            "problems": _problems(bound)
            + (
                # The withdraw form sits in a table row: its messages go above the page.
                [str(m) for errors in bound.errors.values() for m in errors]
                if isinstance(bound, WithdrawConsentForm)
                else []
            ),
        },
    )


@login_required
@never_cache
def person_support(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    return _render_person(request, _person(request, person_uuid))


def _carry_out(
    request: HttpRequest,
    form: SupportForm,
    run: Callable[[], Any],
    message: str,
    then: Callable[[Any], HttpResponse],
) -> HttpResponse | None:
    """Run the action if the form is valid. Its refusal goes onto the form (None: render the
    page again with it); on success the message is shown and ``then`` answers."""
    if not form.is_valid():
        return None
    try:
        result = run()
    except SupportRejected as exc:
        form.add_casework_errors(exc.errors)
        return None
    messages.success(request, message)
    return then(result)


def _to_person(person: Person) -> Callable[[Any], HttpResponse]:
    return lambda _result: redirect("support:person", person_uuid=person.uuid)


@login_required
@never_cache
@require_POST
def record_need(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    person = _person(request, person_uuid)
    form = NeedForm(request.POST)
    done = _carry_out(
        request,
        form,
        lambda: actions.record_need(
            actor=Actor.from_request(request),
            person_uuid=person.uuid,
            pathway=form.cleaned_data["pathway"],
            identified_on=form.cleaned_data["identified_on"],
            target_on=form.cleaned_data["target_on"],
            note=form.cleaned_data["note"],
        ),
        _("已登记帮扶需求。"),
        lambda need: redirect("support:need", need_uuid=need.uuid),
    )
    return done or _render_person(request, person, form)


@login_required
@never_cache
@require_POST
def record_consent(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    person = _person(request, person_uuid)
    form = ConsentRecordForm(request.POST, person=person)
    done = _carry_out(
        request,
        form,
        lambda: actions.record_consent(
            actor=Actor.from_request(request),
            person_uuid=person.uuid,
            purposes=form.cleaned_data["purposes"],
            agency_ids=[agency.pk for agency in form.cleaned_data["agencies"]],
            form=form.cleaned_data["form"],
            given_on=form.cleaned_data["given_on"],
            expires_on=form.cleaned_data["expires_on"],
            guardian_name=form.cleaned_data["guardian_name"],
        ),
        _("已登记同意。"),
        _to_person(person),
    )
    return done or _render_person(request, person, form)


@login_required
@never_cache
@require_POST
def record_facts(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    person = _person(request, person_uuid)
    form = FactsForm(request.POST)
    done = _carry_out(
        request,
        form,
        lambda: actions.record_livelihood_facts(
            actor=Actor.from_request(request),
            person_uuid=person.uuid,
            recorded_on=form.cleaned_data["recorded_on"],
            facts=form.facts(),
        ),
        _("已记录三无情况。"),
        _to_person(person),
    )
    return done or _render_person(request, person, form)


@login_required
@never_cache
@require_POST
def withdraw_consent(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    consent = (
        Consent.objects.filter(
            uuid=consent_uuid, person__in=policy.people_visible_to(request.user, write=True)
        )
        .select_related("person")
        .first()
    )
    if consent is None:
        raise Http404("no such consent in your scope")
    form = WithdrawConsentForm(request.POST)
    done = _carry_out(
        request,
        form,
        lambda: actions.withdraw_consent(
            actor=Actor.from_request(request),
            consent_uuid=consent.uuid,
            on_date=form.cleaned_data["on_date"],
        ),
        _("已撤回同意,依据此同意的转介不再向接收机构披露信息。"),
        _to_person(consent.person),
    )
    return done or _render_person(request, consent.person, form)


# -- a need ------------------------------------------------------------------------------------


def _need(request: HttpRequest, need_uuid: uuid.UUID) -> SupportNeed:
    need = (
        policy.support_needs_visible_to(request.user)
        .select_related(
            "person__residence_region", "responsible_agency", "responsible_worker", "enrollment"
        )
        .filter(uuid=need_uuid)
        .first()
    )
    if need is None:
        raise Http404("no such need in your scope")
    return need


def _render_need(
    request: HttpRequest, need: SupportNeed, bound: SupportForm | None = None
) -> HttpResponse:
    history = list(
        SupportNeedChange.objects.filter(need=need).select_related("changed_by").order_by("id")
    )
    referrals = list(
        policy.referrals_visible_to(request.user, side="sent")
        .filter(need=need)
        .select_related("to_agency")
        .order_by("-sent_on", "-id")
    )
    forms: dict[str, SupportForm | None] = {"status": None, "measure": None, "referral": None}
    if need.is_open:
        forms["status"] = NeedStatusForm(initial={"version": need.version}, status=need.status)
        forms["measure"] = MeasureForm()
        if PROVIDERS.get(need.pathway) and need.status in ("identified", "planned"):
            forms["referral"] = ReferralForm(
                need=need,
                may_override=policy.may_override_consent(
                    request.user, actions.writing_agency(request.user, need.person).pk
                ),
            )
    if bound is not None:
        for key, form in forms.items():
            if form is not None and type(bound) is type(form):
                if "version" in bound.fields:
                    bound.data = _with_version(bound, need.version)
                forms[key] = bound
    disclose(
        request, "support_need.view", "support_need", [need.uuid], {"person": str(need.person.uuid)}
    )
    return render(
        request,
        "support/need.html",
        {
            "need": need,
            "person": need.person,
            "pathway_label": Pathway(need.pathway).label,
            "history": [
                {"change": change, "by": display_name(change.changed_by)} for change in history
            ],
            "measures": list(
                need.measures.select_related("provider_agency").order_by("started_on")
            ),
            "referrals": referrals,
            "forms": forms,
            "referable": bool(PROVIDERS.get(need.pathway)),
            "problems": _problems(bound),
        },
    )


@login_required
@never_cache
def need(request: HttpRequest, need_uuid: uuid.UUID) -> HttpResponse:
    return _render_need(request, _need(request, need_uuid))


def _to_need(need: SupportNeed) -> Callable[[Any], HttpResponse]:
    return lambda _result: redirect("support:need", need_uuid=need.uuid)


@login_required
@never_cache
@require_POST
def change_need_status(request: HttpRequest, need_uuid: uuid.UUID) -> HttpResponse:
    found = _need(request, need_uuid)
    form = NeedStatusForm(request.POST, status=found.status)
    done = _carry_out(
        request,
        form,
        lambda: actions.change_need_status(
            actor=Actor.from_request(request),
            need_uuid=found.uuid,
            to_status=form.cleaned_data["to_status"],
            on_date=form.cleaned_data["on_date"],
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"],
            expected_version=form.cleaned_data["version"],
        ),
        _("需求状态已更新。"),
        _to_need(found),
    )
    return done or _render_need(request, found, form)


@login_required
@never_cache
@require_POST
def record_measure(request: HttpRequest, need_uuid: uuid.UUID) -> HttpResponse:
    found = _need(request, need_uuid)
    form = MeasureForm(request.POST)
    done = _carry_out(
        request,
        form,
        lambda: actions.record_measure(
            actor=Actor.from_request(request),
            need_uuid=found.uuid,
            description=form.cleaned_data["description"],
            started_on=form.cleaned_data["started_on"],
            ended_on=form.cleaned_data["ended_on"],
        ),
        _("已登记帮扶措施。"),
        _to_need(found),
    )
    return done or _render_need(request, found, form)


@login_required
@never_cache
@require_POST
def send_referral(request: HttpRequest, need_uuid: uuid.UUID) -> HttpResponse:
    found = _need(request, need_uuid)
    form = ReferralForm(
        request.POST,
        need=found,
        may_override=policy.may_override_consent(
            request.user, actions.writing_agency(request.user, found.person).pk
        ),
    )
    done = _carry_out(
        request,
        form,
        lambda: actions.send_referral(
            actor=Actor.from_request(request),
            need_uuid=found.uuid,
            to_agency_id=form.cleaned_data["to_agency"] or 0,
            purpose=form.cleaned_data["purpose"],
            fields=form.cleaned_data["disclosed_fields"],
            consent_uuid=form.cleaned_data["consent"] or None,
            override_reason=form.cleaned_data.get("override_reason", ""),
        ),
        _("已发出转介。"),
        lambda referral: redirect("support:referral", referral_uuid=referral.uuid),
    )
    return done or _render_need(request, found, form)


# -- a referral ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    side: str
    button_class: str = "primary"


def steps() -> list[Step]:
    return [
        Step("accept", _("接收"), (ReferralStatus.SENT,), "received"),
        Step(
            "start",
            _("开始服务"),
            (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
            "received",
        ),
        Step(
            "complete",
            _("办结并记录结果"),
            (ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE),
            "received",
        ),
        Step(
            "reject",
            _("退回"),
            (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
            "received",
            "danger",
        ),
        Step(
            "end",
            _("终止服务"),
            (ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE),
            "received",
            "danger",
        ),
        Step("revoke", _("撤回转介"), OPEN_REFERRAL_STATUSES, "sent", "danger"),
    ]


def _side(request: HttpRequest, referral: Referral) -> str:
    """ "sent" when the user sees the referral as its sender (or oversees the sender)."""
    sent = policy.referrals_visible_to(request.user, side="sent").filter(pk=referral.pk)
    return "sent" if sent.exists() else "received"


def _render_referral(
    request: HttpRequest, referral: Referral, bound: StepForm | None = None
) -> HttpResponse:
    side = _side(request, referral)
    writable = (
        policy.referrals_visible_to(request.user, side=side, write=True)
        .filter(pk=referral.pk)
        .exists()
    )
    step_forms = []
    if writable:
        for step in steps():
            if step.side == side and referral.status in step.sources:
                form = StepForm(initial={"version": referral.version}, step=step.name)
                if bound is not None and bound.step == step.name:
                    bound.data = _with_version(bound, referral.version)
                    form = bound
                step_forms.append({"step": step, "form": form})
    events = list(
        ReferralEvent.objects.filter(referral=referral)
        .select_related("by", "agency")
        .order_by("id")
    )
    fields = (
        disclosed_values(referral.person, referral.disclosed_fields) if side == "received" else None
    )
    disclose(
        request,
        "referral.view",
        "referral",
        [referral.uuid],
        {"side": side, "person": str(referral.person.uuid), "fields": referral.disclosed_fields},
    )
    return render(
        request,
        "support/referral.html",
        {
            "referral": referral,
            "side": side,
            "pathway_label": Pathway(referral.pathway).label,
            "fields": fields,
            "field_labels": [
                str(FIELDS[code].label) for code in referral.disclosed_fields if code in FIELDS
            ],
            "consent_label": consent_label(referral.consent) if referral.consent else "",
            "events": [{"event": event, "by": display_name(event.by)} for event in events],
            "step_forms": step_forms,
            "problems": _problems(bound),
            "overdue": referral.status == ReferralStatus.SENT
            and referral.respond_by < timezone.localdate(),
        },
    )


@login_required
@never_cache
def referral(request: HttpRequest, referral_uuid: uuid.UUID) -> HttpResponse:
    return _render_referral(request, policy.get_referral_for_user(request.user, referral_uuid))


STEP_ACTIONS: dict[str, Callable[..., Referral]] = {
    "accept": actions.accept_referral,
    "start": actions.start_service,
    "complete": actions.complete_referral,
    "reject": actions.reject_referral,
    "end": actions.end_referral,
    "revoke": actions.revoke_referral,
}


@login_required
@never_cache
@require_POST
def referral_step(request: HttpRequest, referral_uuid: uuid.UUID, step: str) -> HttpResponse:
    action = STEP_ACTIONS.get(step)
    if action is None:
        raise Http404("no such step")
    found = policy.get_referral_for_user(request.user, referral_uuid, write=True)
    form = StepForm(request.POST, step=step)

    def after(_result: Referral) -> HttpResponse:
        # The receiver no longer sees a returned referral; the sender still sees it revoked.
        if not policy.referrals_visible_to(request.user).filter(pk=found.pk).exists():
            return redirect("support:incoming")
        return redirect("support:referral", referral_uuid=found.uuid)

    done = _carry_out(
        request,
        form,
        lambda: action(
            actor=Actor.from_request(request),
            referral_uuid=found.uuid,
            on_date=form.cleaned_data["on_date"],
            expected_version=form.cleaned_data["version"],
            **{n: form.cleaned_data[n] for n in ("reason", "outcome") if n in form.fields},
        ),
        _("已完成:%(action)s。") % {"action": next(s.label for s in steps() if s.name == step)},
        after,
    )
    return done or _render_referral(request, found, form)


# -- lists -----------------------------------------------------------------------------------


@login_required
@never_cache
def incoming(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    received = policy.referrals_visible_to(request.user, side="received").select_related(
        "person", "from_agency", "to_agency"
    )
    open_ones = list(
        received.filter(status__in=OPEN_REFERRAL_STATUSES).order_by("respond_by", "id")[:LIST_LIMIT]
    )
    closed = list(
        received.exclude(status__in=OPEN_REFERRAL_STATUSES)
        .filter(closed_on__gte=today - dt.timedelta(days=RECENTLY_CLOSED_DAYS))
        .order_by("-closed_on", "-id")[:LIST_LIMIT]
    )
    shown = [r.uuid for r in open_ones + closed]
    disclose(request, "referral.incoming", "referral", shown, {"count": len(shown)})
    return render(
        request,
        "support/incoming.html",
        {
            "open_rows": open_ones,
            "closed_rows": closed,
            "today": today,
            "closed_days": RECENTLY_CLOSED_DAYS,
            "notifications": _notifications(request),
        },
    )


def _notifications(request: HttpRequest) -> list[Notification]:
    agency_ids = [scope.agency_id for scope in policy.scopes_of(request.user)]
    visible = policy.referrals_visible_to(request.user)
    return list(
        Notification.objects.filter(agency_id__in=agency_ids, read_at__isnull=True)
        .filter(referral__in=visible)
        .select_related("referral__to_agency", "referral__from_agency")
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


@login_required
@never_cache
def outgoing(request: HttpRequest) -> HttpResponse:
    sent = list(
        policy.referrals_visible_to(request.user, side="sent")
        .select_related("person", "to_agency", "from_agency")
        .order_by("-sent_on", "-id")[:LIST_LIMIT]
    )
    shown = [r.uuid for r in sent]
    disclose(request, "referral.outgoing", "referral", shown, {"count": len(shown)})
    return render(
        request,
        "support/outgoing.html",
        {"rows": sent, "today": timezone.localdate(), "notifications": _notifications(request)},
    )


@login_required
@never_cache
@require_POST
def read_notifications(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("notification") if value.isdigit()]
    actions.mark_notifications_read(actor=Actor.from_request(request), notification_ids=ids)
    target = (
        "support:incoming" if request.POST.get("return_to") == "incoming" else "support:outgoing"
    )
    return redirect(target)


# -- figures and the 三无 list -----------------------------------------------------------------


@login_required
@never_cache
def figures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    as_of = today
    requested = request.GET.get("as_of", "")
    if requested:
        try:
            as_of = min(dt.date.fromisoformat(requested), today)
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD,已显示今天的数字。"))
    result = support_figures(request.user, as_of)
    disclose(
        request,
        "support.figures",
        "person",
        [],
        {"as_of": as_of.isoformat(), "townships": len(result.townships)},
    )
    statuses = [(code, label) for code, label in ReferralStatus.choices]
    return render(
        request,
        "support/figures.html",
        {
            "figures": result,
            "as_of": as_of,
            "statuses": statuses,
            "pathway_rows": [
                {"row": row, "cells": [row.counts.get(code, 0) for code, _label in statuses]}
                for row in result.by_pathway
            ],
        },
    )


@login_required
@never_cache
def three_nos(request: HttpRequest) -> HttpResponse:
    people = list(three_nos_without_welfare_referral(request.user)[:LIST_LIMIT])
    disclose(
        request, "support.three_nos", "person", [p.uuid for p in people], {"count": len(people)}
    )
    return render(request, "support/three_nos.html", {"people": people, "limit": LIST_LIMIT})
