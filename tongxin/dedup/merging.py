"""Merging two files of one human, and undoing it. Nothing is deleted.

A merge re-points every row that belonged to the merged file to the survivor, records the
primary keys it moved per model (``PersonMerge.moved``), and marks the merged file
``merged_into`` the survivor: it leaves every list and search (``people_visible_to``), and
its page points to the survivor. An unmerge moves exactly the recorded rows back (those
still on the survivor) and restores the merged file; rows written on the survivor after
the merge stay there.

Every foreign key to ``Person`` is either moved (``MOVED``) or kept on purpose (``KEPT``,
with why); tests/test_dedup_merge_handles_every_foreign_key_to_a_person.py fails when a new
one is neither, so a new model cannot silently keep rows on a merged file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.db.models import Count, F, ForeignObjectRel
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.record import Actor, record_change
from tongxin.dedup.models import MatchCandidate, PersonMerge
from tongxin.lib.chunks import chunked
from tongxin.people.models import Person

# (model label, field): the person's casework, which follows the person to the survivor.
MOVED: tuple[tuple[str, str], ...] = (
    ("programs.Enrollment", "person"),
    ("support.SupportNeed", "person"),
    ("support.Consent", "person"),
    ("support.Referral", "person"),
    ("support.LivelihoodFacts", "person"),
    ("rosters.ImportRow", "person"),
    ("rosters.Discrepancy", "person"),
)
# (model label, field) → why the rows stay on the merged file.
KEPT: dict[tuple[str, str], str] = {
    ("people.Person", "merged_into"): "files merged into this one earlier stay so: their "
    "pages point here, and this page points on to the survivor",
    ("dedup.MatchCandidate", "person"): "a review decision is about the files as they were",
    ("dedup.MatchCandidate", "other_person"): "a review decision is about the files as they were",
    ("dedup.PersonMerge", "survivor"): "the merge record itself",
    ("dedup.PersonMerge", "merged"): "the merge record itself",
}
QUERY_CHUNK = 400


class DedupRefused(Exception):
    """A refusal of the review queue or of a merge, with its Chinese message (defined here,
    at the bottom of the app, so merging raises what the actions and views catch)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def person_foreign_keys() -> set[tuple[str, str]]:
    """Every (model label, field) pointing at ``Person``, hidden reverse relations included."""
    keys = set()
    for relation in Person._meta.get_fields(include_hidden=True):
        if isinstance(relation, ForeignObjectRel):
            model: Any = relation.related_model
            keys.add((model._meta.label, relation.field.name))
    return keys


def _conflicts(survivor: Person, merged: Person) -> list[str]:
    """What one person cannot hold twice: an open enrollment per program (一人一项目只登记
    一次) and an open support need per pathway."""
    from tongxin.programs.models import Enrollment
    from tongxin.programs.registry import get_spec
    from tongxin.support.models import OPEN_NEED_STATUSES, Pathway, SupportNeed

    messages = []
    programs = (
        Enrollment.objects.filter(person__in=[survivor, merged], ended_on__isnull=True)
        .values("program")
        .annotate(people=Count("person", distinct=True))
        .filter(people__gt=1)
    )
    for row in programs:
        messages.append(
            _(
                "两份档案都有未结束的%(program)s登记,一人一项目只能登记一次。"
                "请先在案件页结束重复的那一项登记(如多余的待衔接登记),再合并档案。"
            )
            % {"program": get_spec(row["program"]).label}
        )
    needs = (
        SupportNeed.objects.filter(person__in=[survivor, merged], status__in=OPEN_NEED_STATUSES)
        .values("pathway")
        .annotate(people=Count("person", distinct=True))
        .filter(people__gt=1)
    )
    for row in needs:
        messages.append(
            _("两份档案都有未结束的“%(pathway)s”帮扶需求。请先结束其中一项,再合并档案。")
            % {"pathway": Pathway(row["pathway"]).label}
        )
    return messages


def _move(label: str, field: str, ids: Sequence[int], to: Person) -> None:
    model: Any = apps.get_model(label)
    for chunk in chunked(list(ids), QUERY_CHUNK):
        model.objects.filter(pk__in=chunk).update(**{f"{field}_id": to.pk})


