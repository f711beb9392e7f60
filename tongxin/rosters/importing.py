"""The roster import pipeline: check → read → clean → match → (preview) → commit.

Rules:

- Only a writing member of a 司法所 or 司法局 imports; people and enrollments the import
  creates belong to that agency, and new people are registered in its jurisdiction.
- A file with any bad row is rejected as a whole: only the batch and its row report are
  written, so the officer fixes the rows and uploads again.
- A good file is committed in ONE transaction: new people, the enrollments the roster
  opens (release notice → 安置帮教 pending handover; corrections intake → 社区矫正 pending
  report), the row report and one audit row naming what was created.
- Importing the same file again (same kind, agency and SHA-256) creates nothing and says
  when it was imported; the same person and event in another file (natural key: ID number
  + release or judgment date) is "unchanged".
- An ID number registered outside the importer's scope is reported as existing elsewhere,
  and nothing about that file is told.
- Rows are linked to the registry with ``linkage.link_roster`` (scored candidates: a typo'd
  ID number with the right name and birth date still matches). A row the linkage sends to
  review is a possible duplicate: nothing is created for it, and the commit opens one
  review pair per candidate (``tongxin.dedup``), where a person decides whether it is the
  same person; decisions already taken about the same row are applied to later files.

Bulk writes (``tongxin.lib.bulk_insert``) bypass ``save()`` and the action functions, so
what they compute is computed here with the same helpers: the person form's validation
(``clean_person``), pinyin keys (``name_keys``), blind indexes (``id_number_index``,
``phone_index``), the program spec's details, status, level, planned end and deadlines.
Encrypted fields are encrypted by each field's own ``get_prep_value``.

On SQLite the commit's transaction holds the database's write lock while it runs (about
three seconds for 10,000 rows, see benchmarks/README.md); other writers wait on the busy
timeout meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid as uuid_module
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change, record_disclosure
from tongxin.dedup.models import CandidateStatus
from tongxin.dedup.remembered import decisions_about, open_import_candidates, subject_key
from tongxin.lib.bulk_insert import BulkInsert
from tongxin.lib.chunks import chunked
from tongxin.lib.field_crypto import blind_index
from tongxin.lib.name_keys import name_keys
from tongxin.organisation.models import Agency, AgencyKind, Region
from tongxin.people.actions import id_number_index, phone_index
from tongxin.people.models import Education, Person
from tongxin.programs.models import (
    Contact,
    ContactStatus,
    Deadline,
    DeadlineStatus,
    Enrollment,
    LevelChange,
)
from tongxin.rosters.cleaning import DATE_FIELDS, CleanRow, FieldError, clean_rows
from tongxin.rosters.files import UploadRefused, check_upload
from tongxin.rosters.linkage import (
    Candidate,
    RosterPerson,
    RowMatch,
    decide,
    link_roster,
)
from tongxin.rosters.linkage import (
    Outcome as LinkOutcome,
)
from tongxin.rosters.mapping import (
    EVENT_FIELDS,
    PROGRAM_OF_KIND,
    event_date,
    map_details,
    map_person,
    started_on,
)
from tongxin.rosters.models import BatchStatus, ImportBatch, ImportRow, Outcome
from tongxin.rosters.progress import Progress
from tongxin.rosters.reading import FIELD_LABELS, RosterKind, RosterUnreadable, read_roster

logger = logging.getLogger(__name__)

IMPORTING_KINDS = frozenset({AgencyKind.JUSTICE_OFFICE, AgencyKind.JUSTICE_BUREAU})
# Rows written per step of a commit: the unit of progress.
COMMIT_CHUNK = 2_000
NATURAL_KEY_PURPOSE = "roster.natural_key"
ERROR, NOTE = "error", "note"


class ImportRefused(Exception):
    """The user may not import (for this agency); nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AlreadyImported(Exception):
    """This file was committed before for the same kind and agency; nothing was written."""

    def __init__(self, previous: ImportBatch) -> None:
        when = timezone.localtime(previous.committed_at or previous.created_at)
        self.previous = previous
        self.message = _("此文件已于 %(when)s 导入(批次 %(batch)s),本次未导入任何内容。") % {
            "when": when.strftime("%Y-%m-%d %H:%M"),
            "batch": previous.uuid,
        }
        super().__init__(self.message)


# Where a reason comes from: the cell's cleaning, the check against the registry's rules,
# or the match against the registry (redone at commit, as the registry may have changed).
CLEAN, CHECK, MATCH = "clean", "check", "match"


@dataclass(frozen=True)
class Reason:
    field: str  # a roster field name, or "" for the row as a whole
    message: str
    severity: str = ERROR  # "error" rejects the row; "note" is for the officer to check
    stage: str = CHECK

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "severity": self.severity}

    def stored(self) -> dict[str, str]:
        return {**self.as_dict(), "stage": self.stage}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else ""


@dataclass
class RowPlan:
    """One spreadsheet row on its way through the pipeline."""

    row_number: int
    values: dict[str, Any]  # the cleaned roster values
    errors: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    # About the file a new person would get (a phone left out): moot once matched.
    person_notes: list[Reason] = field(default_factory=list)
    match_notes: list[Reason] = field(default_factory=list)
    person_values: dict[str, Any] | None = None  # as ``clean_person`` returns them
    details: dict[str, Any] | None = None  # program details, cleaned by the spec
    natural_key: str = ""
    outcome: str = ""
    person_id: int | None = None
    person_uuid: uuid_module.UUID | None = None
    candidates: list[str] = field(default_factory=list)
    # A possible duplicate's candidates as the linkage scored them (ImportRow.scored_candidates).
    scored: list[dict[str, Any]] = field(default_factory=list)
    enrollment_id: int | None = None
    enrollment_uuid: uuid_module.UUID | None = None
    opens_enrollment: bool = False
    subject_key: str = ""  # who the row is, for remembered review decisions

    @property
    def reasons(self) -> list[Reason]:
        creates = self.outcome in (Outcome.CREATED, Outcome.VALID, Outcome.REJECTED, "")
        return self.errors + self.notes + (self.person_notes if creates else []) + self.match_notes


