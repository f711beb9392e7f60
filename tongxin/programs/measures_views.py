"""The web action that records a decided reward or sanction (奖惩) from the case page.

The case in the URL is the scope: outside the user's writing scope the answer is 404. Those
who work the case but may not decide (a 司法所 worker) are refused by the action itself with
its Chinese message, nothing saved — the page does not offer them the form, and the rule is
the action's alone (``measures.may_decide``)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.measures import decide_measure, suggestions_for
from tongxin.programs.measures_forms import DecideMeasureForm
from tongxin.programs.models import MeasureKind
from tongxin.programs.views import _done, _render_case


@login_required
@never_cache
@require_POST
def decide(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = DecideMeasureForm(
        request.POST, suggestions=suggestions_for(enrollment, timezone.localdate())
    )
    if form.is_valid():
        try:
            measure = decide_measure(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                kind=form.cleaned_data["kind"],
                decided_on=form.cleaned_data["decided_on"],
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data["evidence"],
                suggestion=form.cleaned_data["suggestion"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _done(
                request,
                enrollment,
                _("已记录奖惩决定:%(kind)s。") % {"kind": MeasureKind(measure.kind).label},
            )
    return _render_case(request, enrollment, writable=True, bound=form)
