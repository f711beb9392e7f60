"""Possible duplicates (疑似重复核对) through the API: the open pairs the caller may decide,
one pair side by side, and its decision.

The same rules as the web pages: pairs come through ``policy.match_candidates_visible_to``
(the writers of the files; everyone else 404); reads write one AccessEvent naming the
people before anything leaves; deciding is ``tongxin.dedup.actions.decide_candidate``
(refusals 422 with the Chinese message; a pair decided meanwhile 409). ID numbers are
masked.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.dedup.actions import AlreadyDecided, DedupRefused, decide_candidate
from tongxin.dedup.comparison import compare, evidence_labels, method_label, names, sides
from tongxin.dedup.models import MatchCandidate, awaiting_review

router = Router(tags=["dedup"])

PAGE_SIZE = 50
UNAUTHENTICATED = {401: ErrorOut}


class MatchCandidateLineOut(Schema):
    id: uuid_module.UUID
    kind: str = Field(description="import_row(名单行与已有档案)或 people(两份档案)")
    score: float = Field(description="相似度 0–100")
    method: str
    method_label: str
    left: str = Field(description="名单行的姓名,或第一份档案的姓名")
    right: str
    created_at: dt.datetime


class MatchCandidatePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[MatchCandidateLineOut]


class MatchRecordOut(Schema):
    title: str
    person_id: uuid_module.UUID | None = Field(description="已登记档案的编号;名单行为空")
    fields: dict[str, str] = Field(description="字段 → 内容(身份证号已遮蔽)")


class MatchFieldOut(Schema):
    field: str
    label: str
    left: str
    right: str
    agreement: Literal["agree", "differ", "missing"]


class MatchRowOut(Schema):
    batch_id: uuid_module.UUID
    file_name: str
    row_number: int


class MatchCandidateOut(Schema):
    id: uuid_module.UUID
    kind: str
    status: str = Field(description="open / same / not_same")
    score: float
    method: str
    method_label: str
    evidence: dict[str, Any] = Field(description="name/birth/id/sex 的一致程度与 place")
    evidence_labels: list[str]
    row: MatchRowOut | None
    left: MatchRecordOut
    right: MatchRecordOut
    comparison: list[MatchFieldOut]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None
    reason: str


class MatchDecisionIn(Schema):
    decision: Literal["same", "not_same"]
    reason: str = Field(description="核对说明(必填)")
    survivor: uuid_module.UUID | None = Field(
        default=None, description="两份档案合并时保留的一份;不填则保留建档较早的一份"
    )


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _disclose(
    request: HttpRequest, action: str, object_type: str, ids: list[Any], details: dict[str, Any]
) -> None:
    disclose(request, action, object_type, ids, details, channel="api")


def _people(candidate: MatchCandidate) -> list[uuid_module.UUID]:
    people = [candidate.person.uuid]
    if candidate.other_person is not None:
        people.append(candidate.other_person.uuid)
    return people


def _candidate_out(candidate: MatchCandidate) -> MatchCandidateOut:
    left, right = sides(candidate)
    row = candidate.import_row
    return MatchCandidateOut(
        id=candidate.uuid,
        kind=candidate.kind,
        status=candidate.status,
        score=candidate.score,
        method=candidate.method,
        method_label=method_label(candidate.method),
        evidence=candidate.evidence,
        evidence_labels=evidence_labels(candidate),
        row=MatchRowOut(
            batch_id=row.batch.uuid, file_name=row.batch.file_name, row_number=row.row_number
        )
        if row is not None
        else None,
        left=MatchRecordOut(
            title=left.title, person_id=left.person.uuid if left.person else None, fields=left.shown
        ),
        right=MatchRecordOut(
            title=right.title,
            person_id=right.person.uuid if right.person else None,
            fields=right.shown,
        ),
        comparison=[
            MatchFieldOut(
                field=line.field,
                label=line.label,
                left=line.left,
                right=line.right,
                agreement=line.agreement,  # type: ignore[arg-type]
            )
            for line in compare(left, right)
        ],
        created_at=candidate.created_at,
        decided_at=candidate.decided_at,
        decided_by=candidate.decided_by.get_username() if candidate.decided_by else None,
        reason=candidate.reason,
    )


@router.get(
    "/match-candidates",
    response={200: MatchCandidatePageOut, **UNAUTHENTICATED},
    summary="Open possible-duplicate pairs the caller may decide, newest first / 待核对的疑似重复",
)
def list_match_candidates(request: HttpRequest, page: int = 1) -> MatchCandidatePageOut:
    pairs = (
        awaiting_review(policy.match_candidates_visible_to(request.user))
        .select_related("person", "other_person", "import_row__batch")
        .order_by("-created_at", "-id")
    )
    count = pairs.count()
    pages = max((count + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    number = min(max(page, 1), pages)
    shown = list(pairs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if shown:
        people = {str(uuid) for candidate in shown for uuid in _people(candidate)}
        _disclose(
            request,
            "dedup.queue",
            "match_candidate",
            [candidate.uuid for candidate in shown],
            {"page": number, "people": sorted(people)},
        )
    items = []
    for candidate in shown:
        left, right = names(candidate)
        items.append(
            MatchCandidateLineOut(
                id=candidate.uuid,
                kind=candidate.kind,
                score=candidate.score,
                method=candidate.method,
                method_label=method_label(candidate.method),
                left=left,
                right=right,
                created_at=candidate.created_at,
            )
        )
    return MatchCandidatePageOut(count=count, page=number, pages=pages, items=items)


@router.get(
    "/match-candidates/{uuid}",
    response={200: MatchCandidateOut, 404: ErrorOut, **UNAUTHENTICATED},
    summary="One pair side by side, with its score and evidence / 疑似重复比较",
)
def get_match_candidate(request: HttpRequest, uuid: uuid_module.UUID) -> MatchCandidateOut:
    candidate = policy.get_match_candidate_for_user(request.user, uuid)
    out = _candidate_out(candidate)
    _disclose(
        request,
        "dedup.compare",
        "person",
        _people(candidate),
        {"candidate": str(candidate.uuid), "kind": candidate.kind},
    )
    return out


@router.post(
    "/match-candidates/{uuid}/decision",
    response={
        200: MatchCandidateOut,
        404: ErrorOut,
        409: ErrorOut,
        422: RejectedOut,
        **UNAUTHENTICATED,
    },
    summary="Decide a pair: the same person or not / 核对疑似重复",
)
def decide_match_candidate(
    request: HttpRequest, uuid: uuid_module.UUID, payload: MatchDecisionIn
) -> Any:
    try:
        candidate = decide_candidate(
            _actor(request),
            uuid,
            payload.decision,
            payload.reason,
            survivor_uuid=str(payload.survivor) if payload.survivor else None,
        )
    except AlreadyDecided as exc:
        return Status(409, ErrorOut(detail=exc.message))
    except DedupRefused as exc:
        return Status(422, RejectedOut(errors={"__all__": [exc.message]}))
    candidate = policy.get_match_candidate_for_user(request.user, candidate.uuid)
    out = _candidate_out(candidate)
    _disclose(
        request,
        "dedup.compare",
        "person",
        _people(candidate),
        {"candidate": str(candidate.uuid), "kind": candidate.kind, "decided": True},
    )
    return out
