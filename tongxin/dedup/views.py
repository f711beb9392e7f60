"""疑似重复核对: the review queue, the side-by-side comparison with its decide form, and
undoing a merge.

Thin views: pairs come through ``policy.match_candidates_visible_to`` (the writers of the
files; everyone else 404); the queue and the comparison write their AccessEvent before
rendering; deciding and unmerging are actions (``tongxin.dedup.actions``) that refuse in
Chinese and save nothing.
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
from tongxin.dedup.actions import DedupRefused, decide_candidate, unmerge
from tongxin.dedup.comparison import compare, evidence_labels, method_label, names, sides
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PairKind, awaiting_review

ITEMS_PER_PAGE = 50


@dataclass(frozen=True)
class QueueLine:
    candidate: MatchCandidate
    left: str
    right: str
    method: str


@login_required
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    """The open pairs the user may decide, newest first."""
    pairs = (
        awaiting_review(policy.match_candidates_visible_to(request.user))
        .select_related("person", "other_person", "import_row__batch")
        .order_by("-created_at", "-id")
    )
    page = Paginator(pairs, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    shown: list[MatchCandidate] = list(page.object_list)
    if shown:
        people = {str(c.person.uuid) for c in shown}
        people |= {str(c.other_person.uuid) for c in shown if c.other_person}
        disclose(
            request,
            "dedup.queue",
            "match_candidate",
            [candidate.uuid for candidate in shown],
            {"page": page.number, "people": sorted(people)},
        )
    lines = [
        QueueLine(candidate, *names(candidate), method_label(candidate.method))
        for candidate in shown
    ]
    return render(request, "dedup/queue.html", {"page_obj": page, "lines": lines})


@login_required
@never_cache
def candidate_page(request: HttpRequest, candidate_uuid: uuid.UUID) -> HttpResponse:
    """Both records side by side, agreeing and differing fields marked, with the decide form."""
    candidate = policy.get_match_candidate_for_user(request.user, candidate_uuid)
    left, right = sides(candidate)
    people = [candidate.person.uuid]
    if candidate.other_person is not None:
        people.append(candidate.other_person.uuid)
    details: dict[str, Any] = {"candidate": str(candidate.uuid), "kind": candidate.kind}
    if candidate.import_row is not None:
        details |= {
            "batch": str(candidate.import_row.batch.uuid),
            "row": candidate.import_row.row_number,
        }
    disclose(request, "dedup.compare", "person", people, details)
    return render(
        request,
        "dedup/candidate.html",
        {
            "candidate": candidate,
            "left": left,
            "right": right,
            "lines": compare(left, right),
            "evidence": evidence_labels(candidate),
            "method": method_label(candidate.method),
            "is_open": candidate.status == CandidateStatus.OPEN,
            "is_people": candidate.kind == PairKind.PEOPLE,
            "decided_by": candidate.decided_by.get_username() if candidate.decided_by else "",
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, candidate_uuid: uuid.UUID) -> HttpResponse:
    """Record the decision; a refusal is shown on the comparison page and nothing is saved."""
    reason: Any = request.POST.get("reason", "")
    survivor: Any = request.POST.get("survivor") or None
    try:
        candidate = decide_candidate(
            Actor.from_request(request),
            candidate_uuid,
            str(request.POST.get("decision", "")),
            str(reason),
            survivor_uuid=str(survivor) if survivor else None,
        )
    except DedupRefused as exc:
        messages.error(request, exc.message)
        return redirect("dedup:candidate", candidate_uuid=candidate_uuid)
    messages.success(
        request,
        _("已记录核对结果:%(status)s。") % {"status": candidate.get_status_display()},
    )
    return redirect("dedup:queue")


@login_required
@require_POST
def unmerge_view(request: HttpRequest, merge_uuid: uuid.UUID) -> HttpResponse:
    """Undo a merge (supervisors); the merged file's page says how it went."""
    reason: Any = request.POST.get("reason", "")
    try:
        merge = unmerge(Actor.from_request(request), merge_uuid, str(reason))
    except DedupRefused as exc:
        messages.error(request, exc.message)
        return redirect("people:list")
    messages.success(request, _("已撤销合并,两份档案已分开。"))
    return redirect("people:detail", person_uuid=merge.merged.uuid)