@dataclass
class ImportResult:
    batch: ImportBatch  # unsaved after a dry run
    rows: list[RowPlan]
    dry_run: bool = False
    # About the file rather than a row: columns not imported, footer rows skipped.
    file_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportingScope:
    agency: Agency
    region: Region  # where new people are registered: the membership's jurisdiction
    jurisdiction_path: str


# -- who imports ------------------------------------------------------------------------------


def importing_scope(user: Any, agency: Agency | None = None) -> ImportingScope:
    """The agency ``user`` imports for, and the jurisdiction new people are registered in.

    Refuses users without a writing membership (of ``agency`` when given), agencies that are
    not a 司法所 or 司法局, and users of several such agencies who did not say which.
    """
    writing = [scope for scope in policy.scopes_of(user) if scope.can_write]
    if not writing:
        raise ImportRefused(_("您没有任何机构的写入权限,不能导入名单。"))
    if agency is not None:
        writing = [scope for scope in writing if scope.agency_id == agency.pk]
        if not writing:
            raise ImportRefused(
                _("您不是%(agency)s有写入权限的工作人员,不能以该机构的名义导入名单。")
                % {"agency": agency.name}
            )
    justice = [scope for scope in writing if scope.agency_kind in IMPORTING_KINDS]
    if not justice:
        raise ImportRefused(
            _("名单只能由司法所或司法局导入,%(agencies)s不能导入名单。")
            % {"agencies": "、".join(sorted({scope.agency_name for scope in writing}))}
        )
    agencies = sorted({scope.agency_name for scope in justice})
    if len(agencies) > 1:
        raise ImportRefused(
            _("您在多个机构任职(%(agencies)s),请指定以哪个机构的名义导入。")
            % {"agencies": "、".join(agencies)}
        )
    scope = max(justice, key=lambda scope: len(scope.jurisdiction_path))
    return ImportingScope(
        agency=Agency.objects.get(pk=scope.agency_id),
        region=Region.objects.get(pk=scope.jurisdiction_id),
        jurisdiction_path=scope.jurisdiction_path,
    )


def previous_commit(kind: str, agency: Agency, sha256: str) -> ImportBatch | None:
    return ImportBatch.objects.filter(
        kind=kind, agency=agency, sha256=sha256, status=BatchStatus.COMMITTED
    ).first()


# -- validation -------------------------------------------------------------------------------


def natural_key(kind: RosterKind, values: dict[str, Any], details: dict[str, Any] | None) -> str:
    parts = [str(kind), str(values.get("id_number") or "")]
    if details is not None and kind in EVENT_FIELDS:
        parts.append(event_date(kind, details))
    return blind_index("\x00".join(parts), purpose=NATURAL_KEY_PURPOSE)


def _plan_row(clean: CleanRow, kind: RosterKind, region: Region, today: dt.date) -> RowPlan:
    plan = RowPlan(
        row_number=clean.row_number,
        values=dict(clean.values),
        errors=[Reason(e.field, e.message, ERROR, CLEAN) for e in clean.errors],
        notes=[Reason(w.field, w.message, NOTE, CLEAN) for w in clean.warnings],
    )
    if plan.errors:
        return plan
    person = map_person(plan.values, region=region, today=today)
    plan.errors += [Reason(p.field, p.message) for p in person.errors]
    plan.person_notes = [Reason(p.field, p.message, NOTE) for p in person.notes]
    details, detail_errors, detail_notes = map_details(kind, plan.values)
    plan.errors += [Reason(p.field, p.message) for p in detail_errors]
    plan.notes += [Reason(p.field, p.message, NOTE) for p in detail_notes]
    if not plan.errors:
        plan.person_values, plan.details = person.values, details
        plan.natural_key = natural_key(kind, plan.values, details)
    return plan


def _reject_repeated_people(plans: Sequence[RowPlan]) -> None:
    """A person appears once per file: a second row with the same ID number is an error."""
    first_row: dict[str, int] = {}
    for plan in plans:
        number = plan.values.get("id_number")
        if not number or plan.errors:
            continue
        if number in first_row:
            plan.errors.append(
                Reason(
                    "id_number",
                    _(
                        "与第 %(row)d 行的身份证号相同:同一人在一个名单中只能出现一次,请合并或删除重复行。"
                    )
                    % {"row": first_row[number]},
                )
            )
        else:
            first_row[number] = plan.row_number


def validate_rows(cleaned: Sequence[CleanRow], kind: RosterKind, region: Region) -> list[RowPlan]:
    today = timezone.localdate()
    plans = [_plan_row(clean, kind, region, today) for clean in cleaned]
    _reject_repeated_people(plans)
    return plans


def _finish_rejected(batch: ImportBatch, plans: Sequence[RowPlan]) -> None:
    bad = 0
    for plan in plans:
        plan.outcome = Outcome.REJECTED if plan.errors else Outcome.VALID
        bad += bool(plan.errors)
    batch.status = BatchStatus.REJECTED
    batch.error_message = _("%(bad)d 行有误,整个文件未导入。请按行号改正后重新上传。") % {
        "bad": bad
    }


# -- matching against the registry -------------------------------------------------------------


def _attribute_notes(plan: RowPlan, person: Person) -> list[Reason]:
    """Where the roster and the file disagree. The file is not changed: an officer checks."""
    values = plan.person_values or {}
    notes: list[Reason] = []
    if values.get("name") and values["name"] != person.name:
        notes.append(
            Reason(
                "name",
                _("名单中的姓名“%(given)s”与档案中的“%(registered)s”不一致,档案未改动,请核对。")
                % {"given": values["name"], "registered": person.name},
                NOTE,
                MATCH,
            )
        )
    if values.get("sex") and values["sex"] != person.sex:
        notes.append(Reason("sex", _("名单中的性别与档案不一致,档案未改动,请核对。"), NOTE, MATCH))
    if values.get("birth_date") and values["birth_date"] != person.birth_date:
        notes.append(
            Reason(
                "birth_date",
                _("名单中的出生日期 %(given)s 与档案中的 %(registered)s 不一致,档案未改动,请核对。")
                % {
                    "given": values["birth_date"].isoformat(),
                    "registered": person.birth_date.isoformat(),
                },
                NOTE,
                MATCH,
            )
        )
    phone = values.get("phone")
    if phone and person.phone_index and phone_index(phone) != person.phone_index:
        notes.append(
            Reason("phone", _("名单中的联系电话与档案中的不一致,档案未改动,请核对。"), NOTE, MATCH)
        )
    return notes


