"""疑似重复核对: the review queue, the side-by-side comparison with its decide form, and
undoing a merge.

Thin views: pairs come through ``policy.match_candidates_visible_to`` (the writers of the
files; everyone else 404); the queue and the comparison write their AccessEvent before
rendering; deciding and unmerging are actions (``tongxin.dedup.actions``) that refuse in
Chinese and save nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.dedup.actions import DedupRefused, decide_candidate, unmerge
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PairKind
from tongxin.lib.resident_id import mask
from tongxin.people.models import Person, Sex
from tongxin.rosters.linkage import (
    BirthAgreement,
    IdAgreement,
    Method,
    NameAgreement,
    SexAgreement,
)

ITEMS_PER_PAGE = 50
AGREE, DIFFER, MISSING = "agree", "differ", "missing"
# (field, label) compared side by side.
COMPARED = (
    ("name", gettext_lazy("姓名")),
    ("sex", gettext_lazy("性别")),
    ("birth_date", gettext_lazy("出生日期")),
    ("id_number", gettext_lazy("公民身份号码")),
    ("residence_address", gettext_lazy("居住地址")),
)
EVIDENCE_LABELS: dict[str, Any] = {
    "name": NameAgreement,
    "birth": BirthAgreement,
    "id": IdAgreement,
    "sex": SexAgreement,
}


@dataclass(frozen=True)
class Side:
    """One record of a pair: a roster row or a registered file."""

    title: str
    values: dict[str, str]  # field → comparable text ("" when not known)
    shown: dict[str, str]  # field → what the page shows (ID numbers masked)
    person: Person | None = None


@dataclass(frozen=True)
class FieldLine:
    label: str
    left: str
    right: str
    agreement: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _sex_label(code: str) -> str:
    return str(Sex(code).label) if code in Sex.values else code


def _side_of_person(person: Person, title: str) -> Side:
    values = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "id_number": person.id_number or "",
        "residence_address": person.residence_address or "",
    }
    return Side(title, values, _shown(values), person)


def _side_of_row(row_values: dict[str, Any], title: str) -> Side:
    values = {name: _text(row_values.get(name)) for name, _label in COMPARED}
    return Side(title, values, _shown(values))


def _shown(values: dict[str, str]) -> dict[str, str]:
    shown = dict(values)
    shown["sex"] = _sex_label(values["sex"]) if values["sex"] else ""
    shown["id_number"] = mask(values["id_number"]) if values["id_number"] else ""
    return shown


def _lines(left: Side, right: Side) -> list[FieldLine]:
    lines = []
    for name, label in COMPARED:
        a, b = left.values[name], right.values[name]
        agreement = MISSING if not a or not b else AGREE if a.upper() == b.upper() else DIFFER
        lines.append(FieldLine(str(label), left.shown[name], right.shown[name], agreement))
    return lines


def _evidence(candidate: MatchCandidate) -> list[str]:
    stored: dict[str, Any] = candidate.evidence
    labels = []
    for key, choices in EVIDENCE_LABELS.items():
        value = stored.get(key)
        if value in choices.values:
            labels.append(str(choices(value).label))
    if stored.get("place"):
        labels.append(_("名单地址提到此人居住的村镇"))
    return labels


def _method_label(code: str) -> str:
    return str(Method(code).label) if code in Method.values else code


def _sides(candidate: MatchCandidate) -> tuple[Side, Side]:
    if candidate.kind == PairKind.IMPORT_ROW:
        row = candidate.import_row
        assert row is not None
        title = _("名单第 %(row)d 行(%(file)s)") % {
            "row": row.row_number,
            "file": row.batch.file_name,
        }
        return _side_of_row(row.values, title), _side_of_person(candidate.person, _("已有档案"))
    assert candidate.other_person is not None
    return (
        _side_of_person(candidate.person, _("档案一")),
        _side_of_person(candidate.other_person, _("档案二")),
    )


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
        policy.match_candidates_visible_to(request.user)
        .filter(status=CandidateStatus.OPEN)
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
    lines = []
    for candidate in shown:
        if candidate.import_row is not None:
            left = _("名单行:%(name)s") % {"name": _text(candidate.import_row.values.get("name"))}
        else:
            left = candidate.person.name
        right = candidate.other_person.name if candidate.other_person else candidate.person.name
        lines.append(QueueLine(candidate, left, right, _method_label(candidate.method)))
    return render(request, "dedup/queue.html", {"page_obj": page, "lines": lines})


@login_required
@never_cache
def candidate_page(request: HttpRequest, candidate_uuid: uuid.UUID) -> HttpResponse:
    """Both records side by side, agreeing and differing fields marked, with the decide form."""
    candidate = policy.get_match_candidate_for_user(request.user, candidate_uuid)
    left, right = _sides(candidate)
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
            "lines": _lines(left, right),
            "evidence": _evidence(candidate),
            "method": _method_label(candidate.method),
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
