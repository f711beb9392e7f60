"""The demo's casework as plain values: a year of enrollments, contacts, deadlines, levels,
teams, measures and lost-contact searches for each county, computed from the seed and a
reference date (the day of the load) without touching the database.

``plan_casework(plan, county_index, people, today, directory)`` returns the county's cases.
History covers 1 January of ``today``'s year up to ``today``; older cases start with the
contact planned on New Year's Day. Every case is what the action functions and the daily scan
(``tongxin.programs.scan``, assumed to have run every day up to yesterday) would have left:

- each contact follows the level's interval from the one before (``plan_next_contact``) and
  is mostly done on time; a missed one is marked by the scan, which plans a catch-up for the
  day it ran, sets ``lost_contact_since`` and keeps one alert open until a contact is
  recorded;
- a level change cancels the planned contact and plans the next from its date;
- no contact is planned past the planned end, nor while a case is not in a scheduling status;
- legal deadlines come from the program specs, with their citations; the ones the law counts
  from an event are met, missed (with an open alert) or still open;
- releasing a corrections case opens its 安置帮教 case (source "corrections"), as
  ``tongxin.programs.actions._open_reentry_after_corrections`` does.

The figures are those of one county of 1,500 registered people (示范县); larger scales scale
them with the county's people. Cases are drawn from the people whose file the program's
sector owns, so the person is visible to the program's lead agency, and a few are planted in
the county seat (城关镇) and given to its first worker, so every demo login opens on overdue
work and a lost contact being searched for.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tongxin.demo import names
from tongxin.demo.generate import (
    _SURNAMES,
    DemoPlan,
    PersonSpec,
    _given_name,
    _pick,
    _rng,
    _Weighted,
    agency_key,
)
from tongxin.demo.places import PROVINCE_NAME
from tongxin.lib.dates import add_months, term_end
from tongxin.organisation.models import AgencyKind, Role
from tongxin.programs.models import (
    AlertKind,
    AssessmentKind,
    ContactKind,
    ContactStatus,
    DeadlineStatus,
    MeasureKind,
    TeamKind,
    TeamRole,
)
from tongxin.programs.registry import LevelRule, ProgramSpec
from tongxin.programs.specs import (
    corrections,
    drug_rehab,
    hiv,
    mental_health,
    reentry,
    youth_support,
)

ONE_DAY = dt.timedelta(days=1)
# The county-scale demo's people; every count below is per county of this many people.
REFERENCE_PEOPLE = 1_500

# Community corrections: ~85 on 1 January, ~65 received and ~72 released a year, a few
# revoked; by the end of November ~59 received, ~66 released, ~77 in correction.
CORRECTIONS_AT_NEW_YEAR = 85
CORRECTIONS_RECEIVED_PER_YEAR = 65
CORRECTIONS_RELEASED_PER_YEAR = 72
CORRECTIONS_REVOKED_PER_YEAR = 3
# Share of this year's releases that were also received this year (short terms).
SHORT_TERM_SHARE = 0.12
SUPERVISION_MIX = _Weighted(
    [("probation", 0.83), ("parole", 0.11), ("surveillance", 0.03), ("temporary_outside", 0.03)]
)
# Term lengths in months, each within 刑法 arts 38, 73, 83 (corrections.TERM_LIMITS_MONTHS).
TERM_MONTHS: dict[str, _Weighted[int]] = {
    "probation": _Weighted(
        [(3, 2), (6, 3), (10, 2), (12, 14), (18, 8), (24, 12), (36, 10), (48, 4), (60, 2)]
    ),
    "parole": _Weighted([(m, 1.0) for m in (3, 5, 6, 8, 10, 12, 18, 24, 30, 36)]),
    "surveillance": _Weighted([(3, 2), (6, 3), (12, 3), (18, 1), (24, 1)]),
    "temporary_outside": _Weighted([(6, 2), (12, 3), (24, 1)]),
}
OFFENCES: tuple[str, ...] = (
    "危险驾驶罪",
    "盗窃罪",
    "诈骗罪",
    "故意伤害罪",
    "交通肇事罪",
    "开设赌场罪",
    "寻衅滋事罪",
    "帮助信息网络犯罪活动罪",
    "非法采矿罪",
    "掩饰、隐瞒犯罪所得罪",
)
# 安置帮教: released from prison per year; releases from corrections come from the cohorts of
# corrections cases released in earlier years (the aid period is 5 years).
REENTRY_FROM_PRISON_PER_YEAR = 40
REENTRY_FROM_CORRECTIONS_PER_YEAR = 70
KEY_SUBJECT_SHARE = 0.15
# Released people who left soon after the first home visit (work elsewhere, 人户分离): no
# 帮教小组 was formed and every visit since 1 January was missed. They are why the 帮教率
# (tongxin.support.figures) is not 100%.
REENTRY_UNREACHED_SHARE = 0.025
MENTAL_HEALTH_PATIENTS = 215
MENTAL_HEALTH_NEW_PER_YEAR = 16
MENTAL_HEALTH_CLOSED_PER_YEAR = 8
MENTAL_HEALTH_IN_HOSPITAL = 4
RISK_MIX = _Weighted([(0, 0.55), (1, 0.2), (2, 0.14), (3, 0.06), (4, 0.04), (5, 0.01)])
DIAGNOSIS_MIX = _Weighted(
    [
        ("schizophrenia", 0.55),
        ("bipolar", 0.12),
        ("intellectual_disability_related", 0.12),
        ("epilepsy_related", 0.1),
        ("paranoid_psychosis", 0.06),
        ("schizoaffective", 0.05),
    ]
)
DRUG_REHAB_ACTIVE = 85
DRUG_REHAB_ENDED_PER_YEAR = 28
DRUG_REHAB_ISOLATED_PER_YEAR = 3
HIV_CASES = 12
UNEMPLOYED_SUPPORT = 45
YOUTH_SUPPORT = 15
SUPPORT_ENDED_PER_YEAR = 10
# How often a planned contact is missed, and a catch-up contact missed again.
MISS_RATE = 0.07
CATCH_UP_MISS_RATE = 0.2
NOTE_SHARE = 0.3

NOTES: dict[str, tuple[str, ...]] = {
    corrections.SPEC.code: (
        "按时到所报告,思想稳定,遵守监管规定。",
        "报告近期工作和家庭情况,无异常。",
        "走访家庭,家属反映表现良好。",
        "电话核查,本人在家,状态正常。",
        "参加集中教育学习,完成公益活动。",
    ),
    reentry.SPEC.code: (
        "走访了解生活和就业情况,已在本地务工。",
        "家中生活正常,已协助申请临时救助。",
        "电话联系,近况稳定。",
        "推荐参加县人社局组织的技能培训。",
    ),
    mental_health.SPEC.code: (
        "服药规律,病情稳定,家属监护到位。",
        "精神状态较好,已提醒按时复诊。",
        "睡眠欠佳,已联系精防医生调整随访。",
    ),
    drug_rehab.SPEC.code: (
        "按时报到,检测结果阴性。",
        "谈话教育,了解就业情况。",
        "家属反映近期表现稳定。",
    ),
    hiv.SPEC.code: ("随访完成,按时服药。", "随访完成,情况稳定。"),
    youth_support.SPEC.code: (
        "了解学习和就业情况,推荐参加技能培训。",
        "协助办理就业登记。",
        "家访,家庭关系有所改善。",
    ),
}
SEARCH_STEPS: tuple[tuple[int, str, str], ...] = (
    (0, "phone", "电话关机,无法接通。"),
    (1, "visit", "到住所查找,家属称已外出多日,去向不明。"),
    (1, "info_check", "信息化核查未发现近期活动轨迹。"),
    (2, "police", "已函请辖区派出所协助查找。"),
)
# Revocation by supervision type (社区矫正法 arts 45–49): the end reason and its proposal.
REVOCATIONS: dict[str, str] = {
    "probation": "revoke_probation",
    "parole": "revoke_parole",
    "temporary_outside": "imprison",
}
PROPOSALS: dict[str, str] = {
    "revoke_probation": MeasureKind.PROPOSE_REVOKE_PROBATION,
    "revoke_parole": MeasureKind.PROPOSE_REVOKE_PAROLE,
    "imprison": MeasureKind.PROPOSE_IMPRISON,
}
REPRIMAND_REASONS: tuple[str, ...] = (
    "无正当理由未按时报告。",
    "未经批准离开所居住的县。",
    "未按规定参加教育学习活动。",
)


@dataclass(frozen=True)
class PersonFacts:
    """What casework needs to know about a demo person (a small record per person)."""

    uuid: uuid.UUID
    sex: str
    birth_date: dt.date
    village_code: str
    township_code: str
    owner_kind: str
    family: tuple[str, str, str] | None  # relation, name, phone
    # Restricted files (限制查阅) are opened by supervisors only, so no caseworker could see
    # the person: the demo gives them no case.
    restricted: bool
    # A sealed juvenile record (刑诉法 art 286): no referral may tell another agency of it.
    sealed: bool


def person_facts(spec: PersonSpec) -> PersonFacts:
    family = None
    if spec.family_contacts:
        relation, name, phone = spec.family_contacts.split(" ")
        family = (relation, name, phone)
    return PersonFacts(
        uuid=spec.uuid,
        sex=spec.sex,
        birth_date=spec.birth_date,
        village_code=spec.residence_region_code,
        township_code=spec.residence_region_code[:9],
        owner_kind=spec.owner_agency_key.partition(":")[0],
        family=family,
        restricted=spec.is_restricted,
        sealed=spec.is_sealed_minor,
    )


# --- Staff ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSpec:
    """A worker of a county beyond the first: a user without a password (an administrator
    sets one), so every case has a 责任人 without hashing thousands of passwords."""

    username: str
    agency_key: str
    last_name: str
    first_name: str
    sex: str


# Workers per agency kind that carry casework or answer referrals (tongxin.demo.support).
TOWNSHIP_CASEWORKERS: dict[str, int] = {
    AgencyKind.JUSTICE_OFFICE: 2,
    AgencyKind.POLICE_STATION: 1,
    AgencyKind.TOWNSHIP_HEALTH_CENTRE: 1,
}
COUNTY_CASEWORKERS: tuple[str, ...] = (
    AgencyKind.CDC,
    AgencyKind.CIVIL_AFFAIRS,
    AgencyKind.HUMAN_RESOURCES,
    AgencyKind.DISABLED_FEDERATION,
)


def staff_without_login(plan: DemoPlan) -> list[StaffSpec]:
    """Caseworkers of every county but the first (which has demo logins for all its staff):
    ``sfs_<county>_<township>_1``, ``jkzx_<county>_1``."""
    from tongxin.demo.generate import USERNAME_PREFIX

    rng = _rng(plan.seed, "staff")
    staff: list[StaffSpec] = []

    def add(username: str, key: str) -> None:
        sex = "M" if rng.random() < 0.55 else "F"
        given = _given_name(rng, sex, rng.randint(1968, 1998))
        staff.append(StaffSpec(username, key, _SURNAMES.draw(rng), given, sex))

    for county in plan.counties[1:]:
        for kind in COUNTY_CASEWORKERS:
            add(f"{USERNAME_PREFIX[kind]}_{county.pinyin}_1", agency_key(kind, county.region.code))
        for township in county.townships:
            for kind, count in TOWNSHIP_CASEWORKERS.items():
                for n in range(1, count + 1):
                    add(
                        f"{USERNAME_PREFIX[kind]}_{county.pinyin}_{township.pinyin}_{n}",
                        agency_key(kind, township.region.code),
                    )
    return staff


@dataclass(frozen=True)
class Worker:
    username: str
    name: str
    sex: str


class StaffDirectory:
    """Who works where: caseworkers by agency, the 司法局 head who decides measures, and the
    supervisors (who alone may refer without consent)."""

    def __init__(self, plan: DemoPlan, staff: Sequence[StaffSpec]) -> None:
        self.workers: dict[str, list[Worker]] = {}
        self.deciders: dict[str, Worker] = {}
        self.supervisors: dict[str, Worker] = {}
        for login in plan.logins:
            if login.agency_key is None:
                continue
            worker = Worker(login.username, login.last_name + login.first_name, login.sex)
            if login.role == Role.WORKER:
                self.workers.setdefault(login.agency_key, []).append(worker)
            elif login.role == Role.SUPERVISOR:
                self.supervisors[login.agency_key] = worker
                if login.agency_key.startswith(AgencyKind.JUSTICE_BUREAU + ":"):
                    self.deciders[login.agency_key] = worker
        for spec in staff:
            self.workers.setdefault(spec.agency_key, []).append(
                Worker(spec.username, spec.last_name + spec.first_name, spec.sex)
            )


# --- Plans ----------------------------------------------------------------------------------


@dataclass(slots=True)
class ContactPlan:
    uuid: uuid.UUID
    kind: str
    status: str
    due_on: dt.date
    window_ends_on: dt.date
    done_on: dt.date | None
    outcome: str | None


@dataclass(slots=True)
class LevelChangePlan:
    from_level: str
    to_level: str
    risk_level: int | None
    effective_on: dt.date
    reason: str
    by: str  # username


@dataclass(slots=True)
class DeadlinePlan:
    uuid: uuid.UUID
    code: str
    due_on: dt.date
    citation: str
    status: str
    met_on: dt.date | None


@dataclass(slots=True)
class AlertPlan:
    kind: str
    cause_key: str
    raised_on: dt.date


@dataclass(slots=True)
class MemberPlan:
    role: str
    name: str
    sex: str
    phone: str | None
    username: str | None
    joined_on: dt.date
    left_on: dt.date | None


@dataclass(slots=True)
class TeamPlan:
    uuid: uuid.UUID
    kind: str
    members: list[MemberPlan]


@dataclass(slots=True)
class MeasurePlan:
    uuid: uuid.UUID
    kind: str
    decided_on: dt.date
    by: str
    reason: str
    suggestion: str


@dataclass(slots=True)
class SearchPlan:
    on_date: dt.date
    method: str
    outcome: str
    by: str


@dataclass(slots=True)
class LostContactPlan:
    uuid: uuid.UUID
    since_on: dt.date
    police_notified_on: dt.date | None
    flagged_by: str
    searches: list[SearchPlan]


@dataclass(slots=True)
class AssessmentPlan:
    uuid: uuid.UUID
    kind: str
    assessed_on: dt.date
    risk_level: int | None
    inputs: dict[str, Any]
    proposed_level: str
    by: str


@dataclass(slots=True)
class CasePlan:
    """One enrollment and the rows hanging off it."""

    uuid: uuid.UUID
    person: int  # index into the county's people
    program: str  # the spec code; the loader stores spec.storage_code
    status: str
    level: str
    category: str
    owner_agency_key: str
    worker: str | None  # username of the 责任人
    started_on: dt.date
    details: dict[str, Any]
    risk_level: int | None = None
    planned_end_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str = ""
    next_contact_due_on: dt.date | None = None
    lost_contact_since: dt.date | None = None
    source: int | None = None  # index of the case this one follows on from
    level_changes: list[LevelChangePlan] = field(default_factory=list)
    deadlines: list[DeadlinePlan] = field(default_factory=list)
    contacts: list[ContactPlan] = field(default_factory=list)
    alerts: list[AlertPlan] = field(default_factory=list)
    team: TeamPlan | None = None
    measures: list[MeasurePlan] = field(default_factory=list)
    lost_contacts: list[LostContactPlan] = field(default_factory=list)
    assessments: list[AssessmentPlan] = field(default_factory=list)


# --- The schedule simulation ----------------------------------------------------------------


@dataclass
class Timeline:
    """What happened to a case, as the simulation of its contacts needs it."""

    levels: list[tuple[dt.date, str]]  # (effective_on, level), the first on or before start
    active_from: dt.date  # the day scheduling began (report, handover, enrollment)
    stop_on: dt.date | None = None  # ended, hospitalised: the planned contact is cancelled
    planned_end: dt.date | None = None
    first_visit_within: int | None = None  # the first contact is a home visit within N days
    neglect_from: dt.date | None = None  # contacts due from this day on are not done
    phase_due: dt.date | None = None  # the first contact of a case older than the history


@dataclass
class Schedule:
    contacts: list[ContactPlan] = field(default_factory=list)
    next_due: dt.date | None = None
    lost_since: dt.date | None = None
    missed_alert_on: dt.date | None = None
    lost_on: dt.date | None = None  # lost to follow-up (HIV), per the scan's rule
    first_visit_on: dt.date | None = None


@dataclass(slots=True)
class _Planned:
    kind: str
    due_on: dt.date
    window_ends_on: dt.date
    planned_on: dt.date
    catch_up: bool


def _level_on(levels: list[tuple[dt.date, str]], day: dt.date) -> str:
    current = levels[0][1]
    for effective_on, level in levels:
        if effective_on <= day:
            current = level
    return current


class _Clock:
    """The reference date and the history window."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.history_from = dt.date(today.year, 1, 1)
        # The scan runs daily; the demo is the state after yesterday's run.
        self.last_scan = today - ONE_DAY
        self.year_share = (today - self.history_from).days / 365


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def simulate_contacts(
    rng: random.Random,
    clock: _Clock,
    rules: dict[str, LevelRule],
    line: Timeline,
    notes: tuple[str, ...],
    *,
    lost_after: int | None = None,
) -> Schedule:
    """Walk a case's contacts from its start (or 1 January) to today.

    Steps, for the planned contact: decide whether it is done (on a day around its due date,
    inside its window) or missed; a level change before that day cancels it and plans the
    next from the change; the end of the case cancels it; a done contact plans the next one
    interval later; a missed one is marked by the scan the day after its window closed,
    which plans a catch-up for that day; an HIV case still not seen ``lost_after`` days after
    the first missed due date is lost to follow-up. A contact whose outcome falls on or
    after today stays planned.
    """
    today, last_scan = clock.today, clock.last_scan
    start = max(line.active_from, clock.history_from)
    changes = [
        change
        for change in line.levels
        if start < change[0] <= today and (line.stop_on is None or change[0] < line.stop_on)
    ]
    level = _level_on(line.levels, start)
    result = Schedule()

    def plan(after: dt.date, level: str) -> _Planned | None:
        rule = rules[level]
        if not rule.interval_days:
            return None
        due = after + dt.timedelta(days=rule.interval_days)
        if line.planned_end is not None and due > line.planned_end:
            return None
        return _Planned(
            rule.contact_kind, due, due + dt.timedelta(days=rule.grace_days), after, False
        )

    def row(contact: _Planned, status: str, done_on: dt.date | None = None) -> None:
        note = _pick(rng, notes) if done_on and rng.random() < NOTE_SHARE else None
        result.contacts.append(
            ContactPlan(
                _uuid(rng),
                contact.kind,
                status,
                contact.due_on,
                contact.window_ends_on,
                done_on,
                note,
            )
        )

    current: _Planned | None
    if line.active_from >= clock.history_from:
        current = plan(line.active_from, level)
    else:
        rule = rules[level]
        interval = rule.interval_days or 1
        due = line.phase_due or clock.history_from + dt.timedelta(days=int(rng.random() * interval))
        current = None
        if line.planned_end is None or due <= line.planned_end:
            current = _Planned(
                rule.contact_kind,
                due,
                due + dt.timedelta(days=rule.grace_days),
                due - dt.timedelta(days=interval),
                False,
            )
    first_visit = line.first_visit_within
    if first_visit and line.active_from < clock.history_from:
        # The first home visit of a case that began before the history is history too: it
        # was made (and met its deadline), but has no row.
        result.first_visit_on = line.active_from + dt.timedelta(
            days=1 + int(rng.random() * first_visit)
        )
        first_visit = None
    while True:
        change_on = changes[0][0] if changes else None
        if current is None:
            if change_on is None:
                break
            level = changes.pop(0)[1]
            current = plan(change_on, level)
            continue
        rule = rules[level]
        missed = False
        if first_visit and not current.catch_up:
            resolved_on = line.active_from + dt.timedelta(days=1 + int(rng.random() * first_visit))
            current.kind = ContactKind.HOME_VISIT
        elif (line.neglect_from is not None and current.due_on >= line.neglect_from) or (
            rng.random() < (CATCH_UP_MISS_RATE if current.catch_up else MISS_RATE)
        ):
            missed = True
            resolved_on = current.window_ends_on + ONE_DAY  # the day the scan marks it
        else:
            early = 0 if current.catch_up else min(3, (rule.interval_days or 3) // 3)
            offset = rng.randint(-early, rule.grace_days)
            resolved_on = min(
                max(current.due_on + dt.timedelta(days=offset), current.planned_on + ONE_DAY),
                current.window_ends_on,
            )
        if lost_after and result.lost_since is not None:
            lost_on = result.lost_since + dt.timedelta(days=lost_after)
            if (
                lost_on <= resolved_on
                and lost_on <= last_scan
                and (change_on is None or change_on >= lost_on)
                and (line.stop_on is None or line.stop_on > lost_on)
            ):
                row(current, ContactStatus.CANCELLED)
                result.lost_on = lost_on
                return result
        if change_on is not None and change_on < resolved_on:
            row(current, ContactStatus.CANCELLED)
            level = changes.pop(0)[1]
            current = plan(change_on, level)
            continue
        if line.stop_on is not None and line.stop_on <= resolved_on:
            row(current, ContactStatus.CANCELLED)
            current = None
            break
        if not missed:
            if resolved_on >= today:
                break
            row(current, ContactStatus.DONE, resolved_on)
            if first_visit:
                result.first_visit_on = resolved_on
                first_visit = None
            result.lost_since = result.missed_alert_on = None
            current = plan(resolved_on, level)
            continue
        if resolved_on > last_scan:
            break
        row(current, ContactStatus.MISSED)
        result.lost_since = result.lost_since or current.due_on
        result.missed_alert_on = result.missed_alert_on or resolved_on
        current = _Planned(
            current.kind,
            resolved_on,
            resolved_on + dt.timedelta(days=rule.grace_days),
            resolved_on,
            True,
        )
    if current is not None:
        row(current, ContactStatus.PLANNED)
        result.next_due = current.due_on
    return result


# --- The county's casework ------------------------------------------------------------------


@dataclass
class CountyCasework:
    county_index: int
    today: dt.date
    cases: list[CasePlan]


def _phone(rng: random.Random) -> str:
    return f"{_pick(rng, names.MOBILE_PREFIXES)}{int(rng.random() * 10**8):08d}"


def _name(rng: random.Random, sex: str, birth_year: int) -> str:
    return _SURNAMES.draw(rng) + _given_name(rng, sex, birth_year)


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class _County:
    """Builds one county's cases; every draw comes from the county's own random stream."""

    def __init__(
        self,
        plan: DemoPlan,
        county_index: int,
        people: Sequence[PersonFacts],
        today: dt.date,
        directory: StaffDirectory,
    ) -> None:
        self.plan = plan
        self.county = plan.counties[county_index]
        self.people = people
        self.clock = _Clock(today)
        self.today = today
        self.directory = directory
        self.rng = _rng(plan.seed, f"casework:{county_index}")
        self.factor = self.county.people / REFERENCE_PEOPLE
        self.cases: list[CasePlan] = []
        self.seat = next(
            t.region.code for t in self.county.townships if t.region.code.endswith("100")
        )
        self.decider = directory.deciders[
            agency_key(AgencyKind.JUSTICE_BUREAU, self.county.region.code)
        ].username
        regions = {region.code: region for region in plan.regions}
        self.county_name = self.county.region.name
        parent = self.county.region.parent_code
        self.city_name = regions[parent].name if parent else self.county_name
        self.pools: dict[str, list[int]] = {}
        for index, person in enumerate(people):
            if not person.restricted:
                self.pools.setdefault(person.owner_kind, []).append(index)
        for pool in self.pools.values():
            self.rng.shuffle(pool)
        self.rules = {
            spec.code: spec.levels()
            for spec in (
                corrections.SPEC,
                reentry.SPEC,
                mental_health.SPEC,
                drug_rehab.SPEC,
                hiv.SPEC,
                youth_support.SPEC,
            )
        }

    # -- helpers ----------------------------------------------------------------------------
    def count(self, per_county: float, *, per_year: bool = False) -> int:
        share = self.clock.year_share if per_year else 1.0
        return round(per_county * self.factor * share)

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        span = (last - first).days
        return first + dt.timedelta(days=int(self.rng.random() * (span + 1))) if span > 0 else first

    def take(
        self,
        kind: str,
        *,
        aged_on: dt.date | None = None,
        ages: tuple[int, int] = (16, 120),
        seat: bool = False,
    ) -> int:
        """A person of the ``kind`` agency's files not used yet, aged within ``ages`` on
        ``aged_on`` and, with ``seat``, living in the county seat; -1 when none is left. The
        pool is shuffled, so taking from its end is a random draw, and most draws take the
        first person looked at."""
        pool = self.pools.get(kind, [])
        low, high = ages
        for position in range(len(pool) - 1, -1, -1):
            person = self.people[pool[position]]
            if seat and person.township_code != self.seat:
                continue
            if aged_on is not None and not low <= _age_on(person.birth_date, aged_on) <= high:
                continue
            return pool.pop(position)
        return -1

    def worker(self, key: str, *, first: bool = False) -> Worker | None:
        workers = self.directory.workers.get(key)
        if not workers:
            return None
        return workers[0] if first else _pick(self.rng, workers)

    def new_case(
        self,
        spec: ProgramSpec,
        person: int,
        *,
        owner: str,
        worker: Worker | None,
        started_on: dt.date,
        details: dict[str, Any],
        status: str,
        level: str,
        reason: str = "登记时确定",
    ) -> CasePlan:
        cleaned = spec.clean_details(details)
        case = CasePlan(
            uuid=_uuid(self.rng),
            person=person,
            program=spec.code,
            status=status,
            level=level,
            category=spec.category(cleaned),
            owner_agency_key=owner,
            worker=worker.username if worker else None,
            started_on=started_on,
            details=cleaned,
            risk_level=cleaned.get("risk_level"),
            planned_end_on=spec.planned_end(started_on, cleaned),
        )
        case.level_changes.append(
            LevelChangePlan("", level, case.risk_level, started_on, reason, self.recorder(case))
        )
        self.cases.append(case)
        return case

    def recorder(self, case: CasePlan) -> str:
        return case.worker or self.decider

    def deadline(
        self,
        case: CasePlan,
        code: str,
        due_on: dt.date,
        citation: str,
        met_on: dt.date | None,
    ) -> DeadlinePlan:
        """A deadline as the actions and the daily scan leave it: met on ``met_on`` if that
        is in time; else, on an ended case, missed if it fell due before the end and waived
        if not; on an open case, missed (with its open alert) if yesterday's scan saw it
        overdue, else open."""
        if met_on is not None and met_on <= due_on and met_on < self.today:
            status = DeadlineStatus.MET
        elif case.ended_on is not None:
            met_on = None
            status = DeadlineStatus.MISSED if due_on < case.ended_on else DeadlineStatus.WAIVED
        elif due_on < self.clock.last_scan:
            met_on, status = None, DeadlineStatus.MISSED
        else:
            met_on, status = None, DeadlineStatus.OPEN
        row = DeadlinePlan(_uuid(self.rng), code, due_on, citation, status, met_on)
        case.deadlines.append(row)
        if status == DeadlineStatus.MISSED and case.ended_on is None:
            case.alerts.append(
                AlertPlan(AlertKind.DEADLINE_MISSED, f"deadline:{row.uuid}", due_on + ONE_DAY)
            )
        return row

    def schedule(
        self, case: CasePlan, line: Timeline, *, lost_after: int | None = None
    ) -> Schedule:
        result = simulate_contacts(
            self.rng,
            self.clock,
            self.rules[case.program],
            line,
            NOTES[case.program],
            lost_after=lost_after,
        )
        case.contacts = result.contacts
        case.next_contact_due_on = result.next_due
        case.lost_contact_since = result.lost_since
        if result.missed_alert_on is not None and case.ended_on is None:
            case.alerts.append(
                AlertPlan(
                    AlertKind.CONTACT_MISSED, f"contact_missed:{case.uuid}", result.missed_alert_on
                )
            )
        if result.lost_on is not None:
            case.status = "lost"
            case.next_contact_due_on = None
            case.alerts.append(
                AlertPlan(AlertKind.LOST_TO_FOLLOW_UP, f"lost:{case.uuid}", result.lost_on)
            )
        return result

    def change_level(
        self,
        case: CasePlan,
        line: Timeline,
        on: dt.date,
        level: str,
        reason: str,
        risk_level: int | None = None,
    ) -> None:
        previous = line.levels[-1][1]
        line.levels.append((on, level))
        case.level_changes.append(
            LevelChangePlan(previous, level, risk_level, on, reason, self.recorder(case))
        )
        case.level = level

    def measure(
        self, case: CasePlan, kind: str, on: dt.date, reason: str, suggestion: str = ""
    ) -> None:
        case.measures.append(
            MeasurePlan(_uuid(self.rng), kind, on, self.decider, reason, suggestion)
        )

    def case_worker(self, case: CasePlan) -> Worker | None:
        return next(
            (
                worker
                for worker in self.directory.workers.get(case.owner_agency_key, [])
                if worker.username == case.worker
            ),
            None,
        )

    def member(
        self, role: str, sex: str, born: int, on: dt.date, *, name: str = "", phone: str = ""
    ) -> MemberPlan:
        """A team member without a login (family, cadre, volunteer)."""
        rng = self.rng
        return MemberPlan(
            role, name or _name(rng, sex, born), sex, phone or _phone(rng), None, on, None
        )

    def family_member(self, facts: PersonFacts, on: dt.date) -> MemberPlan:
        """The family contact on the person's file, or a relative when there is none."""
        if facts.family is None:
            sex = "F" if self.rng.random() < 0.5 else "M"
            born = facts.birth_date.year - self.rng.randint(-5, 28)
            return self.member(TeamRole.FAMILY, sex, born, on)
        relation, name, phone = facts.family
        female = facts.sex == "M" if relation == "配偶" else relation in names.FEMALE_RELATIONS
        return self.member(TeamRole.FAMILY, "F" if female else "M", 0, on, name=name, phone=phone)

    # -- community corrections --------------------------------------------------------------
    def term(self, kind: str, low: int, high: int) -> int | None:
        """Months of a term of ``kind`` between ``low`` and ``high`` and the legal limits."""
        legal_low, legal_high = corrections.TERM_LIMITS_MONTHS[kind]
        low, high = max(low, legal_low), min(high, legal_high)
        if low > high:
            return None
        for _ in range(8):
            months = TERM_MONTHS[kind].draw(self.rng)
            if low <= months <= high:
                return months
        return self.rng.randint(low, high)

    def corrections_cases(self) -> None:
        """This year's caseload: cases released or revoked this year that began before
        1 January or this year, cases still open, reports still pending; three planted in
        the county seat for its first worker (a report deadline missed and searched for, one
        that fell due yesterday, a case whose recent reports were all missed) and a judgment
        three days old elsewhere."""
        jan1, today = self.clock.history_from, self.today
        released = self.count(CORRECTIONS_RELEASED_PER_YEAR, per_year=True)
        revoked = self.count(CORRECTIONS_REVOKED_PER_YEAR, per_year=True)
        received = self.count(CORRECTIONS_RECEIVED_PER_YEAR, per_year=True)
        months_so_far = (today.year - jan1.year) * 12 + today.month - 1
        short = round(released * SHORT_TERM_SHARE) if months_so_far >= 4 else 0
        open_before = max(self.count(CORRECTIONS_AT_NEW_YEAR) - (released - short) - revoked, 0)
        planted = (today - jan1).days > 60 and received - short >= 8
        open_this_year = max(received - short - (4 if planted else 0), 0)
        yesterday, far = today - ONE_DAY, today + dt.timedelta(days=3650)
        for _ in range(released - short):
            self.corrections_case(ends=(jan1, yesterday), starts=(None, jan1 - ONE_DAY))
        for _ in range(short):
            self.corrections_case(
                ends=(jan1, yesterday), starts=(jan1, yesterday), longest=months_so_far
            )
        for _ in range(revoked):
            revoked_on = self.day_between(jan1, yesterday)
            self.corrections_case(
                ends=(revoked_on + ONE_DAY, far),
                starts=(None, jan1 - ONE_DAY),
                revoked_on=revoked_on,
            )
        for _ in range(open_before):
            self.corrections_case(ends=(today, far), starts=(None, jan1 - ONE_DAY))
        for _ in range(open_this_year):
            self.corrections_case(ends=(today, far), starts=(jan1, yesterday))
        if not planted:
            return
        # In effect 2–3 weeks ago and never reported: missed, and searched for (art 30).
        missed_on = today - dt.timedelta(days=13 + int(self.rng.random() * 8))
        self.corrections_case(ends=(today, far), starts=(missed_on, missed_on), planted="absent")
        # In effect 11 days ago, not reported: due yesterday; today's scan raises the alert.
        due_yesterday = today - dt.timedelta(days=11)
        self.corrections_case(
            ends=(today, far), starts=(due_yesterday, due_yesterday), planted="absent"
        )
        # Reported five or six weeks ago, still strict (weekly), the last reports not made.
        reported = today - dt.timedelta(days=35 + int(self.rng.random() * 10))
        self.corrections_case(ends=(today, far), starts=(reported, reported), planted="absconded")
        # In effect three days ago, anywhere in the county: seven days left to report.
        fresh = today - dt.timedelta(days=3)
        self.corrections_case(ends=(today, far), starts=(fresh, fresh), planted="fresh")

    def corrections_case(
        self,
        *,
        ends: tuple[dt.date, dt.date],
        starts: tuple[dt.date | None, dt.date],
        longest: int = 120,
        revoked_on: dt.date | None = None,
        planted: str = "",
    ) -> None:
        """One case whose term starts within ``starts`` and ends within ``ends`` (a start of
        None: any time before). Steps: draw the type and term; take a person of the
        township's 司法所 files; report within 10 days (or not, for the planted absentees
        and judgments of the last days); levels, measures, contacts, deadlines, team; a
        released case opens its 安置帮教 case."""
        rng, today = self.rng, self.today
        for _attempt in range(60):
            kind = SUPERVISION_MIX.draw(rng)
            if revoked_on is not None and kind not in REVOCATIONS:
                continue
            months = self.term(kind, 2, longest)
            if months is None:
                continue
            if starts[0] is None:
                # Began before the window: pick the end, count the term back from it.
                end = self.day_between(ends[0], min(ends[1], today + dt.timedelta(days=1460)))
                start = add_months(end + ONE_DAY, -months)
            else:
                start = self.day_between(starts[0], starts[1])
            end = term_end(start, months=months)
            if ends[0] <= end <= ends[1] and start <= starts[1] and start >= (starts[0] or start):
                break
        else:
            return
        seat = planted in ("absent", "absconded")
        person = self.take(AgencyKind.JUSTICE_OFFICE, aged_on=start, seat=seat)
        if person < 0:
            return
        facts = self.people[person]
        owner = agency_key(AgencyKind.JUSTICE_OFFICE, facts.township_code)
        court = {
            "parole": self.city_name + "中级人民法院",
            "temporary_outside": PROVINCE_NAME + "第一监狱",
        }.get(kind, self.county_name + "人民法院")
        case = self.new_case(
            corrections.SPEC,
            person,
            owner=owner,
            worker=self.worker(owner, first=seat),
            started_on=start,
            details={
                "supervision_type": kind,
                "judgment_effective_on": start.isoformat(),
                "term_years": months // 12,
                "term_months": months % 12,
                "court": court,
                "offence": _pick(rng, OFFENCES),
            },
            status="pending_report",
            level=corrections.SPEC.initial_level({}),
        )
        index = len(self.cases) - 1
        planned_end = end
        reported_on = start + dt.timedelta(days=1 + int(rng.random() * _pick(rng, (4, 9))))
        if planted in ("absent", "fresh") or reported_on >= today:
            for draft in corrections.SPEC.deadlines_on_enroll(start, case.details, end):
                row = self.deadline(case, draft.code, draft.due_on, draft.citation, None)
                if draft.code == "report" and row.status == DeadlineStatus.MISSED:
                    self.lost_contact(case, draft.due_on + ONE_DAY)
            return
        case.status = "active"
        if revoked_on is not None:
            case.status, case.ended_on = "terminated", revoked_on
            case.end_reason = REVOCATIONS[kind]
        elif planned_end < today:
            case.status, case.ended_on, case.end_reason = "released", planned_end, "term_end"
        line = Timeline(
            levels=[(start, case.level)],
            active_from=reported_on,
            stop_on=case.ended_on,
            planned_end=planned_end,
            first_visit_within=min(10, int(corrections.SPEC.rules()["first_home_visit_days"])),
            neglect_from=today - dt.timedelta(days=20) if planted == "absconded" else None,
        )
        self.corrections_levels(case, line, reported_on)
        first_visit_on = self.schedule(case, line).first_visit_on
        for draft in corrections.SPEC.deadlines_on_enroll(start, case.details, planned_end):
            met_on = reported_on if draft.code == "report" else None
            if draft.code == "pre_release_summary" and draft.due_on < today - ONE_DAY:
                met_on = max(draft.due_on - dt.timedelta(days=int(rng.random() * 10)), start)
            self.deadline(case, draft.code, draft.due_on, draft.citation, met_on)
        for draft in corrections.SPEC.deadlines_on_transition("report", reported_on, case):
            self.deadline(case, draft.code, draft.due_on, draft.citation, first_visit_on)
        self.correction_team(case, reported_on)
        if planted == "absconded" and case.lost_contact_since is not None:
            self.lost_contact(case, case.lost_contact_since)
        if case.status == "released":
            self.reentry_case(
                person,
                released_on=planned_end,
                source=index,
                owner=owner,
                worker=self.case_worker(case),
            )

    def corrections_levels(self, case: CasePlan, line: Timeline, reported_on: dt.date) -> None:
        """Strict for the first months ([L] strict_first_months), then ordinary; lenient later
        for some, with a praise; reprimands for some; two reprimands then a warning (strict
        again for two months) for a few, and for every revoked case, with its proposal."""
        rng = self.rng
        end = min(case.ended_on or self.today, self.today)
        months = int(corrections.SPEC.rules()["strict_first_months"])
        ordinary_on = add_months(reported_on, months)
        if ordinary_on >= end:
            return
        self.change_level(
            case, line, ordinary_on, "ordinary", "入矫满两个月,经分类管理评估调整为普管"
        )
        roll = rng.random()
        if case.status == "terminated" or roll < 0.04:
            first = self.day_between(ordinary_on, end - ONE_DAY)
            second = self.day_between(first + ONE_DAY, end - ONE_DAY)
            warned = self.day_between(second + ONE_DAY, end - ONE_DAY)
            for day in (first, second):
                self.measure(case, MeasureKind.REPRIMAND, day, _pick(rng, REPRIMAND_REASONS))
            self.measure(
                case,
                MeasureKind.WARNING,
                warned,
                "受到训诫后仍未按规定报告。",
                "两次训诫后仍未改正:建议给予警告。",
            )
            if case.status == "terminated":
                self.measure(
                    case,
                    PROPOSALS[case.end_reason],
                    self.day_between(warned, end - ONE_DAY),
                    "受到警告后仍违反监督管理规定,情节严重。",
                    "警告后仍未改正:建议提请撤销或收监执行。",
                )
            elif warned > ordinary_on:
                self.change_level(case, line, warned, "strict", "受到警告,调整为严管")
                back_on = add_months(warned, 2)
                if back_on < end:
                    self.change_level(case, line, back_on, "ordinary", "严管期满表现稳定,恢复普管")
            return
        if roll < 0.14:
            self.measure(
                case,
                MeasureKind.REPRIMAND,
                self.day_between(ordinary_on, end - ONE_DAY),
                _pick(rng, REPRIMAND_REASONS),
            )
        lenient_on = add_months(ordinary_on, 6 + int(rng.random() * 6))
        if roll > 0.7 and lenient_on < end:
            if rng.random() < 0.5:
                self.measure(
                    case,
                    MeasureKind.PRAISE,
                    lenient_on - dt.timedelta(days=10),
                    "矫正期间遵纪守法,积极参加公益活动,表现良好。",
                )
            self.change_level(
                case, line, lenient_on, "lenient", "连续六个月普管且考核良好,调整为宽管"
            )

    def correction_team(self, case: CasePlan, formed_on: dt.date) -> None:
        """The 司法所 worker as leader, a village cadre and a family member; a woman's team
        includes a woman (社区矫正法 art 25), a minor's someone who knows minors (art 52)."""
        rng = self.rng
        facts = self.people[case.person]
        members: list[MemberPlan] = []
        leader = self.case_worker(case)
        if leader is not None:
            members.append(
                MemberPlan(
                    TeamRole.LEADER, leader.name, leader.sex, None, leader.username, formed_on, None
                )
            )
        members.append(self.family_member(facts, formed_on))
        has_woman = any(member.sex == "F" for member in members)
        cadre_sex = "F" if (facts.sex == "F" and not has_woman) or rng.random() < 0.4 else "M"
        members.append(
            self.member(TeamRole.VILLAGE_CADRE, cadre_sex, rng.randint(1965, 1992), formed_on)
        )
        if _age_on(facts.birth_date, case.started_on) < 18:
            members.append(
                self.member(TeamRole.MINORS_SPECIALIST, "F", rng.randint(1970, 1995), formed_on)
            )
        elif rng.random() < 0.25:
            sex = "M" if rng.random() < 0.5 else "F"
            members.append(
                self.member(TeamRole.SOCIAL_WORKER, sex, rng.randint(1980, 2000), formed_on)
            )
        for member in members:
            member.left_on = case.ended_on
        case.team = TeamPlan(_uuid(rng), TeamKind.CORRECTION, members)

    def lost_contact(self, case: CasePlan, since_on: dt.date) -> None:
        """An open 脱管 episode, searched for by phone, on foot, by information check and
        through the police (社区矫正法 art 30)."""
        if case.worker is None or since_on >= self.today:
            return
        searches = [
            SearchPlan(since_on + dt.timedelta(days=offset), method, outcome, case.worker)
            for offset, method, outcome in SEARCH_STEPS
            if since_on + dt.timedelta(days=offset) < self.today
        ]
        police_on = since_on + dt.timedelta(days=2)
        case.lost_contacts.append(
            LostContactPlan(
                _uuid(self.rng),
                since_on,
                police_on if police_on < self.today else None,
                case.worker,
                searches,
            )
        )

    # -- 安置帮教 -----------------------------------------------------------------------------
    def reentry_case(
        self,
        person: int,
        *,
        released_on: dt.date,
        source: int | None,
        owner: str,
        worker: Worker | None,
        key_subject: bool = False,
        prison: str = "",
        handed_over: bool = True,
    ) -> None:
        """A 安置帮教 case: from corrections, active from the release; from prison, opened on
        the release notice a month ahead and active from the handover on the release day; a
        帮教小组 formed at the first home visit. A few released before this year left soon
        after that visit: no team was formed, and they have not been reached since
        1 January."""
        spec, today = reentry.SPEC, self.today
        details = {
            "source": "prison" if source is None else "corrections",
            "released_on": released_on.isoformat(),
            "key_subject": key_subject,
            "prison": prison,
        }
        started_on = released_on
        if source is None:
            notice = released_on - dt.timedelta(days=25 + int(self.rng.random() * 10))
            started_on = min(notice, today)
        level = spec.initial_level(details)
        case = self.new_case(
            spec,
            person,
            owner=owner,
            worker=worker,
            started_on=started_on,
            details=details,
            status=spec.initial_status(details),
            level=level,
            reason="解除社区矫正后自动转入安置帮教" if source is not None else "登记时确定",
        )
        case.source = source
        planned_end = case.planned_end_on
        first_visit_on: dt.date | None = None
        if handed_over:
            case.status = "active"
            if planned_end is not None and planned_end < today:
                case.status, case.ended_on, case.end_reason = "ended", planned_end, "period_end"
            unreached = (
                case.ended_on is None
                and released_on < self.clock.history_from
                and self.rng.random() < REENTRY_UNREACHED_SHARE
            )
            line = Timeline(
                levels=[(started_on, level)],
                active_from=released_on,
                stop_on=case.ended_on,
                planned_end=planned_end,
                first_visit_within=int(spec.rules()["first_home_visit_days"]),
                neglect_from=self.clock.history_from if unreached else None,
            )
            first_visit_on = self.schedule(case, line).first_visit_on
            if not unreached and first_visit_on is not None and first_visit_on < today:
                self.aid_team(case, first_visit_on)
        for draft in spec.deadlines_on_enroll(started_on, case.details, planned_end):
            met_on = first_visit_on
            if draft.code == "handover":
                met_on = released_on if handed_over else None
            self.deadline(case, draft.code, draft.due_on, draft.citation, met_on)

    def aid_team(self, case: CasePlan, formed_on: dt.date) -> None:
        """帮教小组 in the county's "四位一体" model (司法所, 派出所, village, family): the
        司法所 worker as leader, the township's police officer, a village cadre and a family
        member (seed summary, 2020)."""
        facts = self.people[case.person]
        members: list[MemberPlan] = []
        police_station = agency_key(AgencyKind.POLICE_STATION, facts.township_code)
        for role, staff in (
            (TeamRole.LEADER, self.case_worker(case)),
            (TeamRole.POLICE, self.worker(police_station, first=True)),
        ):
            if staff is not None:
                members.append(
                    MemberPlan(role, staff.name, staff.sex, None, staff.username, formed_on, None)
                )
        sex = "M" if self.rng.random() < 0.6 else "F"
        members.append(
            self.member(TeamRole.VILLAGE_CADRE, sex, self.rng.randint(1965, 1992), formed_on)
        )
        members.append(self.family_member(facts, formed_on))
        for member in members:
            member.left_on = case.ended_on
        case.team = TeamPlan(_uuid(self.rng), TeamKind.AID, members)

    def earlier_corrections(self) -> None:
        """Corrections cases released in the five years before this one: the ended case
        (levels and deadlines; no contacts, which predate the history) and the 安置帮教 case
        it opened, still running or ended this year."""
        rng, jan1 = self.rng, self.clock.history_from
        for years_back in range(5, 0, -1):
            year = jan1.year - years_back
            for _ in range(self.count(REENTRY_FROM_CORRECTIONS_PER_YEAR)):
                release_target = self.day_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
                if term_end(release_target, years=5) < jan1:
                    continue
                kind = SUPERVISION_MIX.draw(rng)
                months = self.term(kind, 3, 36) or 12
                start = add_months(release_target + ONE_DAY, -months)
                end = term_end(start, months=months)
                person = self.take(AgencyKind.JUSTICE_OFFICE, aged_on=start)
                if person < 0:
                    return
                owner = agency_key(AgencyKind.JUSTICE_OFFICE, self.people[person].township_code)
                worker = self.worker(owner)
                case = self.new_case(
                    corrections.SPEC,
                    person,
                    owner=owner,
                    worker=worker,
                    started_on=start,
                    details={
                        "supervision_type": kind,
                        "judgment_effective_on": start.isoformat(),
                        "term_years": months // 12,
                        "term_months": months % 12,
                        "court": self.county_name + "人民法院",
                        "offence": _pick(rng, OFFENCES),
                    },
                    status="released",
                    level=corrections.SPEC.initial_level({}),
                )
                index = len(self.cases) - 1
                case.ended_on, case.end_reason = end, "term_end"
                reported_on = start + dt.timedelta(days=1 + int(rng.random() * 5))
                ordinary_on = add_months(reported_on, 2)
                if ordinary_on < end:
                    line = Timeline(levels=[(start, case.level)], active_from=reported_on)
                    self.change_level(
                        case, line, ordinary_on, "ordinary", "入矫满两个月,经分类管理评估调整为普管"
                    )
                for draft in corrections.SPEC.deadlines_on_enroll(start, case.details, end):
                    met_on = reported_on if draft.code == "report" else draft.due_on
                    self.deadline(case, draft.code, draft.due_on, draft.citation, met_on)
                for draft in corrections.SPEC.deadlines_on_transition("report", reported_on, case):
                    self.deadline(
                        case, draft.code, draft.due_on, draft.citation, reported_on + ONE_DAY
                    )
                self.reentry_case(person, released_on=end, source=index, owner=owner, worker=worker)

    def prison_releases(self) -> None:
        """Released from prison in the last five years (some key subjects, 重点帮教对象),
        release notices for the coming month (待衔接), and one released four days ago in the
        county seat whom nobody collected (必接必送): the handover deadline missed."""
        rng, jan1, today = self.rng, self.clock.history_from, self.today
        first = dt.date(jan1.year - 5, 1, 1)
        total = round(REENTRY_FROM_PRISON_PER_YEAR * self.factor * ((today - first).days / 365))
        releases = [self.day_between(first, today + dt.timedelta(days=30)) for _ in range(total)]
        for index, released_on in enumerate([*releases, today - dt.timedelta(days=4)]):
            if term_end(released_on, years=5) < jan1:
                continue
            planted = index == len(releases)
            person = self.take(AgencyKind.JUSTICE_OFFICE, aged_on=released_on, seat=planted)
            if person < 0:
                continue
            facts = self.people[person]
            owner = agency_key(AgencyKind.JUSTICE_OFFICE, facts.township_code)
            prisons = ("女子监狱",) if facts.sex == "F" else ("第一监狱", "第二监狱", "第三监狱")
            self.reentry_case(
                person,
                released_on=released_on,
                source=None,
                owner=owner,
                worker=self.worker(owner, first=planted),
                key_subject=rng.random() < KEY_SUBJECT_SHARE,
                prison=PROVINCE_NAME + _pick(rng, prisons),
                handed_over=released_on < today and not planted,
            )

    # -- health, police, civil affairs -------------------------------------------------------
    def mental_health_cases(self) -> None:
        """Patients of the township health centres: risk 0–5 and the stability class it
        gives (national specification), a few re-assessed this year with their assessment,
        a few in hospital or closed, care teams around the unstable ones, and one patient in
        the county seat whose recent follow-ups were missed."""
        spec, rng, jan1, today = mental_health.SPEC, self.rng, self.clock.history_from, self.today
        existing = self.count(MENTAL_HEALTH_PATIENTS)
        new = self.count(MENTAL_HEALTH_NEW_PER_YEAR, per_year=True)
        closed = self.count(MENTAL_HEALTH_CLOSED_PER_YEAR, per_year=True)
        in_hospital = self.count(MENTAL_HEALTH_IN_HOSPITAL)
        for index in range(existing + new + 1):
            planted = index == existing + new
            if index < existing or planted:
                started_on = self.day_between(dt.date(jan1.year - 12, 1, 1), jan1 - ONE_DAY)
            else:
                started_on = self.day_between(jan1, today - ONE_DAY)
            person = self.take(AgencyKind.TOWNSHIP_HEALTH_CENTRE, seat=planted)
            if person < 0:
                continue
            facts = self.people[person]
            owner = agency_key(AgencyKind.TOWNSHIP_HEALTH_CENTRE, facts.township_code)
            # The planted patient is basically stable: followed up monthly.
            risk = 2 if planted else RISK_MIX.draw(rng)
            controlled = risk > 0 or rng.random() < 0.7
            details = {
                "diagnosis": DIAGNOSIS_MIX.draw(rng),
                "risk_level": risk,
                "symptoms_controlled": controlled,
                "guardian_name": facts.family[1] if facts.family else "",
                "guardian_phone": facts.family[2] if facts.family else "",
            }
            level = mental_health.stability_for(risk, symptoms_controlled=controlled)
            case = self.new_case(
                spec,
                person,
                owner=owner,
                worker=self.worker(owner, first=planted),
                started_on=started_on,
                details=details,
                status="active",
                level=level,
            )
            line = Timeline(levels=[(started_on, level)], active_from=started_on)
            from_day = max(started_on, jan1) + ONE_DAY
            if not planted and rng.random() < 0.12 and from_day < today - ONE_DAY:
                assessed_on = self.day_between(from_day, today - ONE_DAY)
                risk = min(5, max(0, risk + _pick(rng, (-2, -1, 1, 1, 2))))
                new_level = mental_health.stability_for(risk, symptoms_controlled=controlled)
                self.change_level(
                    case, line, assessed_on, new_level, f"危险性评估为 {risk} 级", risk_level=risk
                )
                case.risk_level = risk
                case.assessments.append(
                    AssessmentPlan(
                        _uuid(rng),
                        AssessmentKind.MENTAL_HEALTH_RISK,
                        assessed_on,
                        risk,
                        {"risk_level": risk, "symptoms_controlled": controlled},
                        new_level,
                        self.recorder(case),
                    )
                )
            if index < closed and from_day < today:
                case.ended_on = self.day_between(from_day, today - ONE_DAY)
                case.status, case.end_reason = "ended", _pick(rng, ("death", "moved_away"))
                line.stop_on = case.ended_on
            elif closed <= index < closed + in_hospital:
                case.status = "hospitalised"
                line.stop_on = self.day_between(
                    max(from_day, today - dt.timedelta(days=60)), today - ONE_DAY
                )
            if planted:
                line.neglect_from = today - dt.timedelta(days=45)
            self.schedule(case, line)
            if case.status == "hospitalised":
                case.next_contact_due_on = None
            if (
                case.ended_on is None
                and (case.risk_level or 0) >= mental_health.POLICE_ALERT_FROM_RISK
            ):
                self.care_team(case, max(started_on, jan1))

    def care_team(self, case: CasePlan, formed_on: dt.date) -> None:
        """关爱帮扶小组 around an unstable patient: the doctor, the community police officer,
        a village cadre and the guardian (the "四个一" of domain-rules §7)."""
        rng = self.rng
        facts = self.people[case.person]
        members: list[MemberPlan] = []
        police_station = agency_key(AgencyKind.POLICE_STATION, facts.township_code)
        for role, staff in (
            (TeamRole.DOCTOR, self.case_worker(case)),
            (TeamRole.POLICE, self.worker(police_station, first=True)),
        ):
            if staff is not None:
                members.append(
                    MemberPlan(role, staff.name, staff.sex, None, staff.username, formed_on, None)
                )
        sex = "M" if rng.random() < 0.6 else "F"
        members.append(self.member(TeamRole.VILLAGE_CADRE, sex, rng.randint(1965, 1992), formed_on))
        members.append(self.family_member(facts, formed_on))
        case.team = TeamPlan(_uuid(rng), TeamKind.CARE, members)

    def drug_rehab_cases(self) -> None:
        """社区戒毒/社区康复 cases of the 派出所: three years from reporting (禁毒法 art 33),
        reported within 15 days of the decision (戒毒条例 arts 14, 38); some ended this
        year, a few sent to compulsory isolation, decisions awaiting the report, and one case
        in the county seat whose recent reports were missed."""
        spec, rng, jan1, today = drug_rehab.SPEC, self.rng, self.clock.history_from, self.today
        earliest = add_months(today, -12 * drug_rehab.DURATION_YEARS) + ONE_DAY
        fates: list[tuple[dt.date, str]] = []
        for _ in range(self.count(DRUG_REHAB_ACTIVE)):
            fates.append((self.day_between(earliest, today - ONE_DAY), "active"))
        for _ in range(self.count(DRUG_REHAB_ENDED_PER_YEAR, per_year=True)):
            ends = self.day_between(jan1, today - ONE_DAY)
            fates.append((add_months(ends + ONE_DAY, -12 * drug_rehab.DURATION_YEARS), "ended"))
        for _ in range(self.count(DRUG_REHAB_ISOLATED_PER_YEAR, per_year=True)):
            fates.append((self.day_between(earliest, jan1), "isolated"))
        for _ in range(max(1, self.count(2))):
            fates.append((today - dt.timedelta(days=int(rng.random() * 10)), "pending_report"))
        fates.append((today - dt.timedelta(days=50), "absconded"))
        for reported_on, fate in fates:
            planted = fate == "absconded"
            person = self.take(AgencyKind.POLICE_STATION, seat=planted)
            if person < 0:
                continue
            owner = agency_key(AgencyKind.POLICE_STATION, self.people[person].township_code)
            pending = fate == "pending_report"
            served_on = reported_on - dt.timedelta(
                days=0 if pending else 1 + int(rng.random() * 10)
            )
            case = self.new_case(
                spec,
                person,
                owner=owner,
                worker=self.worker(owner, first=planted),
                started_on=served_on,
                details={
                    "category": "community_detox" if rng.random() < 0.6 else "community_rehab",
                    "order_served_on": served_on.isoformat(),
                },
                status="pending_report",
                level=spec.initial_level({}),
            )
            (report,) = spec.deadlines_on_enroll(served_on, case.details, None)
            if pending:
                self.deadline(case, report.code, report.due_on, report.citation, None)
                continue
            case.status = "active"
            case.planned_end_on = spec.planned_end_after("report", reported_on, case)
            if fate == "ended" and case.planned_end_on and case.planned_end_on < today:
                case.status, case.ended_on, case.end_reason = (
                    "ended",
                    case.planned_end_on,
                    "release",
                )
            elif fate == "isolated":
                case.status, case.end_reason = "terminated", "compulsory_isolation"
                case.ended_on = self.day_between(jan1, today - ONE_DAY)
            line = Timeline(
                levels=[(served_on, case.level)],
                active_from=reported_on,
                stop_on=case.ended_on,
                planned_end=case.planned_end_on,
                neglect_from=today - dt.timedelta(days=30) if planted else None,
            )
            self.schedule(case, line)
            self.deadline(case, report.code, report.due_on, report.citation, reported_on)

    def hiv_cases(self) -> None:
        """Follow-up by the county CDC (艾滋病防治条例 art 34): every six months, or three
        for AIDS; one case missed its visit 80 days ago and, 28 days later, was lost to
        follow-up (the scan's rule)."""
        spec, rng, jan1, today = hiv.SPEC, self.rng, self.clock.history_from, self.today
        owner = agency_key(AgencyKind.CDC, self.county.region.code)
        lost_after = int(spec.rules()["lost_after_missed_days"])
        total = self.count(HIV_CASES)
        for index in range(total):
            person = self.take(AgencyKind.TOWNSHIP_HEALTH_CENTRE)
            if person < 0:
                continue
            stage = "aids" if rng.random() < 0.2 else "infected"
            started_on = self.day_between(dt.date(jan1.year - 10, 1, 1), jan1 - ONE_DAY)
            case = self.new_case(
                spec,
                person,
                owner=owner,
                worker=self.worker(owner, first=True),
                started_on=started_on,
                details={"stage": stage, "on_art": rng.random() < 0.92},
                status="active",
                level=stage,
            )
            line = Timeline(levels=[(started_on, stage)], active_from=started_on)
            lost_due = today - dt.timedelta(days=80)
            if index == total - 1 and lost_due > jan1:
                line.phase_due = line.neglect_from = lost_due
            self.schedule(case, line, lost_after=lost_after)

    def support_cases(self) -> None:
        """Voluntary support: 就业困难人员 (18–59) by the 人社局 and 重点青少年 (14–25) by the
        民政局, each with the date the person (or guardian) consented; some plans completed
        or consent withdrawn this year."""
        spec, rng, jan1, today = youth_support.SPEC, self.rng, self.clock.history_from, self.today
        ended = self.count(SUPPORT_ENDED_PER_YEAR, per_year=True)
        wanted = [("unemployed", AgencyKind.HUMAN_RESOURCES, (18, 59))] * self.count(
            UNEMPLOYED_SUPPORT
        )
        wanted += [("at_risk_youth", AgencyKind.CIVIL_AFFAIRS, (14, 25))] * self.count(
            YOUTH_SUPPORT
        )
        ends = 0
        for category, kind, ages in wanted:
            started_on = self.day_between(add_months(today, -24), today - ONE_DAY)
            person = self.take(AgencyKind.CIVIL_AFFAIRS, aged_on=started_on, ages=ages)
            if person < 0:
                continue
            owner = agency_key(kind, self.county.region.code)
            consent_on = started_on - dt.timedelta(days=int(rng.random() * 10))
            case = self.new_case(
                spec,
                person,
                owner=owner,
                worker=self.worker(owner),
                started_on=started_on,
                details={"category": category, "consent_on": consent_on.isoformat()},
                status="active",
                level=spec.initial_level({}),
            )
            line = Timeline(levels=[(started_on, case.level)], active_from=started_on)
            from_day = max(started_on, jan1) + dt.timedelta(days=30)
            if ends < ended and from_day < today:
                ends += 1
                case.ended_on = self.day_between(from_day, today - ONE_DAY)
                case.status = "ended"
                case.end_reason = "plan_completed" if rng.random() < 0.8 else "consent_withdrawn"
                line.stop_on = case.ended_on
            self.schedule(case, line)


def plan_casework(
    plan: DemoPlan,
    county_index: int,
    people: Sequence[PersonFacts],
    today: dt.date,
    directory: StaffDirectory,
) -> CountyCasework:
    """The county's cases, deterministic for (seed, county, its people, today)."""
    county = _County(plan, county_index, people, today, directory)
    county.corrections_cases()
    county.earlier_corrections()
    county.prison_releases()
    county.mental_health_cases()
    county.drug_rehab_cases()
    county.hiv_cases()
    county.support_cases()
    return CountyCasework(county_index, today, county.cases)