def _existing_enrollments(
    kind: RosterKind, person_ids: Sequence[int]
) -> dict[int, list[Enrollment]]:
    spec = PROGRAM_OF_KIND[kind]
    found: dict[int, list[Enrollment]] = defaultdict(list)
    for chunk in chunked(sorted(set(person_ids)), 500):
        for enrollment in Enrollment.objects.filter(
            person_id__in=chunk, program=spec.storage_code
        ).only("id", "uuid", "person_id", "ended_on", "details_text"):
            found[enrollment.person_id].append(enrollment)
    return found


def _earlier_imports(keys: Sequence[str], batch: ImportBatch) -> dict[str, ImportBatch]:
    """The committed batch that first imported each natural key."""
    earlier: dict[str, ImportBatch] = {}
    for chunk in chunked(sorted(set(keys)), 500):
        rows = (
            ImportRow.objects.filter(
                natural_key_index__in=chunk, batch__status=BatchStatus.COMMITTED
            )
            .exclude(batch_id=batch.pk)
            .select_related("batch")
            .order_by("batch__committed_at", "id")
        )
        for row in rows:
            earlier.setdefault(row.natural_key_index, row.batch)
    return earlier


def _event_label(kind: RosterKind) -> str:
    return _("释放日期") if kind == RosterKind.RELEASE_NOTICE else _("判决生效日期")


def _program_label(kind: RosterKind) -> str:
    return str(PROGRAM_OF_KIND[kind].label)


def _decide_enrollment(
    plan: RowPlan,
    kind: RosterKind,
    existing: list[Enrollment],
    earlier: dict[str, ImportBatch],
) -> None:
    """Open an enrollment for a matched person, unless the same event is already enrolled
    (unchanged) or another enrollment of the program is still open (a note to check)."""
    assert plan.details is not None
    event = event_date(kind, plan.details)
    detail_field = "released_on" if kind == RosterKind.RELEASE_NOTICE else "judgment_effective_on"
    same = [e for e in existing if e.details.get(detail_field) == event]
    if same:
        plan.outcome = Outcome.UNCHANGED
        plan.enrollment_id, plan.enrollment_uuid = same[0].pk, same[0].uuid
        message = _("已有%(event)s为 %(date)s 的%(program)s登记,未重复登记。") % {
            "event": _event_label(kind),
            "date": event,
            "program": _program_label(kind),
        }
        previous = earlier.get(plan.natural_key)
        if previous is not None and previous.committed_at is not None:
            message += _("该行已于 %(when)s 由批次 %(batch)s 导入。") % {
                "when": timezone.localtime(previous.committed_at).strftime("%Y-%m-%d"),
                "batch": previous.uuid,
            }
        plan.match_notes.append(Reason(EVENT_FIELDS[kind], message, NOTE, MATCH))
        return
    open_ones = [e for e in existing if e.ended_on is None]
    if open_ones:
        plan.match_notes.append(
            Reason(
                EVENT_FIELDS[kind],
                _(
                    "此人已有未结束的%(program)s登记(%(event)s %(date)s),一人一项目只登记一次,"
                    "本行未新建登记,请核对。"
                )
                % {
                    "program": _program_label(kind),
                    "event": _event_label(kind),
                    "date": open_ones[0].details.get(detail_field, ""),
                },
                NOTE,
                MATCH,
            )
        )
        return
    plan.opens_enrollment = True


# The person columns the outcomes and the attribute notes read.
MATCH_FIELDS = (
    "id",
    "uuid",
    "name",
    "sex",
    "birth_date",
    "id_number_index",
    "phone_index",
    "residence_region",
)


def _roster_person(plan: RowPlan) -> RosterPerson:
    values = plan.values
    birth = values.get("birth_date")
    return RosterPerson(
        row=plan.row_number,
        name=str(values.get("name") or ""),
        id_number=str(values["id_number"]) if values.get("id_number") else None,
        birth_date=birth if isinstance(birth, dt.date) else None,
        sex=str(values["sex"]) if values.get("sex") else None,
        region=" ".join(
            str(values.get(name) or "") for name in ("residence_address", "household_address")
        ).strip(),
    )


def _scored(candidate: Candidate, person: Person) -> dict[str, Any]:
    evidence = candidate.evidence
    return {
        "person": str(person.uuid),
        "person_id": person.pk,
        "score": candidate.score,
        "method": str(candidate.method),
        "evidence": {
            "name": str(evidence.name),
            "birth": str(evidence.birth),
            "id": str(evidence.id),
            "sex": str(evidence.sex),
            "place": evidence.place,
        },
    }


def _remembered(
    match: RowMatch, decided: dict[int, str], visible: dict[int, Person]
) -> tuple[str, int | None, list[Candidate]]:
    """The row's outcome after the decisions already taken about it: a candidate decided
    "the same" is the match; candidates decided "not the same" are not proposed again."""
    same = [
        pk for pk, status in decided.items() if status == CandidateStatus.SAME and pk in visible
    ]
    if same:
        return LinkOutcome.MATCHED, same[-1], []
    candidates = [
        c for c in match.candidates if decided.get(c.person_id) != CandidateStatus.NOT_SAME
    ]
    if len(candidates) == len(match.candidates):
        return match.outcome, match.person_id, candidates
    outcome = decide(candidates)
    return outcome, candidates[0].person_id if candidates else None, candidates


