"""Deciding a possible-duplicate pair: the same person, or not. Each decision is one
transaction with its audit row; refusals raise ``DedupRefused`` with a Chinese message.

- An import row and a registered person, **the same**: the row is that person and does
  what a matched row does at import (opens the enrollment the roster opens); the row's other
  open pairs are closed as not the same (the row is one human).
  **Not the same**: once no pair of the row is open, the row is someone new: the file is
  created from the row as the import creates it, with its enrollment.
- Two files, **the same**: the files are merged (``merging.merge_people``) into the older
  one, or the one the user chose. **Not the same**: remembered, never proposed again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change
from tongxin.dedup.merging import DedupRefused, merge_people, unmerge_people
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PairKind, PersonMerge
from tongxin.people.models import Person
from tongxin.rosters.importing import ImportRefused, settle_possible_duplicate

REASON_MAX = 2000
DECISIONS = (CandidateStatus.SAME, CandidateStatus.NOT_SAME)


class AlreadyDecided(DedupRefused):
    """The pair was decided meanwhile (the API answers 409)."""


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise DedupRefused(_("请填写核对说明:依据什么认定是或不是同一人。"))
    if len(reason) > REASON_MAX:
        raise DedupRefused(_("核对说明不能超过 %(max)d 字。") % {"max": REASON_MAX})
    return reason


def _close(candidate: MatchCandidate, status: str, actor: Actor, reason: str) -> None:
    candidate.status = status
    candidate.decided_by = actor.user
    candidate.decided_at = timezone.now()
    candidate.reason_text = reason
    candidate.save(
        update_fields=["status", "decided_by", "decided_at", "reason_text", "other_person"]
    )


def _survivor(candidate: MatchCandidate, survivor_uuid: str | None) -> tuple[Person, Person]:
    """(survivor, merged): the file the user chose, else the older one."""
    assert candidate.other_person is not None
    pair = [candidate.person, candidate.other_person]
    if survivor_uuid:
        chosen = [person for person in pair if str(person.uuid) == str(survivor_uuid)]
        if not chosen:
            raise DedupRefused(_("请选择这两份档案中的一份作为保留的档案。"))
        survivor = chosen[0]
    else:
        survivor = min(pair, key=lambda person: (person.created_at, person.pk))
    merged = pair[1] if survivor is pair[0] else pair[0]
    return survivor, merged


def decide_candidate(
    actor: Actor,
    candidate_uuid: Any,
    decision: str,
    reason: str,
    *,
    survivor_uuid: str | None = None,
) -> MatchCandidate:
    """Record ``decision`` ("same" or "not_same") on a pair ``actor`` may decide (404
    otherwise) and do what it implies (see the module)."""
    with transaction.atomic():
        # Scope first: outside it the answer is 404 whatever was sent.
        found = policy.get_match_candidate_for_user(actor.user, candidate_uuid)
        if decision not in DECISIONS:
            raise DedupRefused(_("请选择“是同一人”或“不是同一人”。"))
        text = _reason(reason)
        candidate = (
            MatchCandidate.objects.select_for_update(of=("self",))
            .select_related("person__owner_agency", "other_person", "import_row__batch__agency")
            .get(pk=found.pk)
        )
        if candidate.status != CandidateStatus.OPEN:
            raise AlreadyDecided(
                _("此疑似重复已核对为“%(status)s”,不能再次核对。")
                % {"status": candidate.get_status_display()}
            )
        details: dict[str, Any] = {"kind": candidate.kind, "decision": decision}
        try:
            if candidate.kind == PairKind.IMPORT_ROW:
                details |= _decide_row(actor, candidate, decision, text)
            else:
                details |= _decide_people(actor, candidate, decision, text, survivor_uuid)
        except ImportRefused as exc:
            raise DedupRefused(exc.message) from exc
        record_change(
            actor=actor,
            action="dedup.decide",
            object_type="match_candidate",
            object_ids=[candidate.uuid],
            details={
                **details,
                "person": str(candidate.person.uuid),
                "other_person": str(candidate.other_person.uuid)
                if candidate.other_person
                else None,
                "score": candidate.score,
                "reason": text,
            },
            agency_name=policy.primary_agency_name(actor.user),
        )
    return candidate


def _standing(person_id: int) -> Person:
    """The file that stands for a person now: a file merged since the pair was opened is
    followed to its survivor, so the row's case opens on a file the lists show."""
    person = Person.objects.select_related("residence_region").get(pk=person_id)
    while person.merged_into_id is not None:
        person = Person.objects.select_related("residence_region").get(pk=person.merged_into_id)
    return person


