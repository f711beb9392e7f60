"""Web pages for cases (enrollments): enrolling, the case page and its casework actions, the
worker's queue, the supervisor's overview and the police risk alert.

Thin views: parse → one action or one scoped query → render. Every fetch goes through the
access policy (404 outside scope); every page that shows case data writes one AccessEvent
before rendering, so a failed audit write fails the page without showing anything."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.organisation.models import Role
from tongxin.programs import actions, assessments_views, teams_views
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.approvals_display import approval_queue_label
from tongxin.programs.approvals_display import case_section as approvals_case_section
from tongxin.programs.approvals_forms import ApprovalRequestForm
from tongxin.programs.forms import (
    ENROLL_FORMS,
    AssignForm,
    CaseworkForm,
    ContactForm,
    LevelForm,
    TransitionForm,
    detail_rows,
)
from tongxin.programs.lost_contact_section import lost_contact_section
from tongxin.programs.measures_section import measures_section
from tongxin.programs.models import (
    Alert,
    Contact,
    ContactStatus,
    Deadline,
    DeadlineStatus,
    Enrollment,
    LevelChange,
)
from tongxin.programs.queue import SummaryRow, supervisor_summary, worker_queue
from tongxin.programs.registry import ProgramSpec, get_spec
from tongxin.programs.specs import mental_health

# The case page shows the newest contacts; older ones stay in the database and the audit.
CONTACT_LIMIT = 100
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN})


def display_name(user: Any) -> str:
    if user is None:
        return ""
    name: str = user.get_full_name() or user.get_username()
    return name


def deadline_label(deadline: Deadline) -> str:
    enrollment = deadline.enrollment
    return get_spec(enrollment.program).deadline_label(deadline.code, enrollment.details)


# -- enrolling -----------------------------------------------------------------------------


@login_required
@never_cache
def enroll(request: HttpRequest, person_uuid: uuid.UUID, program: str) -> HttpResponse:
    """Enroll a person in a program the user's agency leads over the person's residence."""
    try:
        spec = get_spec(program)
    except KeyError as exc:
        raise Http404("no such program") from exc
    person = policy.get_person_for_user(request.user, person_uuid)
    scope = policy.scope_for_program_write(request.user, spec, person.residence_region)
    if scope is None:
        raise Http404("no such program for you")
    form = ENROLL_FORMS[spec.code](
        request.POST if request.method == "POST" else None,
        agency_id=scope.agency_id,
        user=request.user,
    )
    if form.is_bound and form.is_valid():
        try:
            enrollment = actions.enroll_person(
                actor=Actor.from_request(request),
                person_uuid=person.uuid,
                program=spec.code,
                details=form.details(),
                started_on=form.cleaned_data["started_on"],
                responsible_worker=form.cleaned_data["responsible_worker"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            messages.success(request, _("已登记:%(program)s。") % {"program": spec.label})
            return redirect("programs:case", enrollment_uuid=enrollment.uuid)
    disclose(request, "person.enroll_form", "person", [person.uuid])
    return render(
        request,
        "programs/enroll_form.html",
        {"form": form, "person": person, "spec": spec, "agency_name": scope.agency_name},
    )


# -- the case page -------------------------------------------------------------------------


@dataclass
class CaseForms:
    transitions: list[TransitionForm]
    contact: ContactForm | None
    level: LevelForm | None
    assign: AssignForm | None
    # Messages of a refused action that no shown field can carry.
    problems: list[str] = field(default_factory=list)


def _case_forms(
    enrollment: Enrollment,
    spec: ProgramSpec,
    bound: CaseworkForm | None,
    *,
    may_change_level: bool,
) -> CaseForms:
    """The action forms for the current status, with the refused one (if any) as posted.
    Without ``may_change_level`` a level is changed through a level-change approval."""
    version = {"version": enrollment.version}
    transitions = [
        TransitionForm(initial=version, step=step)
        for step in spec.transitions
        if enrollment.status in step.sources
    ]
    forms = CaseForms(transitions=transitions, contact=None, level=None, assign=None)
    if enrollment.is_open:
        forms.assign = AssignForm(
            initial={**version, "worker": enrollment.responsible_worker_id},
            agency_id=enrollment.owner_agency_id,
        )
        if may_change_level:
            forms.level = LevelForm(
                initial={**version, "level": enrollment.level, "risk_level": enrollment.risk_level},
                spec=spec,
            )
    if enrollment.status in spec.scheduling_statuses and enrollment.is_open:
        rule = spec.levels().get(enrollment.level)
        forms.contact = ContactForm(default_kind=rule.contact_kind if rule else "")
    if bound is None:
        return forms
    # Kept input, but the current version: the page now shows what changed, and a second
    # submit is a deliberate decision over it.
    if "version" in bound.fields:
        bound.data = {
            **{name: bound.data.get(name) for name in bound.data},
            "version": str(enrollment.version),
        }
    forms.problems = [str(message) for message in bound.non_field_errors()]
    shown = True
    if isinstance(bound, TransitionForm):
        names = [form.step.name for form in transitions if form.step is not None]
        if bound.step is not None and bound.step.name in names:
            transitions[names.index(bound.step.name)] = bound
        else:
            shown = False
    elif isinstance(bound, ContactForm) and forms.contact is not None:
        forms.contact = bound
    elif isinstance(bound, LevelForm) and forms.level is not None:
        forms.level = bound
    elif isinstance(bound, AssignForm) and forms.assign is not None:
        forms.assign = bound
    else:
        shown = False
    for name, errors in bound.errors.items():
        # Hidden fields cannot show a message, nor can a form that is not on the page.
        if name != NON_FIELD_ERRORS and (not shown or bound.fields[name].widget.is_hidden):
            forms.problems += [str(message) for message in errors]
    return forms


def _render_case(
    request: HttpRequest,
    enrollment: Enrollment,
    *,
    writable: bool,
    bound: CaseworkForm | None = None,
    approval_form: ApprovalRequestForm | None = None,
) -> HttpResponse:
    spec = get_spec(enrollment.program)
    today = timezone.localdate()
    deadlines = list(Deadline.objects.filter(enrollment=enrollment).order_by("due_on", "id"))
    contacts = list(
        Contact.objects.filter(enrollment=enrollment)
        .exclude(status=ContactStatus.CANCELLED)
        .select_related("recorded_by")
        .order_by("-due_on", "-id")[:CONTACT_LIMIT]
    )
    levels = list(
        LevelChange.objects.filter(enrollment=enrollment)
        .select_related("changed_by")
        .order_by("-effective_on", "-id")
    )
    alerts = list(
        Alert.objects.filter(enrollment=enrollment, resolved_at__isnull=True).order_by(
            "raised_on", "id"
        )
    )
    sections = {
        "lost_contact": lost_contact_section(enrollment, casework=writable, bound=bound),
        "measures": measures_section(request.user, enrollment, casework=writable, bound=bound),
    }
    # A refused form that a section shows with its errors in place (lost contact, measures,
    # team, assessments) is not repeated in 办理 above.
    shown_in_section = getattr(bound, "section", "") or any(
        section is not None and section.shows_refusal for section in sections.values()
    )
    casework_bound = None if shown_in_section else bound
    disclose(request, "enrollment.view", "enrollment", [enrollment.uuid])
    return render(
        request,
        "programs/case.html",
        {
            "enrollment": enrollment,
            "person": enrollment.person,
            "spec": spec,
            "status_label": spec.statuses.get(enrollment.status, enrollment.status),
            "level_label": spec.level_labels.get(enrollment.level, enrollment.level),
            "risk_label": (
                mental_health.RISK_LEVELS.get(enrollment.risk_level)
                if enrollment.risk_level is not None
                else None
            ),
            "worker_name": display_name(enrollment.responsible_worker),
            # Program details (a diagnosis, an offence) and contact notes are casework: shown
            # to those who may work the case, as in the API. Readers (police, procuratorate)
            # see status, dates and the schedule.
            "details": detail_rows(spec, enrollment.details) if writable else None,
            "may_read_notes": writable,
            "deadlines": [
                {
                    "label": spec.deadline_label(d.code, enrollment.details),
                    "deadline": d,
                    "overdue": d.status == DeadlineStatus.MISSED
                    or (d.status == DeadlineStatus.OPEN and d.due_on < today),
                }
                for d in deadlines
            ],
            "contacts": [
                {
                    "contact": c,
                    "overdue": c.status == ContactStatus.PLANNED and c.due_on < today,
                    "recorded_by": display_name(c.recorded_by),
                }
                for c in contacts
            ],
            "contact_limit": CONTACT_LIMIT,
            "levels": [
                {
                    "change": change,
                    "from_label": spec.level_labels.get(change.from_level, change.from_level),
                    "to_label": spec.level_labels.get(change.to_level, change.to_level),
                    "by": display_name(change.changed_by),
                }
                for change in levels
            ],
            "alerts": alerts,
            "writable": writable,
            "forms": _case_forms(
                enrollment,
                spec,
                casework_bound,
                may_change_level=actions.may_change_level_directly(request.user, enrollment),
            )
            if writable
            else None,
            **sections,
            "approvals": approvals_case_section(enrollment, writable=writable, bound=approval_form),
            "team_section": teams_views.team_section(enrollment, writable=writable, bound=bound),
            "assessment_section": assessments_views.assessment_section(
                enrollment, writable=writable, bound=bound
            ),
        },
    )


@login_required
@never_cache
def case(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid)
    try:
        policy.get_enrollment_for_user(request.user, enrollment.uuid, write=True)
    except Http404:
        writable = False
    else:
        writable = True
    return _render_case(request, enrollment, writable=writable)


def _done(request: HttpRequest, enrollment: Enrollment, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("programs:case", enrollment_uuid=enrollment.uuid)


@login_required
@never_cache
@require_POST
def transition(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    spec = get_spec(enrollment.program)
    step = spec.transition(request.POST.get("transition", ""))
    form = TransitionForm(request.POST, step=step)
    if form.is_valid():
        try:
            actions.transition_enrollment(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                transition=form.cleaned_data["transition"],
                on_date=form.cleaned_data["on_date"],
                reason=form.cleaned_data.get("reason", ""),
                expected_version=form.cleaned_data["version"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            assert step is not None  # the action refuses unknown transitions
            return _done(request, enrollment, _("已完成:%(action)s。") % {"action": step.label})
    return _render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def record_contact(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            actions.record_contact(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                kind=form.cleaned_data["kind"],
                done_on=form.cleaned_data["done_on"],
                outcome=form.cleaned_data["outcome"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _done(request, enrollment, _("已登记联系,并已排定下次联系。"))
    return _render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def change_level(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = LevelForm(request.POST, spec=get_spec(enrollment.program))
    if form.is_valid():
        try:
            actions.change_level(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
                risk_level=form.cleaned_data.get("risk_level"),
                expected_version=form.cleaned_data["version"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _done(request, enrollment, _("等级已调整,联系计划已重新安排。"))
    return _render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def assign(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = AssignForm(request.POST, agency_id=enrollment.owner_agency_id)
    if form.is_valid():
        try:
            actions.assign_worker(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                worker=form.cleaned_data["worker"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            messages.success(request, _("责任人已更新。"))
            # Only the queue is a return target: never a URL taken from the request.
            if request.POST.get("return_to") == "queue":
                return redirect("programs:queue")
            return redirect("programs:case", enrollment_uuid=enrollment.uuid)
    return _render_case(request, enrollment, writable=True, bound=form)


# -- the work queue ------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    enrollment_uuid: uuid.UUID
    person_name: str
    program_label: str
    what: str
    on_date: dt.date
    overdue: bool = False
    citation: str = ""
    # Set on unassigned cases: the version the assign-to-me button acts on.
    version: int | None = None
    # Set on approvals waiting for the user: the page where they decide.
    approval_uuid: uuid.UUID | None = None


@dataclass(frozen=True)
class QueueSection:
    key: str
    title: str
    rows: list[QueueRow]
    empty: str


def _program_label(enrollment: Enrollment) -> str:
    return str(get_spec(enrollment.program).label)


def _contact_rows(contacts: list[Contact], today: dt.date) -> list[QueueRow]:
    return [
        QueueRow(
            enrollment_uuid=c.enrollment.uuid,
            person_name=c.enrollment.person.name,
            program_label=_program_label(c.enrollment),
            what=str(c.get_kind_display()),
            on_date=c.due_on,
            overdue=c.due_on < today,
        )
        for c in contacts
    ]


@login_required
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    work = worker_queue(request.user)
    today = work.today
    sections = [
        QueueSection(
            "overdue", _("逾期未完成"), _contact_rows(work.overdue, today), _("没有逾期的联系。")
        ),
        QueueSection(
            "due_today",
            _("今日到期"),
            _contact_rows(work.due_today, today),
            _("今天没有到期的联系。"),
        ),
        QueueSection(
            "due_soon",
            _("七日内到期"),
            _contact_rows(work.due_soon, today),
            _("七日内没有到期的联系。"),
        ),
        QueueSection(
            "deadlines",
            _("法定期限"),
            [
                QueueRow(
                    enrollment_uuid=d.enrollment.uuid,
                    person_name=d.enrollment.person.name,
                    program_label=_program_label(d.enrollment),
                    what=deadline_label(d),
                    on_date=d.due_on,
                    overdue=d.status == DeadlineStatus.MISSED or d.due_on < today,
                    citation=d.citation,
                )
                for d in work.deadlines
            ],
            _("七日内没有到期的法定期限。"),
        ),
        QueueSection(
            "alerts",
            _("提醒"),
            [
                QueueRow(
                    enrollment_uuid=a.enrollment.uuid,
                    person_name=a.enrollment.person.name,
                    program_label=_program_label(a.enrollment),
                    what=str(a.get_kind_display()),
                    on_date=a.raised_on,
                    overdue=True,
                )
                for a in work.alerts
            ],
            _("没有待处理的提醒。"),
        ),
        QueueSection(
            "unassigned",
            _("无责任人案件"),
            [
                QueueRow(
                    enrollment_uuid=e.uuid,
                    person_name=e.person.name,
                    program_label=_program_label(e),
                    what=str(get_spec(e.program).statuses.get(e.status, e.status)),
                    on_date=e.started_on,
                    version=e.version,
                )
                for e in work.unassigned
            ],
            _("没有无责任人的案件。"),
        ),
    ]
    if _is_supervisor(request.user):
        sections.append(
            QueueSection(
                "approvals",
                _("待我审批"),
                [
                    QueueRow(
                        enrollment_uuid=a.enrollment.uuid,
                        person_name=a.enrollment.person.name,
                        program_label=_program_label(a.enrollment),
                        what=approval_queue_label(a),
                        on_date=a.requested_on,
                        approval_uuid=a.uuid,
                    )
                    for a in work.approvals
                ],
                _("没有等待您审核或审批的申请。"),
            )
        )
    shown = work.enrollment_uuids
    disclose(request, "queue.view", "enrollment", shown, {"count": len(shown)})
    return render(
        request,
        "programs/queue.html",
        {
            "sections": sections,
            "today": today,
            "is_supervisor": _is_supervisor(request.user),
            "can_write": any(scope.can_write for scope in policy.scopes_of(request.user)),
        },
    )


# -- the supervisor's overview ---------------------------------------------------------------


def _is_supervisor(user: Any) -> bool:
    return any(scope.role in SUPERVISOR_ROLES for scope in policy.scopes_of(user))


@dataclass(frozen=True)
class ChartSegment:
    x: int
    width: int
    count: int
    css: str
    title: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    text_y: int
    segments: list[ChartSegment]
    total: int
    total_x: int
    title: str


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    rows: list[ChartRow]


CHART_LABEL_WIDTH = 190
CHART_BAR_WIDTH = 420
CHART_ROW_HEIGHT = 34
CHART_BAR_HEIGHT = 22


def stacked_chart(rows: list[SummaryRow]) -> StackedChart:
    """Horizontal stacked bars (overdue, due today, due soon) per row, in whole pixels, scaled
    to the largest total; the page draws them as SVG, with the same numbers in a table."""
    largest = max((row.total for row in rows), default=0) or 1
    parts = (
        ("overdue", _("逾期")),
        ("due_today", _("今日到期")),
        ("due_soon", _("七日内到期")),
    )
    chart_rows = []
    for index, row in enumerate(rows):
        y = index * CHART_ROW_HEIGHT + (CHART_ROW_HEIGHT - CHART_BAR_HEIGHT) // 2
        x = CHART_LABEL_WIDTH
        segments = []
        for key, label in parts:
            count = getattr(row, key)
            width = round(count * CHART_BAR_WIDTH / largest)
            if count:
                segments.append(
                    ChartSegment(x, max(width, 2), count, key, f"{row.label}:{label} {count}")
                )
            x += width
        label = row.label or _("(无责任人)")
        chart_rows.append(
            ChartRow(
                label=label,
                y=y,
                text_y=y + CHART_BAR_HEIGHT - 6,
                segments=segments,
                total=row.total,
                total_x=x + 6,
                title=_("%(label)s:逾期 %(overdue)d,今日到期 %(today)d,七日内到期 %(soon)d")
                % {
                    "label": label,
                    "overdue": row.overdue,
                    "today": row.due_today,
                    "soon": row.due_soon,
                },
            )
        )
    return StackedChart(
        width=CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 50,
        height=max(len(rows), 1) * CHART_ROW_HEIGHT,
        label_width=CHART_LABEL_WIDTH,
        bar_height=CHART_BAR_HEIGHT,
        rows=chart_rows,
    )


@login_required
@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    if not _is_supervisor(request.user):
        raise Http404("supervisors only")
    today = timezone.localdate()
    by_agency = supervisor_summary(request.user, today, by="agency")
    by_worker = supervisor_summary(request.user, today, by="worker")
    # Counts only, no case is named; the row still records who looked at which totals.
    disclose(
        request,
        "queue.overview",
        "enrollment",
        [],
        {"agencies": len(by_agency), "workers": len(by_worker)},
    )
    return render(
        request,
        "programs/overview.html",
        {
            "today": today,
            "by_agency": by_agency,
            "by_worker": by_worker,
            "chart": stacked_chart(by_agency),
        },
    )


# -- the police risk alert -------------------------------------------------------------------


@login_required
@never_cache
def risk_alerts(request: HttpRequest) -> HttpResponse:
    alerts = policy.risk_alerts_visible_to(request.user)
    disclose(
        request,
        "risk_alert.view",
        "enrollment",
        [alert.enrollment_uuid for alert in alerts],
        {"count": len(alerts)},
    )
    return render(
        request,
        "programs/risk_alerts.html",
        {"alerts": alerts, "alert_from": mental_health.POLICE_ALERT_FROM_RISK},
    )