def _registered_elsewhere(indexes: Sequence[str], registry: Any) -> tuple[set[str], dict[str, int]]:
    """Which ID numbers the whole registry holds outside ``registry`` (only the fact may be
    told), and those held by a file merged into one ``registry`` holds: index → survivor.
    Numbers held inside ``registry`` are neither: the linkage has seen those files."""
    merged_into: dict[int, int | None] = {}
    owner: dict[str, int] = {}
    for chunk in chunked(sorted(set(indexes)), 500):
        for pk, index, into in Person.objects.filter(id_number_index__in=chunk).values_list(
            "pk", "id_number_index", "merged_into_id"
        ):
            if index is not None:
                owner[index] = pk
                merged_into[pk] = into
    # Follow merges to the file that now stands for the person (a merged file can itself
    # have been merged again).
    pending = {into for into in merged_into.values() if into is not None} - set(merged_into)
    while pending:
        for pk, into in Person.objects.filter(pk__in=pending).values_list("pk", "merged_into_id"):
            merged_into[pk] = into
        pending = {into for into in merged_into.values() if into is not None} - set(merged_into)

    def current(pk: int) -> int:
        into = merged_into.get(pk)
        return pk if into is None else current(into)

    standing = {index: current(pk) for index, pk in owner.items()}
    visible = set(
        registry.filter(pk__in=set(standing.values()) | set(owner.values())).values_list(
            "pk", flat=True
        )
    )
    elsewhere: set[str] = set()
    survivors: dict[str, int] = {}
    for index, pk in owner.items():
        if pk in visible:
            continue
        if standing[index] != pk and standing[index] in visible:
            survivors[index] = standing[index]
        else:
            elsewhere.add(index)
    return elsewhere, survivors


def _possible_duplicate_note(best: float) -> Reason:
    return Reason(
        "name",
        _(
            "登记中已有相似的人员(最高相似度 %(score)s 分),可能是同一人,本行未导入;"
            "导入后请在“疑似重复核对”中确认是否同一人。"
        )
        % {"score": f"{best:g}"},
        NOTE,
        MATCH,
    )


def plan_rows(
    actor: Actor,
    plans: Sequence[RowPlan],
    kind: RosterKind,
    target: ImportingScope,
    batch: ImportBatch,
) -> list[str]:
    """Decide each valid row's outcome against the registry as it is now; return the
    public ids of the registered people the outcomes disclose (matched and candidates),
    for ``record_match_disclosure``.

    Steps: link the rows to the people the importer may see (``linkage.link_roster``:
    scored candidates, matched at ≥ 90 with a clear lead, review at ≥ 70); apply the
    decisions already taken about the same row in earlier reviews (a person decided "the
    same" is the match, one decided "not the same" is not proposed again); for rows not
    matched, ask the whole registry whether the ID number exists (exists elsewhere: nothing
    more is told; a number of a file merged into one in scope matches the survivor); rows
    left for review are possible duplicates with their scored candidates; new people are
    created, or for police rosters reported as not in the registry; for matched people
    note where the roster disagrees with the file and decide whether the roster opens an
    enrollment.
    """
    registry = policy.people_visible_to(actor.user)
    links = list(link_roster([_roster_person(plan) for plan in plans], registry=registry))
    for plan in plans:
        plan.subject_key = subject_key(plan.values)
    decided = decisions_about(plan.subject_key for plan in plans)
    remembered_ids = {pk for decisions in decided.values() for pk in decisions}
    wanted = {c.person_id for link in links for c in link.candidates} | remembered_ids
    people: dict[int, Person] = {}
    for chunk in chunked(sorted(wanted), 400):
        people.update((p.pk, p) for p in registry.filter(pk__in=chunk).only(*MATCH_FIELDS))
    outcomes = [
        _remembered(link, decided.get(plan.subject_key, {}), people)
        for plan, link in zip(plans, links, strict=True)
    ]
    unmatched = [
        id_number_index(str(plan.values["id_number"])) or ""
        for plan, (outcome, _pk, _c) in zip(plans, outcomes, strict=True)
        if outcome != LinkOutcome.MATCHED and plan.values.get("id_number")
    ]
    elsewhere, survivors = _registered_elsewhere([i for i in unmatched if i], registry)
    for pk in set(survivors.values()) - set(people):
        people[pk] = registry.only(*MATCH_FIELDS).get(pk=pk)
    matched_ids = {pk for outcome, pk, _c in outcomes if outcome == LinkOutcome.MATCHED and pk}
    matched_ids |= set(survivors.values())
    region_paths = dict(
        Region.objects.filter(
            pk__in={people[pk].residence_region_id for pk in matched_ids}
        ).values_list("pk", "path")
    )
    creates_work = kind in PROGRAM_OF_KIND
    existing = _existing_enrollments(kind, list(matched_ids)) if creates_work else {}
    disclosed: list[uuid_module.UUID] = []
    decided_plans: list[RowPlan] = []
    for plan, (outcome, person_id, candidates) in zip(plans, outcomes, strict=True):
        plan.opens_enrollment = False
        plan.candidates, plan.scored, plan.match_notes = [], [], []
        plan.enrollment_id = plan.enrollment_uuid = None
        number = plan.values.get("id_number")
        index = id_number_index(str(number)) if number else None
        if outcome != LinkOutcome.MATCHED and index is not None and index in survivors:
            outcome, person_id = LinkOutcome.MATCHED, survivors[index]
        if outcome == LinkOutcome.MATCHED and person_id is not None:
            person = people[person_id]
            plan.outcome = Outcome.MATCHED
            plan.person_id, plan.person_uuid = person.pk, person.uuid
            disclosed.append(person.uuid)
            plan.match_notes += _attribute_notes(plan, person)
            if not creates_work:
                continue
            if not region_paths.get(person.residence_region_id, "").startswith(
                target.jurisdiction_path
            ):
                plan.match_notes.append(
                    Reason(
                        "residence_address",
                        _("此人居住地不在%(agency)s辖区内,本行未新建登记;请联系其居住地的司法所。")
                        % {"agency": target.agency.name},
                        NOTE,
                        MATCH,
                    )
                )
                continue
            decided_plans.append(plan)
        elif index is not None and index in elsewhere:
            plan.outcome = Outcome.EXISTS_ELSEWHERE
            plan.person_id = plan.person_uuid = None
            plan.match_notes.append(
                Reason(
                    "id_number",
                    _(
                        "此身份证号码已在其他机构建档,本行未导入。"
                        "如需在本机构登记,请联系建档机构或县司法局。"
                    ),
                    NOTE,
                    MATCH,
                )
            )
        elif outcome == LinkOutcome.REVIEW and candidates:
            listed = [(c, people[c.person_id]) for c in candidates if c.person_id in people]
            plan.outcome = Outcome.POSSIBLE_DUPLICATE
            plan.person_id, plan.person_uuid = listed[0][1].pk, listed[0][1].uuid
            plan.candidates = [str(person.uuid) for _c, person in listed]
            plan.scored = [_scored(c, person) for c, person in listed]
            disclosed += [person.uuid for _c, person in listed]
            plan.match_notes.append(_possible_duplicate_note(listed[0][0].score))
        elif creates_work:
            plan.outcome = Outcome.CREATED
            plan.person_id = plan.person_uuid = None
            plan.opens_enrollment = True
        else:
            plan.outcome = Outcome.NOT_IN_REGISTRY
            plan.person_id = plan.person_uuid = None
    if decided_plans:
        earlier = _earlier_imports([p.natural_key for p in decided_plans], batch)
        for plan in decided_plans:
            assert plan.person_id is not None
            _decide_enrollment(plan, kind, existing.get(plan.person_id, []), earlier)
    return sorted({str(person) for person in disclosed})


