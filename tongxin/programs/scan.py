"""The periodic scan (``tongxin scan``, and a huey periodic task): marks missed contacts and
deadlines and raises alerts.

It is idempotent and never floods:
- rows are claimed with a conditional UPDATE (``status = 'planned'`` / ``'open'``), so a second
  run, or a second worker, finds nothing left to claim;
- alerts are keyed by cause (one open alert per enrollment and kind, per deadline) and inserted
  with ``ignore_conflicts`` against the partial unique index;
- ended enrollments have no planned contacts or open deadlines, so they are never touched.

Steps:
1. planned contacts whose window closed before today → missed; the enrollment is marked out of
   contact since the missed due date, a catch-up contact is planned for today, and one
   "contact missed" alert per enrollment is raised;
2. open deadlines due before today → missed, one alert each;
3. programs with a lost-to-follow-up rule (HIV: ≥ 28 days after a missed visit) → status lost,
   one alert each.
Each batch writes one audit row naming the rows it changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tongxin.audit.record import Actor, record_change
from tongxin.programs.models import (
    Alert,
    AlertKind,
    Contact,
    ContactStatus,
    Deadline,
    DeadlineStatus,
    Enrollment,
)
from tongxin.programs.registry import LevelRule, all_specs, get_spec

BATCH = 5000


@dataclass
class ScanReport:
    contacts_missed: int = 0
    deadlines_missed: int = 0
    lost_to_follow_up: int = 0
    alerts_raised: int = 0


def _raise_alerts(alerts: list[Alert]) -> int:
    """Insert the alerts whose cause has no open alert yet; returns how many were new.

    Existing causes are looked up on the partial unique index; ignore_conflicts still covers
    a concurrent scan inserting the same cause between the look-up and the insert.
    """
    if not alerts:
        return 0
    open_causes = set(
        Alert.objects.filter(
            resolved_at__isnull=True, cause_key__in=[alert.cause_key for alert in alerts]
        ).values_list("cause_key", flat=True)
    )
    fresh = {alert.cause_key: alert for alert in alerts if alert.cause_key not in open_causes}
    Alert.objects.bulk_create(list(fresh.values()), ignore_conflicts=True)
    return len(fresh)


def _scan_contacts(today: dt.date, report: ScanReport, actor: Actor) -> None:
    # Level rules per stored program code, resolved once per run rather than once per row.
    levels_by_program: dict[str, dict[str, LevelRule]] = {}
    while True:
        with transaction.atomic():
            batch = list(
                Contact.objects.filter(status=ContactStatus.PLANNED, window_ends_on__lt=today)
                .select_related("enrollment")
                .order_by("id")[:BATCH]
            )
            if not batch:
                return
            claimed = Contact.objects.filter(
                pk__in=[c.pk for c in batch], status=ContactStatus.PLANNED
            ).update(status=ContactStatus.MISSED)
            report.contacts_missed += claimed
            by_due: dict[dt.date, list[int]] = defaultdict(list)
            catch_up: list[Contact] = []
            alerts: list[Alert] = []
            for contact in batch:
                enrollment = contact.enrollment
                by_due[contact.due_on].append(enrollment.pk)
                if enrollment.program not in levels_by_program:
                    levels_by_program[enrollment.program] = get_spec(enrollment.program).levels()
                rule = levels_by_program[enrollment.program].get(enrollment.level)
                grace = rule.grace_days if rule else 7
                catch_up.append(
                    Contact(
                        enrollment=enrollment,
                        kind=contact.kind,
                        due_on=today,
                        window_ends_on=today + dt.timedelta(days=grace),
                    )
                )
                alerts.append(
                    Alert(
                        kind=AlertKind.CONTACT_MISSED,
                        cause_key=f"contact_missed:{enrollment.uuid}",
                        enrollment=enrollment,
                        owner_agency_id=enrollment.owner_agency_id,
                        assignee_id=enrollment.responsible_worker_id,
                        raised_on=today,
                    )
                )
            for due_on, enrollment_ids in by_due.items():
                Enrollment.objects.filter(
                    pk__in=enrollment_ids, lost_contact_since__isnull=True
                ).update(lost_contact_since=due_on)
            Contact.objects.bulk_create(catch_up)
            Enrollment.objects.filter(pk__in=[c.enrollment_id for c in batch]).update(
                next_contact_due_on=today
            )
            report.alerts_raised += _raise_alerts(alerts)
            record_change(
                actor=actor,
                action="scan.contacts_missed",
                object_type="contact",
                object_ids=[c.uuid for c in batch],
                details={"on": today.isoformat()},
            )


def _scan_deadlines(today: dt.date, report: ScanReport, actor: Actor) -> None:
    while True:
        with transaction.atomic():
            batch = list(
                Deadline.objects.filter(status=DeadlineStatus.OPEN, due_on__lt=today)
                .select_related("enrollment")
                .order_by("id")[:BATCH]
            )
            if not batch:
                return
            report.deadlines_missed += Deadline.objects.filter(
                pk__in=[d.pk for d in batch], status=DeadlineStatus.OPEN
            ).update(status=DeadlineStatus.MISSED)
            report.alerts_raised += _raise_alerts(
                [
                    Alert(
                        kind=AlertKind.DEADLINE_MISSED,
                        cause_key=f"deadline:{deadline.uuid}",
                        enrollment=deadline.enrollment,
                        owner_agency_id=deadline.enrollment.owner_agency_id,
                        assignee_id=deadline.enrollment.responsible_worker_id,
                        raised_on=today,
                    )
                    for deadline in batch
                ]
            )
            record_change(
                actor=actor,
                action="scan.deadlines_missed",
                object_type="deadline",
                object_ids=[d.uuid for d in batch],
                details={"on": today.isoformat()},
            )


def _scan_lost_to_follow_up(today: dt.date, report: ScanReport, actor: Actor) -> None:
    for spec in all_specs():
        days = spec.rules().get("lost_after_missed_days")
        if not days or spec.transition("mark_lost") is None:
            continue
        cutoff = today - dt.timedelta(days=int(days))
        while True:
            with transaction.atomic():
                batch = list(
                    Enrollment.objects.filter(
                        program=spec.storage_code,
                        status="active",
                        lost_contact_since__lte=cutoff,
                    ).order_by("id")[:BATCH]
                )
                if not batch:
                    break
                ids = [e.pk for e in batch]
                report.lost_to_follow_up += Enrollment.objects.filter(
                    pk__in=ids, status="active"
                ).update(status="lost", next_contact_due_on=None)
                # A lost case is searched for, not visited on a schedule.
                Contact.objects.filter(enrollment_id__in=ids, status=ContactStatus.PLANNED).update(
                    status=ContactStatus.CANCELLED
                )
                report.alerts_raised += _raise_alerts(
                    [
                        Alert(
                            kind=AlertKind.LOST_TO_FOLLOW_UP,
                            cause_key=f"lost:{enrollment.uuid}",
                            enrollment=enrollment,
                            owner_agency_id=enrollment.owner_agency_id,
                            assignee_id=enrollment.responsible_worker_id,
                            raised_on=today,
                        )
                        for enrollment in batch
                    ]
                )
                record_change(
                    actor=actor,
                    action="scan.lost_to_follow_up",
                    object_type="enrollment",
                    object_ids=[e.uuid for e in batch],
                    details={"on": today.isoformat(), "program": spec.storage_code},
                )


def run_scan(today: dt.date | None = None) -> ScanReport:
    today = today or timezone.localdate()
    actor = Actor.system()
    report = ScanReport()
    _scan_contacts(today, report, actor)
    _scan_deadlines(today, report, actor)
    _scan_lost_to_follow_up(today, report, actor)
    return report
