"""Web actions of the lost-contact section of the case page: flag lost, record a search,
notify the police, mark found.

Each acts on the case in the URL, the one scope every case route has: outside the user's
writing scope the answer is 404 before anything else is looked at. The search, police and
found forms act on the case's open episode (a case has at most one), so the page needs no
episode ids. Thin views: parse → one action → redirect with a message; a refusal re-renders
the case page with the posted form and its Chinese messages in place, nothing saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.programs import lost_contact
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.lost_contact_forms import (
    FlagLostContactForm,
    FoundForm,
    LostContactForm,
    PoliceNoticeForm,
    SearchForm,
)
from tongxin.programs.models import Enrollment
from tongxin.programs.views import _done, _render_case


def _act(
    request: HttpRequest,
    enrollment_uuid: uuid.UUID,
    form: LostContactForm,
    action: Callable[[Enrollment, Actor], object],
    done: str,
) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    if form.is_valid():
        try:
            action(enrollment, Actor.from_request(request))
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _done(request, enrollment, done)
    return _render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def flag(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    form = FlagLostContactForm(request.POST)
    return _act(
        request,
        enrollment_uuid,
        form,
        lambda enrollment, actor: lost_contact.flag_lost_contact(
            actor=actor, enrollment_uuid=enrollment.uuid, since_on=form.cleaned_data["since_on"]
        ),
        _("已登记失联,请立即组织查找。"),
    )


@login_required
@never_cache
@require_POST
def search(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    form = SearchForm(request.POST)
    return _act(
        request,
        enrollment_uuid,
        form,
        lambda enrollment, actor: lost_contact.record_search(
            actor=actor,
            episode_uuid=lost_contact.open_episode_to_act_on(enrollment).uuid,
            on_date=form.cleaned_data["on_date"],
            method=form.cleaned_data["method"],
            outcome=form.cleaned_data["outcome"],
        ),
        _("已登记查找情况。"),
    )


@login_required
@never_cache
@require_POST
def notify_police(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    form = PoliceNoticeForm(request.POST)
    return _act(
        request,
        enrollment_uuid,
        form,
        lambda enrollment, actor: lost_contact.notify_police(
            actor=actor,
            episode_uuid=lost_contact.open_episode_to_act_on(enrollment).uuid,
            on_date=form.cleaned_data["on_date"],
            note=form.cleaned_data["note"],
        ),
        _("已登记通报公安。"),
    )


@login_required
@never_cache
@require_POST
def found(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    form = FoundForm(request.POST)
    return _act(
        request,
        enrollment_uuid,
        form,
        lambda enrollment, actor: lost_contact.mark_found(
            actor=actor,
            episode_uuid=lost_contact.open_episode_to_act_on(enrollment).uuid,
            found_on=form.cleaned_data["found_on"],
        ),
        _("已登记找到本人,本次失联已结束。"),
    )