def record_match_disclosure(
    actor: Actor, disclosed: Sequence[str], target: ImportingScope, batch: ImportBatch
) -> None:
    """One access-audit row naming the registered people an import's outcomes disclose."""
    if disclosed:
        record_disclosure(
            actor=actor,
            action="roster.match",
            object_type="person",
            object_ids=disclosed,
            details={"batch": str(batch.uuid), "kind": batch.kind},
            agency_name=target.agency.name,
        )


# -- preparing ---------------------------------------------------------------------------------


def _new_batch(
    actor: Actor, content: bytes, file_name: str, kind: RosterKind, target: ImportingScope
) -> ImportBatch:
    return ImportBatch(
        kind=str(kind),
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        agency=target.agency,
        uploaded_by=actor.user,
        channel=actor.channel,
        status=BatchStatus.CHECKING,
    )


def _file_notes(table: Any) -> list[str]:
    notes = []
    if table.unknown_columns:
        notes.append(
            _("以下列不在此类名单的字段中,未导入:%(columns)s。")
            % {"columns": "、".join(f"“{c.header}”({c.letter} 列)" for c in table.unknown_columns)}
        )
    if table.footer_rows:
        notes.append(
            _("第 %(rows)s 行是合计或签名等表尾,已跳过。")
            % {"rows": "、".join(str(n) for n in table.footer_rows)}
        )
    return notes


def _count(batch: ImportBatch, plans: Sequence[RowPlan]) -> None:
    batch.set_counts(dict(Counter(plan.outcome for plan in plans)))
    batch.progress_total = batch.progress_done = len(plans)


def prepare_import(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    kind: RosterKind,
    agency: Agency | None = None,
    persist: bool = True,
) -> ImportResult:
    """Check, read, clean and match a file; nothing is committed.

    Raises ``ImportRefused`` (who may import) and ``AlreadyImported`` before reading. A file
    that cannot be read, has no data rows or has a bad row ends as a rejected batch; a good
    one as a preview whose outcomes say what a commit would do. With ``persist`` the batch
    and its row report are saved (a preview can then be committed by ``request_commit``);
    without, nothing is saved but the access-audit row of the match (a dry run).
    """
    result, _target = _prepare(actor, content, file_name, kind, agency, match=True)
    result.dry_run = not persist
    if persist:
        _save_batch(result)
    return result


def _prepare(
    actor: Actor,
    content: bytes,
    file_name: str,
    kind: RosterKind,
    agency: Agency | None,
    *,
    match: bool,
) -> tuple[ImportResult, ImportingScope]:
    target = importing_scope(actor.user, agency)
    batch = _new_batch(actor, content, file_name, kind, target)
    previous = previous_commit(batch.kind, target.agency, batch.sha256)
    if previous is not None:
        raise AlreadyImported(previous)
    result = ImportResult(batch=batch, rows=[])
    try:
        table = read_roster(check_upload(content), kind=kind)
    except (UploadRefused, RosterUnreadable) as exc:
        batch.status, batch.error_message = BatchStatus.REJECTED, exc.message
    else:
        result.file_notes = _file_notes(table)
        result.rows = validate_rows(clean_rows(table.rows, kind=kind), kind, target.region)
        if not result.rows:
            batch.status = BatchStatus.REJECTED
            batch.error_message = _("文件中没有数据行:表头下面是空的。请填写名单后重新上传。")
        elif any(plan.errors for plan in result.rows):
            _finish_rejected(batch, result.rows)
        else:
            batch.status = BatchStatus.PREVIEW
            if match:
                disclosed = plan_rows(actor, result.rows, kind, target, batch)
                record_match_disclosure(actor, disclosed, target, batch)
    _count(batch, result.rows)
    return result, target


def _save_batch(result: ImportResult) -> None:
    with transaction.atomic():
        result.batch.save()
        _insert_rows(result.batch, result.rows)


# -- committing --------------------------------------------------------------------------------


def _json(value: Any) -> str:
    # As ``json_view`` writes it.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


_ROW_COLUMNS = (
    "batch",
    "row_number",
    "outcome",
    "person",
    "enrollment",
    "candidates",
    "scored_candidates",
    "values_text",
    "reasons_text",
    "natural_key_index",
)
_PERSON_COLUMNS = (
    "uuid",
    "name",
    "former_name",
    "name_pinyin",
    "name_initials",
    "name_pinyin_variants",
    "sex",
    "birth_date",
    "id_number",
    "id_number_index",
    "phone",
    "phone_index",
    "ethnicity",
    "education",
    "occupation",
    "household_region",
    "household_address",
    "residence_region",
    "residence_address",
    "family_contacts",
    "is_sealed_minor",
    "is_restricted",
    "owner_agency",
    "owner_sector",
    "version",
    "created_by",
    "merged_into",
)
_ENROLLMENT_COLUMNS = (
    "uuid",
    "person",
    "program",
    "status",
    "level",
    "risk_level",
    "category",
    "owner_agency",
    "responsible_worker",
    "started_on",
    "planned_end_on",
    "ended_on",
    "end_reason",
    "details_text",
    "next_contact_due_on",
    "lost_contact_since",
    "source_enrollment",
    "version",
)
_LEVEL_COLUMNS = (
    "enrollment",
    "from_level",
    "to_level",
    "risk_level",
    "effective_on",
    "reason",
    "changed_by",
)
_DEADLINE_COLUMNS = ("uuid", "enrollment", "code", "due_on", "citation", "status", "met_on")
_CONTACT_COLUMNS = (
    "uuid",
    "enrollment",
    "kind",
    "status",
    "due_on",
    "window_ends_on",
    "done_on",
    "outcome",
    "recorded_by",
)


