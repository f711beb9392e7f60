"""Work queues: what a worker must do today and this week, and the same counted by agency
and worker for a supervisor. Reads the precomputed columns and partial indexes only
(planned contacts by due date, open deadlines, open alerts, open approvals), through the
access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tongxin.access import policy
from tongxin.programs.approvals import approvals_waiting_for
from tongxin.programs.models import (
    Alert,
    Approval,
    Contact,
    ContactStatus,
    Deadline,
    DeadlineStatus,
    Enrollment,
)

SOON_DAYS = 7
# What a queue row shows of its case and person.
SHOWN_CASE_COLUMNS = (
    "enrollment",
    "enrollment__uuid",
    "enrollment__program",
    "enrollment__version",
    "enrollment__ended_on",
    "enrollment__person",
    "enrollment__person__uuid",
    "enrollment__person__name",
)


@dataclass
class WorkQueue:
    today: dt.date
    overdue: list[Contact] = field(default_factory=list)
    due_today: list[Contact] = field(default_factory=list)
    due_soon: list[Contact] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    unassigned: list[Enrollment] = field(default_factory=list)
    # Requests whose next step (review or approval) the user decides.
    approvals: list[Approval] = field(default_factory=list)

    @property
    def enrollment_uuids(self) -> list[str]:
        """Every case the queue discloses (for its access-audit row)."""
        seen: dict[str, None] = {}
        for contact in [*self.overdue, *self.due_today, *self.due_soon]:
            seen[str(contact.enrollment.uuid)] = None
        for deadline in self.deadlines:
            seen[str(deadline.enrollment.uuid)] = None
        for alert in self.alerts:
            seen[str(alert.enrollment.uuid)] = None
        for enrollment in self.unassigned:
            seen[str(enrollment.uuid)] = None
        for approval in self.approvals:
            seen[str(approval.enrollment.uuid)] = None
        return list(seen)


def _my_open_cases(user: Any) -> QuerySet[Enrollment]:
    return policy.enrollments_visible_to(user, write=True).filter(
        responsible_worker=user, ended_on__isnull=True
    )


def worker_queue(user: Any, today: dt.date | None = None, limit: int = 200) -> WorkQueue:
    """The signed-in worker's queue: their own cases plus their agencies' unassigned ones.

    The worker's open cases are read once, as ids, rather than the access policy's subquery
    being planned and run inside each of the three queries; and the rows load only the
    columns a queue shows, so no encrypted column (ID number, phone, addresses, contact
    notes) is fetched and decrypted for a list of names. (Measured at province scale with
    benchmarks/bench_queue.py: about a quarter less time per call on both databases.)"""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=SOON_DAYS)
    queue = WorkQueue(today=today)
    mine = list(_my_open_cases(user).values_list("id", flat=True))
    contacts = (
        Contact.objects.filter(
            status=ContactStatus.PLANNED, due_on__lte=soon, enrollment_id__in=mine
        )
        .select_related("enrollment__person")
        .only("kind", "status", "due_on", "window_ends_on", *SHOWN_CASE_COLUMNS)
        .order_by("due_on", "id")[:limit]
    )
    for contact in contacts:
        if contact.due_on < today:
            queue.overdue.append(contact)
        elif contact.due_on == today:
            queue.due_today.append(contact)
        else:
            queue.due_soon.append(contact)
    queue.deadlines = list(
        Deadline.objects.filter(
            Q(status=DeadlineStatus.OPEN, due_on__lte=soon)
            | Q(status=DeadlineStatus.MISSED, enrollment__ended_on__isnull=True),
            enrollment_id__in=mine,
        )
        .select_related("enrollment__person")
        # A deadline's name may depend on the case's details (deadline_label).
        .only(
            "code",
            "due_on",
            "citation",
            "status",
            "met_on",
            "enrollment__details_text",
            *SHOWN_CASE_COLUMNS,
        )
        .order_by("due_on", "id")[:limit]
    )
    queue.alerts = list(
        Alert.objects.filter(resolved_at__isnull=True, enrollment_id__in=mine)
        .select_related("enrollment__person")
        .only("kind", "cause_key", "raised_on", "resolved_at", "assignee", *SHOWN_CASE_COLUMNS)
        .order_by("raised_on", "id")[:limit]
    )
    agency_ids = [scope.agency_id for scope in policy.scopes_of(user) if scope.can_write]
    queue.unassigned = list(
        policy.enrollments_visible_to(user, write=True)
        .filter(
            responsible_worker__isnull=True, ended_on__isnull=True, owner_agency_id__in=agency_ids
        )
        .select_related("person")
        .order_by("started_on", "id")[:limit]
    )
    # Oldest request first: it has waited longest.
    queue.approvals = list(
        approvals_waiting_for(user)
        .select_related("enrollment__person", "enrollment__owner_agency")
        .order_by("requested_on", "id")[:limit]
    )
    return queue


@dataclass(frozen=True)
class SummaryRow:
    label: str
    overdue: int
    due_today: int
    due_soon: int
    missed_deadlines: int
    open_alerts: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_today + self.due_soon


def supervisor_summary(
    user: Any, today: dt.date | None = None, *, by: str = "agency"
) -> list[SummaryRow]:
    """Counts per owner agency (``by="agency"``) or per responsible worker (``by="worker"``)
    over every open case the supervisor may see; three aggregate queries in all."""
    today = today or timezone.localdate()
    cases = policy.enrollments_visible_to(user).filter(ended_on__isnull=True)
    key = (
        "enrollment__owner_agency__name"
        if by == "agency"
        else "enrollment__responsible_worker__username"
    )
    soon = today + dt.timedelta(days=SOON_DAYS)
    contact_counts = (
        Contact.objects.filter(status=ContactStatus.PLANNED, due_on__lte=soon, enrollment__in=cases)
        .values(key)
        .annotate(
            overdue=Count("id", filter=Q(due_on__lt=today)),
            due_today=Count("id", filter=Q(due_on=today)),
            due_soon=Count("id", filter=Q(due_on__gt=today)),
        )
    )
    deadline_counts = {
        label or "": n
        for label, n in Deadline.objects.filter(status=DeadlineStatus.MISSED, enrollment__in=cases)
        .values(key)
        .annotate(n=Count("id"))
        .values_list(key, "n")
    }
    alert_counts = {
        label or "": n
        for label, n in Alert.objects.filter(resolved_at__isnull=True, enrollment__in=cases)
        .values(key)
        .annotate(n=Count("id"))
        .values_list(key, "n")
    }
    rows: dict[str, dict[str, int]] = {}
    for row in contact_counts:
        rows[row[key] or ""] = {
            "overdue": row["overdue"],
            "due_today": row["due_today"],
            "due_soon": row["due_soon"],
        }
    for label in set(deadline_counts) | set(alert_counts):
        rows.setdefault(label, {"overdue": 0, "due_today": 0, "due_soon": 0})
    return sorted(
        (
            SummaryRow(
                label=label,
                missed_deadlines=deadline_counts.get(label, 0),
                open_alerts=alert_counts.get(label, 0),
                **counts,
            )
            for label, counts in rows.items()
        ),
        key=lambda row: (-row.overdue, -row.total, row.label),
    )