def _audit(
    actor: Actor, action: str, merge: PersonMerge, reason: str, moved: dict[str, int]
) -> None:
    """One audit row on each file, so both files' histories show the merge."""
    for subject, other, role in (
        (merge.survivor, merge.merged, "survivor"),
        (merge.merged, merge.survivor, "merged"),
    ):
        record_change(
            actor=actor,
            action=action,
            object_type="person",
            object_ids=[subject.uuid],
            details={
                "merge": str(merge.uuid),
                "role": role,
                "other": str(other.uuid),
                "moved": moved,
                "reason": reason,
            },
            agency_name=subject.owner_agency.name,
        )


def merge_people(
    actor: Actor,
    survivor: Person,
    merged: Person,
    reason: str,
    candidate: MatchCandidate | None = None,
) -> PersonMerge:
    """Merge ``merged`` into ``survivor`` in the caller's transaction (see the module)."""
    survivor = (
        Person.objects.select_for_update(of=("self",))
        .select_related("owner_agency")
        .get(pk=survivor.pk)
    )
    merged = (
        Person.objects.select_for_update(of=("self",))
        .select_related("owner_agency")
        .get(pk=merged.pk)
    )
    if survivor.pk == merged.pk:
        raise DedupRefused(_("不能把档案与自身合并。"))
    if survivor.merged_into_id is not None or merged.merged_into_id is not None:
        raise DedupRefused(_("其中一份档案已合并到另一份档案,不能再合并。"))
    conflicts = _conflicts(survivor, merged)
    if conflicts:
        raise DedupRefused("".join(conflicts))
    moved: dict[str, list[int]] = {}
    for label, field in MOVED:
        model: Any = apps.get_model(label)
        ids = sorted(
            model.objects.filter(**{f"{field}_id": merged.pk}).values_list("pk", flat=True)
        )
        _move(label, field, ids, survivor)
        moved[f"{label}.{field}"] = ids
    Person.objects.filter(pk=merged.pk).update(
        merged_into=survivor, version=F("version") + 1, updated_at=timezone.now()
    )
    merge = PersonMerge.objects.create(
        survivor=survivor,
        merged=merged,
        candidate=candidate,
        moved=moved,
        merged_by=actor.user,
        merged_at=timezone.now(),
        reason_text=reason,
    )
    _audit(actor, "person.merge", merge, reason, {key: len(ids) for key, ids in moved.items()})
    return merge


def unmerge_people(actor: Actor, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo ``merge`` in the caller's transaction: the recorded rows still on the survivor
    go back, the merged file returns to the lists; the pair is remembered as not the same."""
    merge = PersonMerge.objects.select_for_update(of=("self",)).get(pk=merge.pk)
    if merge.unmerged_at is not None:
        raise DedupRefused(_("此次合并已撤销。"))
    survivor = Person.objects.select_related("owner_agency").get(pk=merge.survivor_id)
    merged = Person.objects.select_related("owner_agency").get(pk=merge.merged_id)
    if survivor.merged_into_id is not None:
        raise DedupRefused(
            _("保留的档案此后又合并到了另一份档案。请先撤销那一次合并,再撤销这一次。")
        )
    moved_back: dict[str, int] = {}
    recorded: dict[str, list[int]] = merge.moved
    for key, ids in recorded.items():
        label, field = key.rsplit(".", 1)
        model: Any = apps.get_model(label)
        still_there = [
            pk
            for chunk in chunked(ids, QUERY_CHUNK)
            for pk in model.objects.filter(
                pk__in=chunk, **{f"{field}_id": survivor.pk}
            ).values_list("pk", flat=True)
        ]
        _move(label, field, still_there, merged)
        moved_back[key] = len(still_there)
    Person.objects.filter(pk=merged.pk).update(
        merged_into=None, version=F("version") + 1, updated_at=timezone.now()
    )
    now = timezone.now()
    merge.unmerged_by, merge.unmerged_at, merge.unmerge_reason_text = actor.user, now, reason
    merge.save(update_fields=["unmerged_by", "unmerged_at", "unmerge_reason_text"])
    merge.survivor, merge.merged = survivor, merged
    low, high = sorted([survivor, merged], key=lambda person: person.pk)
    MatchCandidate.objects.create(
        kind="people",
        person=low,
        other_person=high,
        score=merge.candidate.score if merge.candidate else 0.0,
        method=merge.candidate.method if merge.candidate else "",
        evidence=merge.candidate.evidence if merge.candidate else {},
        status="not_same",
        decided_by=actor.user,
        decided_at=now,
        reason_text=reason,
    )
    _audit(actor, "person.unmerge", merge, reason, moved_back)
    return merge