def _stored_candidate(candidate: dict[str, Any]) -> dict[str, Any]:
    """A scored candidate as the row report keeps it: named by its public id only."""
    return {name: value for name, value in candidate.items() if name != "person_id"}


def _open_review(batch: ImportBatch, plans: Sequence[RowPlan]) -> int:
    """Open a review pair for each candidate of each possible duplicate (tongxin.dedup)."""
    held = [plan for plan in plans if plan.outcome == Outcome.POSSIBLE_DUPLICATE]
    if not held:
        return 0
    row_ids = dict(
        ImportRow.objects.filter(batch=batch, outcome=Outcome.POSSIBLE_DUPLICATE).values_list(
            "row_number", "id"
        )
    )
    return open_import_candidates(
        [(row_ids[plan.row_number], plan.subject_key, plan.scored) for plan in held]
    )


def _insert_rows(batch: ImportBatch, plans: Sequence[RowPlan]) -> None:
    BulkInsert(ImportRow, _ROW_COLUMNS).insert(
        [
            (
                batch.pk,
                plan.row_number,
                plan.outcome,
                plan.person_id,
                plan.enrollment_id,
                plan.candidates,
                [_stored_candidate(candidate) for candidate in plan.scored],
                _json(plan.values),
                _json([reason.stored() for reason in plan.reasons]) if plan.reasons else None,
                plan.natural_key,
            )
            for plan in plans
        ]
    )


class _Writer:
    """Writes a committed batch chunk by chunk, inside the caller's transaction."""

    def __init__(self, actor: Actor, batch: ImportBatch, target: ImportingScope) -> None:
        self.actor = actor
        self.batch = batch
        self.target = target
        self.kind = RosterKind(batch.kind)
        self.spec = PROGRAM_OF_KIND.get(self.kind)
        self.people: list[str] = []
        self.enrollments: list[str] = []
        self.user_id = actor.user.pk if actor.user is not None else None
        self.level_reason = _("登记时确定")
        self.person_rows = BulkInsert(Person, _PERSON_COLUMNS)
        self.enrollment_rows = BulkInsert(Enrollment, _ENROLLMENT_COLUMNS)
        self.level_rows = BulkInsert(LevelChange, _LEVEL_COLUMNS)
        self.deadline_rows = BulkInsert(Deadline, _DEADLINE_COLUMNS)
        self.contact_rows = BulkInsert(Contact, _CONTACT_COLUMNS)

    def write(self, plans: Sequence[RowPlan]) -> None:
        self._people([plan for plan in plans if plan.outcome == Outcome.CREATED])
        self._enrollments([plan for plan in plans if plan.opens_enrollment])
        _insert_rows(self.batch, plans)

    def settle(self, plan: RowPlan) -> None:
        """The file and enrollment of one reviewed row (``settle_possible_duplicate``)."""
        if plan.outcome == Outcome.CREATED:
            self._people([plan])
        if plan.opens_enrollment:
            self._enrollments([plan])

    def _person_row(self, values: dict[str, Any], public_id: uuid_module.UUID) -> tuple[Any, ...]:
        """A person's columns as ``create_person`` would save them (``_apply``'s keys)."""
        agency = self.target.agency
        keys = name_keys(values["name"])
        household = values.get("household_region")
        return (
            public_id,
            values["name"],
            values.get("former_name") or "",
            keys.full,
            keys.initials,
            keys.variants_text,
            values["sex"],
            values["birth_date"],
            values.get("id_number"),
            id_number_index(values.get("id_number")),
            values.get("phone"),
            phone_index(values.get("phone")),
            values.get("ethnicity") or "汉族",
            values.get("education") or Education.UNKNOWN,
            values.get("occupation") or "",
            household.pk if household is not None else None,
            values.get("household_address"),
            self.target.region.pk,
            values.get("residence_address"),
            values.get("family_contacts"),
            bool(values.get("is_sealed_minor")),
            bool(values.get("is_restricted")),
            agency.pk,
            agency.sector,
            1,
            self.user_id,
            None,
        )

    def _people(self, plans: Sequence[RowPlan]) -> None:
        if not plans:
            return
        public_ids = [uuid_module.uuid4() for _plan in plans]
        ids = self.person_rows.insert_returning_ids(
            [
                self._person_row(plan.person_values or {}, public_id)
                for plan, public_id in zip(plans, public_ids, strict=True)
            ]
        )
        for plan, public_id in zip(plans, public_ids, strict=True):
            plan.person_id, plan.person_uuid = ids[public_id], public_id
            self.people.append(str(public_id))

    def _enrollments(self, plans: Sequence[RowPlan]) -> None:
        """The enrollments as ``enroll_person`` makes them: the spec's status, level,
        category, planned end and deadlines; a level-history row; a first contact when the
        status schedules one (``plan_next_contact``)."""
        if not plans:
            return
        spec = self.spec
        assert spec is not None
        agency_id = self.target.agency.pk
        rows, public_ids, follow_ups = [], [], []
        for plan in plans:
            assert plan.person_id is not None  # created or matched before
            details = plan.details or {}
            start = started_on(self.kind, details)
            planned_end = spec.planned_end(start, details)
            level = spec.initial_level(details)
            status = spec.initial_status(details)
            rule = spec.levels().get(level)
            next_due: dt.date | None = None
            if status in spec.scheduling_statuses and rule is not None and rule.interval_days:
                due = start + dt.timedelta(days=rule.interval_days)
                if planned_end is None or due <= planned_end:
                    next_due = due
            public_id = uuid_module.uuid4()
            public_ids.append(public_id)
            rows.append(
                (
                    public_id,
                    plan.person_id,
                    spec.storage_code,
                    status,
                    level,
                    details.get("risk_level"),
                    spec.category(details),
                    agency_id,
                    None,
                    start,
                    planned_end,
                    None,
                    "",
                    _json(details),
                    next_due,
                    None,
                    None,
                    1,
                )
            )
            follow_ups.append(
                (
                    level,
                    start,
                    spec.deadlines_on_enroll(start, details, planned_end),
                    rule,
                    next_due,
                )
            )
        ids = self.enrollment_rows.insert_returning_ids(rows)
        levels, deadlines, contacts = [], [], []
        for plan, public_id, (level, start, drafts, rule, next_due) in zip(
            plans, public_ids, follow_ups, strict=True
        ):
            enrollment_id = ids[public_id]
            plan.enrollment_id, plan.enrollment_uuid = enrollment_id, public_id
            self.enrollments.append(str(public_id))
            details = plan.details or {}
            levels.append(
                (
                    enrollment_id,
                    "",
                    level,
                    details.get("risk_level"),
                    start,
                    self.level_reason,
                    self.user_id,
                )
            )
            deadlines += [
                (
                    uuid_module.uuid4(),
                    enrollment_id,
                    draft.code,
                    draft.due_on,
                    draft.citation,
                    DeadlineStatus.OPEN,
                    None,
                )
                for draft in drafts
            ]
            if next_due is not None and rule is not None:
                contacts.append(
                    (
                        uuid_module.uuid4(),
                        enrollment_id,
                        rule.contact_kind,
                        ContactStatus.PLANNED,
                        next_due,
                        next_due + dt.timedelta(days=rule.grace_days),
                        None,
                        None,
                        None,
                    )
                )
        self.level_rows.insert(levels)
        self.deadline_rows.insert(deadlines)
        self.contact_rows.insert(contacts)


