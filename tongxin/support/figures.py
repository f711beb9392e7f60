"""Resettlement and help figures per township, over what the user may see.

Definitions (domain-rules §安置帮教 statistics; the county summary reports them yearly):

- 在册安置帮教对象: people with a 安置帮教 case in status 帮教中 on the day.
- 安置率 (resettlement rate): the share of them with a need met on or before the day in a
  resettlement pathway — accommodation, land, a job with an employer, self-employment,
  低保 or 特困供养 (``RESETTLEMENT_PATHWAYS``).
- 帮教率 (aid rate): the share of them whose case has a 帮教小组 or at least one contact
  done on or before the day — aid measures actually in place.
- Referrals by pathway and status; days to service: from sending to the start of service,
  the median over referrals whose service has started.

Each figure is counted by the township of the person's residence. Cases come through
``policy.enrollments_visible_to`` and referrals through ``policy.referrals_visible_to``, so a
township worker's figures are their township's and a county supervisor's the county's.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from tongxin.access import policy
from tongxin.organisation.models import Region
from tongxin.people.models import Person
from tongxin.programs.models import Contact, ContactStatus, Team
from tongxin.programs.registry import get_spec
from tongxin.support.actions import FACT_NAMES
from tongxin.support.models import (
    OPEN_REFERRAL_STATUSES,
    RESETTLEMENT_PATHWAYS,
    WELFARE_PATHWAYS,
    LivelihoodFacts,
    NeedStatus,
    Pathway,
    Referral,
    ReferralEvent,
    ReferralStatus,
    SupportNeed,
)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class TownshipFigures:
    name: str
    path: str
    reentry_people: int = 0
    resettled: int = 0
    aided: int = 0
    referrals: int = 0
    completed: int = 0
    days_to_service: list[int] = field(default_factory=list)

    @property
    def resettlement_rate(self) -> float | None:
        return _percent(self.resettled, self.reentry_people)

    @property
    def aid_rate(self) -> float | None:
        return _percent(self.aided, self.reentry_people)

    @property
    def median_days_to_service(self) -> float | None:
        return statistics.median(self.days_to_service) if self.days_to_service else None


@dataclass(frozen=True)
class PathwayRow:
    pathway: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class SupportFigures:
    as_of: dt.date
    townships: list[TownshipFigures]
    total: TownshipFigures
    by_pathway: list[PathwayRow]


def _township_of(regions: dict[int, Region], region_id: int) -> Region:
    region = regions[region_id]
    return region.township or region


def _statuses_on(day: dt.date, referral_ids: list[int]) -> dict[int, str]:
    """Each referral's status on ``day``, from its steps (a referral completed since then
    was still in service on that day)."""
    statuses: dict[int, str] = {}
    steps = (
        ReferralEvent.objects.filter(referral_id__in=referral_ids, on_date__lte=day)
        .order_by("on_date", "id")
        .values_list("referral_id", "status")
    )
    for referral_id, status in steps.iterator(chunk_size=5000):
        statuses[referral_id] = status
    return statuses


def support_figures(user: Any, as_of: dt.date) -> SupportFigures:
    reentry = get_spec("reentry").storage_code
    cases = (
        policy.enrollments_visible_to(user)
        .filter(program=reentry, status="active", started_on__lte=as_of)
        .annotate(
            resettled=Exists(
                SupportNeed.objects.filter(
                    person_id=OuterRef("person_id"),
                    pathway__in=sorted(RESETTLEMENT_PATHWAYS),
                    status=NeedStatus.MET,
                    closed_on__lte=as_of,
                )
            ),
            aided=Exists(Team.objects.filter(enrollment_id=OuterRef("pk")))
            | Exists(
                Contact.objects.filter(
                    enrollment_id=OuterRef("pk"), status=ContactStatus.DONE, done_on__lte=as_of
                )
            ),
        )
        .values("person_id", "person__residence_region_id", "resettled", "aided")
    )
    referrals = (
        policy.referrals_visible_to(user, today=as_of)
        .filter(sent_on__lte=as_of)
        .values("pk", "pathway", "sent_on", "service_started_on", "person__residence_region_id")
    )
    case_rows = list(cases)
    referral_rows = list(referrals)
    status_on = _statuses_on(as_of, [row["pk"] for row in referral_rows])
    region_ids = {row["person__residence_region_id"] for row in case_rows + referral_rows}
    regions = {r.pk: r for r in Region.objects.filter(pk__in=region_ids).select_related("parent")}

    by_township: dict[int, TownshipFigures] = {}
    total = TownshipFigures(name="", path="")

    def figures_for(region_id: int) -> TownshipFigures:
        township = _township_of(regions, region_id)
        if township.pk not in by_township:
            by_township[township.pk] = TownshipFigures(township.name, township.path)
        return by_township[township.pk]

    # A person with two active reentry cases (never expected) is counted once.
    seen_people: set[int] = set()
    for row in case_rows:
        if row["person_id"] in seen_people:
            continue
        seen_people.add(row["person_id"])
        for figures in (figures_for(row["person__residence_region_id"]), total):
            figures.reentry_people += 1
            figures.resettled += int(row["resettled"])
            figures.aided += int(row["aided"])

    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in referral_rows:
        status = status_on[row["pk"]]
        counts[row["pathway"]][status] += 1
        started = row["service_started_on"]
        for figures in (figures_for(row["person__residence_region_id"]), total):
            figures.referrals += 1
            figures.completed += int(status == ReferralStatus.COMPLETED)
            if started is not None and started <= as_of:
                figures.days_to_service.append((started - row["sent_on"]).days)
    by_pathway = [
        PathwayRow(code, str(label), dict(counts[code]))
        for code, label in Pathway.choices
        if code in counts
    ]
    return SupportFigures(
        as_of=as_of,
        townships=sorted(by_township.values(), key=lambda f: f.path),
        total=total,
        by_pathway=by_pathway,
    )


def three_nos_without_welfare_referral(user: Any) -> QuerySet[Person]:
    """People the user may edit whose newest recorded facts meet either sense of 三无 and who
    have no open referral for 低保, 特困供养 or 临时救助 — the list to act on. Like needs,
    the facts are support casework of the sector that owns the file."""
    newest = LivelihoodFacts.objects.filter(person_id=OuterRef("pk")).order_by(
        "-recorded_on", "-id"
    )
    open_welfare = Referral.objects.filter(
        person_id=OuterRef("pk"),
        pathway__in=sorted(WELFARE_PATHWAYS),
        status__in=OPEN_REFERRAL_STATUSES,
    )
    return (
        policy.people_visible_to(user, write=True)
        .annotate(**{f"newest_{name}": Subquery(newest.values(name)[:1]) for name in FACT_NAMES})
        .filter(
            Q(newest_no_home=True, newest_no_relatives=True, newest_no_work=True)
            | Q(newest_cannot_work=True, newest_no_income=True, newest_no_supporter=True)
        )
        .exclude(Exists(open_welfare))
        .select_related("residence_region")
        .order_by("residence_region__path", "name_pinyin", "id")
    )
