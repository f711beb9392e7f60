"""Reconciling a police roster (公安列管名单) against the registry: the worklist of differences.

The police keep their own lists of the two kinds of people the justice offices supervise:
社区矫正 (corrections) and 刑满释放 (reentry, 安置帮教). ``reconcile_roster`` cross-checks
such a list against the people with an open corrections or reentry case that the user may
see, and writes a dated run with its worklist:

- **matched**: the row is a registered person (``linkage.link_roster``: number, partner
  hash, or name and birth date); nothing to do unless attributes differ;
- **mismatch**: matched, but the residence address or the status (人员类别: under
  correction or released) differs from the file and its open cases;
- **review**: the row may be a registered person; someone confirms or rejects the match;
- **roster_only**: no open case covers the row — a 漏管 candidate. It is assigned to the
  司法所 of the row's residence when the row's address names a township or village of the
  county (else to the running agency). The ``Alert`` model of the programs belongs to an
  enrollment, and a roster-only person has none; so the open item in that office's worklist
  *is* the alert, and the office's worklist count includes it;
- **registry_only**: an open case of the user's scope whose person is not on the roster.

Runs are snapshots: reconciling the same file again makes a new run, but an item still open
for the same subject (person, or the row's ID number), kind and agency is linked to the new
run (``last_run``) instead of being added again. Rows that fail cleaning are reported with
their reasons and not reconciled.

The run and its items are written in one transaction with one audit row; the registered
people the result discloses are named in one access-audit row first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change, record_disclosure
from tongxin.lib import resident_id
from tongxin.lib.field_crypto import blind_index
from tongxin.organisation.models import Agency, AgencyKind, Region, RegionLevel
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.programs.specs import corrections, reentry
from tongxin.rosters.cleaning import CleanRow, FieldError, clean_row
from tongxin.rosters.files import CheckedUpload, UploadRefused, check_upload
from tongxin.rosters.importing import ImportRefused, field_label, importing_scope
from tongxin.rosters.keyed_hash import HASH_HEADER
from tongxin.rosters.linkage import Outcome as LinkOutcome
from tongxin.rosters.linkage import RosterPerson, RowMatch, link_roster
from tongxin.rosters.models import (
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyStatus,
    ReconciliationRun,
    Resolution,
)
from tongxin.rosters.progress import Progress
from tongxin.rosters.reading import (
    ROSTER_SPECS,
    RawRow,
    RosterKind,
    RosterSpec,
    RosterUnreadable,
    read_roster,
)

AGAINST = {"police-roster": RosterKind.POLICE_ROSTER}
# The two kinds of people the police cross-check with the justice offices.
CROSS_CHECKED_PROGRAMS = (corrections.SPEC, reentry.SPEC)
SUBJECT_PURPOSE = "roster.reconcile.subject"
# A police roster whose ID column a partner replaced by keyed hashes (``tongxin hash-ids``).
HASHED_POLICE_ROSTER = RosterSpec(
    kind=RosterKind.POLICE_ROSTER,
    required=("name", "id_hash"),
    optional=ROSTER_SPECS[RosterKind.POLICE_ROSTER].optional,
    extra_aliases=((HASH_HEADER, "id_hash"),),
)
_HASH = re.compile(r"[0-9a-f]{64}")
# A number as typed that the linkage can still score as a typo: 15 or 18 characters.
_TYPED_NUMBER = re.compile(r"\d{15}|\d{17}[\dX]")
# 人员类别 as police write it → the program it means.
_CATEGORY_WORDS = (
    (("矫正",), corrections.SPEC),
    (("刑满", "释放", "刑释", "帮教", "安置"), reentry.SPEC),
)
# Which resolutions fit which kind of item.
RESOLUTIONS_OF_KIND: dict[str, tuple[str, ...]] = {
    DiscrepancyKind.ROSTER_ONLY: (
        Resolution.REGISTERED,
        Resolution.NOT_OURS,
        Resolution.ALREADY_KNOWN,
    ),
    DiscrepancyKind.REGISTRY_ONLY: (
        Resolution.ALREADY_KNOWN,
        Resolution.CORRECTED,
        Resolution.NOT_OURS,
    ),
    DiscrepancyKind.MISMATCH: (Resolution.CORRECTED, Resolution.ALREADY_KNOWN),
    DiscrepancyKind.REVIEW: (Resolution.CONFIRMED_MATCH, Resolution.NOT_A_MATCH),
}
NOTE_MAX_LENGTH = 2000
# Rows linked between two progress reports.
PROGRESS_EVERY = 500


class ReconcileRefused(Exception):
    """Nothing was written; ``field`` names the input at fault ("" for the request)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class MatchedRow:
    row: int
    person_uuid: uuid_module.UUID
    method: str
    score: float