def _audit_commit(actor: Actor, batch: ImportBatch, writer: _Writer, review_pairs: int) -> None:
    record_change(
        actor=actor,
        action="roster.import",
        object_type="import_batch",
        object_ids=[batch.uuid],
        agency_name=batch.agency.name,
        details={
            "kind": batch.kind,
            "file_name": batch.file_name,
            "sha256": batch.sha256,
            "counts": batch.counts,
            # The stored program code, as enrollment audit rows name it.
            "program": writer.spec.storage_code if writer.spec else None,
            "people_created": writer.people,
            "enrollments_created": writer.enrollments,
            # Possible-duplicate pairs opened for review (tongxin.dedup).
            "review_pairs_opened": review_pairs,
        },
    )


def _mark(batch: ImportBatch, status: str, message: str) -> None:
    """Record a refused or failed commit after its transaction rolled back."""
    batch.status, batch.error_message = status, message
    batch.committed_at = None
    if not ImportBatch.objects.filter(pk=batch.pk).exists():
        batch.pk = None
        batch._state.adding = True
        batch.progress_done = 0
    batch.save()


def commit_prepared(
    actor: Actor,
    result: ImportResult,
    target: ImportingScope,
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Commit a prepared good file in one transaction (see the module's rules).

    Steps: refuse a file committed meanwhile; re-match every row against the registry as
    it is now (someone may have registered a person since the preview); write chunk by
    chunk: new people, their and matched people's enrollments with level history, deadlines
    and first contacts, and the rows of the report; open a review pair for each candidate
    of each possible duplicate; then the batch with its counts, the
    access-audit row of the match and the one audit row of the import. Any error rolls everything back; the batch is then saved as failed.
    """
    batch, kind = result.batch, RosterKind(result.batch.kind)
    total = len(result.rows)
    try:
        with transaction.atomic():
            previous = previous_commit(batch.kind, batch.agency, batch.sha256)
            if previous is not None:
                raise AlreadyImported(previous)
            batch.status = BatchStatus.COMMITTING
            batch.committed_by = actor.user
            batch.progress_total, batch.progress_done = total, 0
            batch.save()
            disclosed = plan_rows(actor, result.rows, kind, target, batch)
            ImportRow.objects.filter(batch=batch).delete()
            writer = _Writer(actor, batch, target)
            done = 0
            for chunk in chunked(result.rows, COMMIT_CHUNK):
                writer.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            review_pairs = _open_review(batch, result.rows)
            _count(batch, result.rows)
            batch.status = BatchStatus.COMMITTED
            batch.committed_at = timezone.now()
            batch.error_message = ""
            batch.save()
            # Last, so the audit chains' heads are locked for an instant, not the whole
            # commit (every page view appends to the access chain).
            record_match_disclosure(actor, disclosed, target, batch)
            _audit_commit(actor, batch, writer, review_pairs)
    except AlreadyImported as exc:
        if batch.pk is not None and ImportBatch.objects.filter(pk=batch.pk).exists():
            _mark(batch, BatchStatus.REJECTED, exc.message)
        raise
    except IntegrityError as exc:
        previous = previous_commit(batch.kind, batch.agency, batch.sha256)
        if previous is not None:
            if ImportBatch.objects.filter(pk=batch.pk).exists():
                _mark(batch, BatchStatus.REJECTED, AlreadyImported(previous).message)
            raise AlreadyImported(previous) from exc
        _mark(
            batch,
            BatchStatus.FAILED,
            _("导入期间有人同时登记了名单中的人员,为避免重复,本次未写入任何内容。请重新导入。"),
        )
        logger.warning("roster import %s: integrity error, rolled back", batch.uuid)
        result.rows = []  # their people and enrollments were rolled back
    except Exception:
        _mark(batch, BatchStatus.FAILED, _("导入出错,未写入任何内容。请稍后重试或联系管理员。"))
        logger.exception("roster import %s failed, rolled back", batch.uuid)
        raise
    return result


def import_roster(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    kind: RosterKind,
    agency: Agency | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a file in one go (the command line): a dry run stops at the preview and saves
    nothing; a rejected file saves its batch and row report; a good file is committed (the
    match runs once, inside the commit's transaction)."""
    if dry_run:
        return prepare_import(
            actor=actor,
            content=content,
            file_name=file_name,
            kind=kind,
            agency=agency,
            persist=False,
        )
    result, target = _prepare(actor, content, file_name, kind, agency, match=False)
    if result.batch.status == BatchStatus.REJECTED:
        _save_batch(result)
        return result
    return commit_prepared(actor, result, target, progress=progress)


# -- committing a saved preview (the web page and its background task) -------------------------


def request_commit(*, actor: Actor, batch_uuid: Any) -> ImportBatch:
    """Claim a preview for commit in ``actor``'s name; the work is ``commit_batch``.

    The claim is a conditional update, so two clicks (or two workers) commit once.
    """
    batch = policy.get_import_batch_for_user(actor.user, batch_uuid, write=True)
    importing_scope(actor.user, batch.agency)
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.PREVIEW).update(
        status=BatchStatus.COMMITTING,
        committed_by=actor.user,
        channel=actor.channel,
        progress_done=0,
        updated_at=timezone.now(),
    )
    batch.refresh_from_db()
    if not claimed:
        raise ImportRefused(
            _("此批次当前状态为“%(status)s”,不能导入。") % {"status": batch.get_status_display()}
        )
    return batch


def _saved_plans(batch: ImportBatch, region: Region) -> list[RowPlan]:
    """The rows of a saved preview, validated again from their stored clean values."""
    return _plans_of(list(batch.rows.order_by("row_number")), RosterKind(batch.kind), region)


def _plans_of(rows: Sequence[ImportRow], kind: RosterKind, region: Region) -> list[RowPlan]:
    cleaned = []
    for row in rows:
        values = {
            name: dt.date.fromisoformat(value) if name in DATE_FIELDS and value else value
            for name, value in row.values.items()
        }
        warnings = tuple(
            FieldError(row.row_number, reason["field"], reason["message"])
            for reason in row.reasons
            if reason.get("stage") == CLEAN and reason.get("severity") == NOTE
        )
        cleaned.append(CleanRow(row.row_number, values, (), warnings))
    return validate_rows(cleaned, kind, region)


def commit_batch(batch_uuid: Any, *, progress: Progress | None = None) -> ImportResult | None:
    """Commit a claimed batch (status "committing"); None when there is none to commit.

    Acts in the name of whoever claimed it: their agency and scope must still allow it.
    """
    batch = (
        ImportBatch.objects.select_related("agency", "committed_by")
        .filter(uuid=batch_uuid, status=BatchStatus.COMMITTING)
        .first()
    )
    if batch is None:
        return None
    actor = Actor(user=batch.committed_by, channel=batch.channel)
    try:
        target = importing_scope(actor.user, batch.agency)
    except ImportRefused as exc:
        _mark(batch, BatchStatus.FAILED, exc.message)
        return ImportResult(batch=batch, rows=[])
    plans = _saved_plans(batch, target.region)
    if any(plan.errors for plan in plans):
        # The rules changed since the preview (e.g. a date is now in the future).
        with transaction.atomic():
            _finish_rejected(batch, plans)
            _count(batch, plans)
            batch.save()
            ImportRow.objects.filter(batch=batch).delete()
            _insert_rows(batch, plans)
        return ImportResult(batch=batch, rows=plans)
    result = ImportResult(batch=batch, rows=plans)
    try:
        return commit_prepared(actor, result, target, progress=progress)
    except AlreadyImported:
        return result


# -- finishing a possible duplicate after its review (tongxin.dedup) --------------------------


def settle_possible_duplicate(actor: Actor, row: ImportRow, person: Person | None) -> RowPlan:
    """Finish a possible-duplicate row once a person has reviewed it, in the caller's
    transaction.

    With ``person`` the row is that person: it is matched as at import (notes where the
    roster disagrees with the file; the enrollment the roster opens, unless the same event
    is enrolled or another enrollment of the program is open). Without, the row is someone
    new: the file is created from the row's stored values, with its enrollment, as the
    import creates them (a police roster creates nothing: not in the registry). The row
    report and the batch's counts follow the new outcome. Refuses (``ImportRefused``) a row
    whose values the rules no longer accept, and an ID number registered meanwhile.
    """
    batch = row.batch
    kind = RosterKind(batch.kind)
    region = batch.agency.region
    # New people are registered where the importing agency works, whoever reviews the row.
    target = ImportingScope(agency=batch.agency, region=region, jurisdiction_path=region.path)
    [plan] = _plans_of([row], kind, region)
    if plan.errors:
        raise ImportRefused(
            _("此行的内容已不符合现行的登记规则,不能据此建档或登记:%(reasons)s")
            % {"reasons": ";".join(reason.message for reason in plan.errors)}
        )
    creates_work = kind in PROGRAM_OF_KIND
    if person is not None:
        plan.outcome = Outcome.MATCHED
        plan.person_id, plan.person_uuid = person.pk, person.uuid
        plan.match_notes = _attribute_notes(plan, person)
        if creates_work:
            if person.residence_region.path.startswith(target.jurisdiction_path):
                existing = _existing_enrollments(kind, [person.pk])
                earlier = _earlier_imports([plan.natural_key], batch)
                _decide_enrollment(plan, kind, existing.get(person.pk, []), earlier)
            else:
                plan.match_notes.append(
                    Reason(
                        "residence_address",
                        _("此人居住地不在%(agency)s辖区内,本行未新建登记;请联系其居住地的司法所。")
                        % {"agency": target.agency.name},
                        NOTE,
                        MATCH,
                    )
                )
    elif creates_work:
        number = plan.values.get("id_number")
        index = id_number_index(str(number)) if number else None
        if index and Person.objects.filter(id_number_index=index).exists():
            raise ImportRefused(
                _("此身份证号码现已建档,不能再据此行新建档案。请确认是否为同一人。")
            )
        plan.outcome = Outcome.CREATED
        plan.opens_enrollment = True
    else:
        plan.outcome = Outcome.NOT_IN_REGISTRY
    _Writer(actor, batch, target).settle(plan)
    plan.match_notes.append(
        Reason(
            "",
            _("经疑似重复核对,确认为档案中的同一人。")
            if person is not None
            else _("经疑似重复核对,确认不是档案中的人员。"),
            NOTE,
            MATCH,
        )
    )
    ImportRow.objects.filter(pk=row.pk).update(
        outcome=plan.outcome, person_id=plan.person_id, enrollment_id=plan.enrollment_id
    )
    row.refresh_from_db()
    row.reasons = [reason.stored() for reason in plan.reasons]
    row.save(update_fields=["reasons_text"])
    counts = batch.counts
    counts[Outcome.POSSIBLE_DUPLICATE] = max(counts[Outcome.POSSIBLE_DUPLICATE] - 1, 0)
    counts[plan.outcome] = counts.get(plan.outcome, 0) + 1
    batch.set_counts(counts)
    batch.save()
    return plan