def _decide_row(
    actor: Actor, candidate: MatchCandidate, decision: str, reason: str
) -> dict[str, Any]:
    row = candidate.import_row
    assert row is not None
    siblings = MatchCandidate.objects.select_for_update(of=("self",)).filter(
        import_row=row, kind=PairKind.IMPORT_ROW
    )
    details: dict[str, Any] = {
        "batch": str(row.batch.uuid),
        "row": row.row_number,
    }
    if decision == CandidateStatus.SAME:
        person = _standing(candidate.person_id)
        plan = settle_possible_duplicate(actor, row, person)
        _close(candidate, CandidateStatus.SAME, actor, reason)
        for other in siblings.filter(status=CandidateStatus.OPEN).exclude(pk=candidate.pk):
            _close(
                other,
                CandidateStatus.NOT_SAME,
                actor,
                _("同一名单行已确认为另一人。"),
            )
        details["row_outcome"] = plan.outcome
        details["enrollment"] = str(plan.enrollment_uuid) if plan.enrollment_uuid else None
        return details
    _close(candidate, CandidateStatus.NOT_SAME, actor, reason)
    if siblings.filter(status=CandidateStatus.OPEN).exists():
        details["row_outcome"] = row.outcome  # another candidate of the row is still open
        return details
    plan = settle_possible_duplicate(actor, row, None)
    if plan.person_id is not None:
        # The new file is not the same human as any of the row's candidates: remembered for
        # the scan of the registry as well.
        siblings.filter(status=CandidateStatus.NOT_SAME).update(other_person_id=plan.person_id)
        candidate.other_person = Person.objects.get(pk=plan.person_id)
    details["row_outcome"] = plan.outcome
    details["person_created"] = str(plan.person_uuid) if plan.person_uuid else None
    details["enrollment"] = str(plan.enrollment_uuid) if plan.enrollment_uuid else None
    return details


def _decide_people(
    actor: Actor,
    candidate: MatchCandidate,
    decision: str,
    reason: str,
    survivor_uuid: str | None,
) -> dict[str, Any]:
    if decision == CandidateStatus.NOT_SAME:
        _close(candidate, CandidateStatus.NOT_SAME, actor, reason)
        return {}
    survivor, merged = _survivor(candidate, survivor_uuid)
    merge = merge_people(actor, survivor, merged, reason, candidate)
    _close(candidate, CandidateStatus.SAME, actor, reason)
    return {"merge": str(merge.uuid), "survivor": str(survivor.uuid), "merged": str(merged.uuid)}


def unmerge(actor: Actor, merge_uuid: Any, reason: str) -> PersonMerge:
    """Undo a merge: supervisors who may change both files; 404 for those who may not see
    it, a refusal for other writers."""
    with transaction.atomic():
        try:
            merge = (
                policy.person_merges_visible_to(actor.user)
                .select_related("survivor", "merged")
                .get(uuid=merge_uuid)
            )
        except (PersonMerge.DoesNotExist, ValueError) as exc:
            raise Http404("no such merge in your scope") from exc
        if not policy.may_unmerge(actor.user, merge):
            raise DedupRefused(_("只有主管可以撤销档案合并。"))
        text = _reason(reason)
        return unmerge_people(actor, merge, text)