@dataclass(frozen=True)
class InvalidRow:
    row: int
    reasons: tuple[FieldError, ...]


@dataclass
class ReconcileResult:
    run: ReconciliationRun
    matched: list[MatchedRow] = field(default_factory=list)
    # Every item this run found, new or linked; ``new`` holds the ids of those it added.
    discrepancies: list[Discrepancy] = field(default_factory=list)
    new: set[int] = field(default_factory=set)
    invalid: list[InvalidRow] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Discrepancy]:
        return [item for item in self.discrepancies if item.kind == kind]


# -- reading -----------------------------------------------------------------------------------


def _clean(raw: RawRow, *, hashed: bool, today: dt.date) -> CleanRow:
    """Clean a row as the import does; a hashed row's hash stands for its number.

    Unlike an import, which would register the number, a reconciliation only looks people
    up: a row whose ID number is missing or fails its checks is still linked, by name and
    birth date (a mistyped number is kept for the linkage to score as a typo; a matched
    row then shows the number as a mismatch, ``_differences``)."""
    if not hashed:
        cleaned = clean_row(raw, kind=RosterKind.POLICE_ROSTER, today=today)
        id_errors = [error for error in cleaned.errors if error.field == "id_number"]
        if not id_errors or len(id_errors) < len(cleaned.errors):
            return cleaned
        linkable = dict(cleaned.values)
        typed = resident_id.normalise(str(raw.values.get("id_number") or ""))
        linkable["id_number"] = typed if _TYPED_NUMBER.fullmatch(typed) else None
        return CleanRow(raw.row_number, linkable, (), cleaned.warnings)
    values = {name: value for name, value in raw.values.items() if name != "id_hash"}
    cleaned = clean_row(RawRow(raw.row_number, values), kind=RosterKind.POLICE_ROSTER, today=today)
    errors = [error for error in cleaned.errors if error.field != "id_number"]
    text = str(raw.values.get("id_hash") or "").strip().lower()
    clean_values = dict(cleaned.values)
    if _HASH.fullmatch(text):
        clean_values["id_hash"] = text
    else:
        errors.append(
            FieldError(
                raw.row_number,
                "id_hash",
                _("身份证号哈希应为 64 位十六进制字符(由 tongxin hash-ids 生成),请核对。"),
            )
        )
    return CleanRow(raw.row_number, clean_values, tuple(errors), cleaned.warnings)


def read_rows(content: bytes, *, hashed: bool, today: dt.date) -> list[CleanRow]:
    try:
        upload = check_upload(content)
        table = read_roster(
            upload, kind=RosterKind.POLICE_ROSTER, spec=HASHED_POLICE_ROSTER if hashed else None
        )
    except UploadRefused as exc:
        raise ReconcileRefused(exc.message, "file") from exc
    except RosterUnreadable as exc:
        if not hashed and _reads_as_hashed(upload):
            raise ReconcileRefused(
                _(
                    "这份名单的身份证号列是“身份证号哈希”(由 tongxin hash-ids 生成),"
                    "需要合作单位的密钥才能核对:网页上请选择“合作单位生成的身份证号哈希”"
                    "并填写合作单位名称;命令行请加 --partner-key 密钥文件。"
                ),
                "identifiers",
            ) from exc
        raise ReconcileRefused(exc.message, "file") from exc
    rows = [_clean(raw, hashed=hashed, today=today) for raw in table.rows]
    if not rows:
        raise ReconcileRefused(_("文件中没有数据行:表头下面是空的。请填写名单后重新上传。"), "file")
    return rows


def _reads_as_hashed(upload: CheckedUpload) -> bool:
    """Whether a roster that failed as plain numbers reads as a partner's hashes: then the
    person chose the wrong kind of file, and is told which to choose."""
    try:
        read_roster(upload, kind=RosterKind.POLICE_ROSTER, spec=HASHED_POLICE_ROSTER)
    except RosterUnreadable:
        return False
    return True


def _roster_person(row: CleanRow) -> RosterPerson:
    values = row.values
    birth = values.get("birth_date")
    return RosterPerson(
        row=row.row_number,
        name=str(values["name"]),
        id_number=_text(values.get("id_number")) or None,
        id_hash=_text(values.get("id_hash")) or None,
        birth_date=birth if isinstance(birth, dt.date) else None,
        sex=_text(values.get("sex")) or None,
        region=" ".join(
            _text(values.get(name)) for name in ("residence_address", "household_address")
        ).strip(),
    )


def _text(value: object) -> str:
    return str(value) if value else ""


def _comparable(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", _text(text)).split())


# -- who is responsible -------------------------------------------------------------------------


class _Offices:
    """The 司法所 of the county around ``agency``, found by the place names of a row."""

    def __init__(self, agency: Agency) -> None:
        region = agency.region
        prefixes = [region.path[: index + 1] for index, ch in enumerate(region.path) if ch == "/"]
        county = (
            Region.objects.filter(path__in=prefixes, level=RegionLevel.COUNTY)
            .order_by("-path")
            .first()
        )
        root = county.path if county is not None else region.path
        places = Region.objects.filter(
            path__startswith=root, level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]
        ).values_list("pk", "name", "level", "parent_id")
        self.township_of: dict[str, set[int]] = defaultdict(set)
        for pk, name, level, parent_id in places:
            self.township_of[name].add(pk if level == RegionLevel.TOWNSHIP else parent_id)
        self.office_of = {
            office.region_id: office
            for office in Agency.objects.filter(
                kind=AgencyKind.JUSTICE_OFFICE, is_active=True, region__path__startswith=root
            ).select_related("region")
        }

    def for_text(self, text: str) -> Agency | None:
        """The office of the longest place name in ``text``; None when none or ambiguous."""
        named = [name for name in self.township_of if name and name in text]
        if not named:
            return None
        longest = max(len(name) for name in named)
        townships = set().union(*(self.township_of[n] for n in named if len(n) == longest))
        if len(townships) != 1:
            return None
        return self.office_of.get(townships.pop())


# -- comparing ---------------------------------------------------------------------------------


def _category_program(text: str) -> Any:
    for words, spec in _CATEGORY_WORDS:
        if any(word in text for word in words):
            return spec
    return None


def _differences(
    row: CleanRow, person: Person, programs: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The roster's and the registry's values of the attributes that differ."""
    roster: dict[str, str] = {}
    registry: dict[str, str] = {}
    # A row linked by name and birth date whose number failed its checks: the police hold a
    # wrong number. Masked: the worklist needs to see that they differ, not the numbers.
    typed = _text(row.values.get("id_number"))
    if typed and person.id_number and typed != person.id_number:
        roster["id_number"] = resident_id.mask(typed)
        registry["id_number"] = resident_id.mask(person.id_number)
    address = _text(row.values.get("residence_address"))
    if address and _comparable(address) != _comparable(person.residence_address):
        roster["residence_address"] = address
        registry["residence_address"] = _text(person.residence_address)
    category = _text(row.values.get("person_category"))
    expected = _category_program(category)
    if expected is not None and expected.storage_code not in programs:
        labels = {spec.storage_code: str(spec.label) for spec in CROSS_CHECKED_PROGRAMS}
        roster["person_category"] = category
        registry["person_category"] = "、".join(labels[code] for code in programs)
    return roster, registry


def _subject_of_row(person: RosterPerson) -> str:
    if person.id_number:
        basis = f"id\x00{person.id_number}"
    elif person.id_hash:
        basis = f"hash\x00{person.id_hash}"
    else:
        basis = f"name\x00{person.name}\x00{person.birth_date}"
    return "row:" + blind_index(basis, purpose=SUBJECT_PURPOSE)


# -- the action --------------------------------------------------------------------------------


@dataclass
class _Found:
    kind: str
    agency: Agency
    subject_key: str
    row_number: int | None = None
    person: Person | None = None
    candidates: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def _open_cases(user: Any) -> QuerySet[Enrollment]:
    return policy.enrollments_visible_to(user).filter(
        program__in=[spec.storage_code for spec in CROSS_CHECKED_PROGRAMS], ended_on__isnull=True
    )


def reconcile_roster(
    actor: Actor,
    upload: bytes,
    against: str = "police-roster",
    partner_key: bytes | None = None,
    *,
    file_name: str = "",
    today: dt.date | None = None,
    agency: Agency | None = None,
    progress: Progress | None = None,
) -> ReconcileResult:
    """Reconcile a roster file against the open cases ``actor`` may see (module docstring).

    ``agency`` names the running agency for a user who writes for several; ``progress`` is
    told (rows linked, rows) as the linkage goes, for a page that shows it.

    Raises ``ReconcileRefused`` (nothing written) when the user may not reconcile (only a
    writing member of a 司法所 or 司法局), the roster kind is unknown, or the file cannot be
    read or has no data rows.
    """
    kind = AGAINST.get(against)
    if kind is None:
        raise ReconcileRefused(
            _("不能与“%(against)s”核对,可选:%(choices)s。")
            % {"against": against, "choices": "、".join(AGAINST)},
            "against",
        )
    try:
        target = importing_scope(actor.user, agency)
    except ImportRefused as exc:
        raise ReconcileRefused(exc.message) from exc
    today = today or timezone.localdate()
    rows = read_rows(upload, hashed=partner_key is not None, today=today)
    good = [row for row in rows if not row.errors]
    result_invalid = [InvalidRow(row.row_number, row.errors) for row in rows if row.errors]
    people = [_roster_person(row) for row in good]

    cases = list(_open_cases(actor.user).select_related("owner_agency"))
    cases.sort(key=lambda case: (case.started_on, case.pk))
    programs_of: dict[int, list[str]] = defaultdict(list)
    owner_of: dict[int, Agency] = {}
    for case in cases:
        programs_of[case.person_id].append(case.program)
        owner_of.setdefault(case.person_id, case.owner_agency)
    registry = policy.people_visible_to(actor.user).filter(pk__in=list(programs_of))
    matches: list[RowMatch] = []
    if progress is not None:
        progress(0, len(people))
    for match in link_roster(people, registry=registry, partner_key=partner_key, today=today):
        matches.append(match)
        if progress is not None and len(matches) % PROGRESS_EVERY == 0:
            progress(len(matches), len(people))
    involved = {m.person_id for m in matches if m.person_id is not None}
    involved |= {c.person_id for m in matches for c in m.candidates}
    registered = {person.pk: person for person in registry}
    offices = _Offices(target.agency)

    matched: list[tuple[int, Person, str, float]] = []
    found: list[_Found] = []
    for row, person_row, match in zip(good, people, matches, strict=True):
        if match.outcome == LinkOutcome.MATCHED and match.person_id is not None:
            person = registered[match.person_id]
            matched.append((row.row_number, person, str(match.method), match.score))
            roster_values, registry_values = _differences(row, person, programs_of[match.person_id])
            if roster_values:
                found.append(
                    _Found(
                        DiscrepancyKind.MISMATCH,
                        owner_of[person.pk],
                        f"person:{person.pk}",
                        row.row_number,
                        person,
                        values={"roster": roster_values, "registry": registry_values},
                    )
                )
        elif match.outcome == LinkOutcome.REVIEW and match.person_id is not None:
            person = registered[match.person_id]
            found.append(
                _Found(
                    DiscrepancyKind.REVIEW,
                    owner_of[person.pk],
                    f"person:{person.pk}",
                    row.row_number,
                    person,
                    candidates=[str(registered[c.person_id].uuid) for c in match.candidates],
                    values={"score": match.score},
                )
            )
        else:
            office = offices.for_text(person_row.region) or target.agency
            found.append(
                _Found(
                    DiscrepancyKind.ROSTER_ONLY,
                    office,
                    _subject_of_row(person_row),
                    row.row_number,
                    values={"roster": _roster_values(row)},
                )
            )
    for person_id in sorted(set(registered) - involved):
        found.append(
            _Found(
                DiscrepancyKind.REGISTRY_ONLY,
                owner_of[person_id],
                f"person:{person_id}",
                person=registered[person_id],
            )
        )

    disclosed = sorted(
        {str(person.uuid) for _row, person, _m, _s in matched}
        | {str(item.person.uuid) for item in found if item.person is not None}
        | {uuid for item in found for uuid in item.candidates}
    )
    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            kind=str(kind),
            file_name=file_name[:255],
            sha256=hashlib.sha256(upload).hexdigest(),
            used_partner_key=partner_key is not None,
            agency=target.agency,
            run_by=actor.user,
            row_count=len(rows),
            matched_count=len(matched),
            invalid_count=len(result_invalid),
            **{f"{kind_}_count": sum(i.kind == kind_ for i in found) for kind_ in DiscrepancyKind},
        )
        if disclosed:
            record_disclosure(
                actor=actor,
                action="roster.reconcile",
                object_type="person",
                object_ids=disclosed,
                details={"run": str(run.uuid), "kind": run.kind},
                agency_name=target.agency.name,
            )
        items, new = _write_items(run, found)
        record_change(
            actor=actor,
            action="roster.reconcile",
            object_type="reconciliation_run",
            object_ids=[run.uuid],
            agency_name=target.agency.name,
            details={
                "kind": run.kind,
                "file_name": run.file_name,
                "sha256": run.sha256,
                "partner_key": run.used_partner_key,
                "counts": run.counts,
                "discrepancies_new": sorted(str(i.uuid) for i in items if i.pk in new),
                "discrepancies_linked": sorted(str(i.uuid) for i in items if i.pk not in new),
            },
        )
    return ReconcileResult(
        run=run,
        matched=[MatchedRow(r, p.uuid, m, s) for r, p, m, s in matched],
        discrepancies=items,
        new=new,
        invalid=result_invalid,
    )


def _roster_values(row: CleanRow) -> dict[str, str]:
    """The row as the partner sent it (dates as ISO text), for the office that acts on it."""
    return {
        name: value.isoformat() if isinstance(value, dt.date) else str(value)
        for name, value in row.values.items()
        if value not in (None, "")
    }


def _write_items(
    run: ReconciliationRun, found: Sequence[_Found]
) -> tuple[list[Discrepancy], set[int]]:
    """Link what is still open from earlier runs; add the rest."""
    existing = {
        (item.kind, item.agency_id, item.subject_key): item
        for item in Discrepancy.objects.select_for_update().filter(
            status=DiscrepancyStatus.OPEN, subject_key__in={f.subject_key for f in found}
        )
    }
    items: list[Discrepancy] = []
    new: set[int] = set()
    for finding in found:
        item = existing.get((finding.kind, finding.agency.pk, finding.subject_key))
        if item is None:
            item = Discrepancy(run=run, kind=finding.kind, agency=finding.agency)
            item.subject_key = finding.subject_key
        item.last_run = run
        item.row_number = finding.row_number
        item.person = finding.person
        item.candidates = finding.candidates
        item.values = finding.values
        adding = item.pk is None
        item.save()
        if adding:
            new.add(item.pk)
        items.append(item)
    return items, new


def resolve_discrepancy(
    actor: Actor, discrepancy_uuid: Any, resolution: str, note: str = ""
) -> Discrepancy:
    """Record how a worklist item was resolved (by a writing member of the agency it is
    assigned to, or of the running agency); others get Http404."""
    item = policy.get_discrepancy_for_user(actor.user, discrepancy_uuid, write=True)
    if item.status != DiscrepancyStatus.OPEN:
        raise ReconcileRefused(
            _("此项已于 %(when)s 处理为“%(resolution)s”,不能再次处理。")
            % {
                "when": timezone.localtime(item.resolved_at).strftime("%Y-%m-%d %H:%M")
                if item.resolved_at
                else "",
                "resolution": item.get_resolution_display(),
            }
        )
    allowed = RESOLUTIONS_OF_KIND[item.kind]
    if resolution not in allowed:
        raise ReconcileRefused(
            _("处理结果无效:“%(kind)s”可选 %(choices)s。")
            % {
                "kind": item.get_kind_display(),
                "choices": "、".join(f"“{Resolution(code).label}”" for code in allowed),
            },
            "resolution",
        )
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ReconcileRefused(
            _("处理说明最多 %(max)d 字,请精简。") % {"max": NOTE_MAX_LENGTH}, "note"
        )
    with transaction.atomic():
        item.status = DiscrepancyStatus.RESOLVED
        item.resolution = resolution
        item.note_text = note or None
        item.resolved_by = actor.user
        item.resolved_at = timezone.now()
        item.save()
        record_change(
            actor=actor,
            action="roster.discrepancy.resolve",
            object_type="discrepancy",
            object_ids=[item.uuid],
            agency_name=item.agency.name,
            details={
                "run": str(item.run.uuid),
                "kind": item.kind,
                "resolution": resolution,
                "person": str(item.person.uuid) if item.person else None,
                "row": item.row_number,
            },
        )
    return item


def open_worklist_count(user: Any) -> int:
    """Open items the user may see: a roster-only alert counts for its 司法所."""
    return int(policy.discrepancies_visible_to(user).filter(status=DiscrepancyStatus.OPEN).count())


def reason_lines(invalid: InvalidRow) -> list[dict[str, str]]:
    return [
        {"field": error.field, "field_label": field_label(error.field), "message": error.message}
        for error in invalid.reasons
    ]
