"""The assessment section of the case page and its forms: the mental-health risk assessment
(危险性评估) and the corrections classification (分类管理评估). An assessment never changes the
level; when its result differs from the current level it files a level-change proposal, which
this section links to and which is decided with the case's approvals.

Thin views: parse → one action of ``programs.assessments`` → redirect with a message saying
what was proposed. A refused action re-renders the case page with the posted form and its
errors in this section, nothing saved.

Readers of a corrections case (police, procuratorate) see when it was assessed, by whom, and
the resulting level, which the case page shows them anyway; the reasons, the notes and the
proposal are casework. Mental-health cases are seen by their health lead only (the access
policy), so their risk levels never reach another agency through this page."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.programs import assessments
from tongxin.programs import views as case_page
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.assessments import REOFFENDING_RISKS, AssessmentOutcome
from tongxin.programs.assessments_forms import (
    AssessmentForm,
    ClassificationForm,
    RiskAssessmentForm,
)
from tongxin.programs.forms import CaseworkForm
from tongxin.programs.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Assessment,
    AssessmentKind,
    Enrollment,
)
from tongxin.programs.registry import ProgramSpec, get_spec

# The assessment each program has, and the form that records it.
ASSESSMENT_FORMS: dict[str, type[AssessmentForm]] = {
    "mental_health": RiskAssessmentForm,
    "corrections": ClassificationForm,
}
FORM_KINDS: dict[type[AssessmentForm], str] = {
    RiskAssessmentForm: AssessmentKind.MENTAL_HEALTH_RISK,
    ClassificationForm: AssessmentKind.CORRECTIONS_CLASSIFICATION,
}
FORM_ROUTES: dict[type[AssessmentForm], str] = {
    RiskAssessmentForm: "programs:record_risk_assessment",
    ClassificationForm: "programs:record_classification",
}


@dataclass(frozen=True)
class AssessmentRow:
    uuid: uuid.UUID
    assessed_on: dt.date
    kind_label: str
    result: str
    assessor: str
    # Casework, empty for readers of the case.
    grounds: list[str] = field(default_factory=list)
    notes: str = ""
    proposal: Approval | None = None
    proposal_level: str = ""
    proposal_status: str = ""


@dataclass
class AssessmentSection:
    writable: bool
    rows: list[AssessmentRow]
    kind_label: str = ""
    form: AssessmentForm | None = None
    form_route: str = ""
    # Messages of a refused assessment form that this case does not offer.
    unplaced: list[str] = field(default_factory=list)


def _grounds(assessment: Assessment) -> list[str]:
    """Why the assessment concluded as it did, from its stored inputs."""
    inputs = assessment.inputs
    if assessment.kind == AssessmentKind.CORRECTIONS_CLASSIFICATION:
        risk = REOFFENDING_RISKS.get(inputs.get("reoffending_risk", ""), "")
        return [
            _("再犯罪风险:%(risk)s") % {"risk": risk},
            *(str(reason) for reason in inputs.get("reasons", [])),
        ]
    return [
        _("精神症状基本消失") if inputs.get("symptoms_controlled") else _("仍有精神症状"),
        _("自知力基本恢复") if inputs.get("insight_good") else _("自知力欠缺"),
        _("社会功能一般或良好") if inputs.get("social_function_good") else _("社会功能较差"),
    ]


def _result(assessment: Assessment, spec: ProgramSpec) -> str:
    level = str(spec.level_labels.get(assessment.proposed_level, assessment.proposed_level))
    if assessment.risk_level is None:
        return level
    return _("危险性 %(risk)d 级 · %(level)s") % {"risk": assessment.risk_level, "level": level}


def proposals_by_assessment(enrollment: Enrollment) -> dict[str, Approval]:
    """The level-change proposals filed by the case's assessments, by assessment UUID."""
    proposals = Approval.objects.filter(enrollment=enrollment, kind=ApprovalKind.LEVEL_CHANGE)
    return {
        approval.payload["assessment"]: approval
        for approval in proposals
        if approval.payload.get("assessment")
    }


def assessment_rows(enrollment: Enrollment, *, casework: bool) -> list[AssessmentRow]:
    spec = get_spec(enrollment.program)
    found = list(
        Assessment.objects.filter(enrollment=enrollment)
        .select_related("assessor")
        .order_by("-assessed_on", "-id")
    )
    proposals = proposals_by_assessment(enrollment) if casework and found else {}
    rows = []
    for assessment in found:
        row = AssessmentRow(
            uuid=assessment.uuid,
            assessed_on=assessment.assessed_on,
            kind_label=str(assessment.get_kind_display()),
            result=_result(assessment, spec),
            assessor=case_page.display_name(assessment.assessor),
        )
        if casework:
            proposal = proposals.get(str(assessment.uuid))
            level = proposal.payload.get("level", "") if proposal is not None else ""
            row = replace(
                row,
                grounds=_grounds(assessment),
                notes=assessment.inputs.get("notes", ""),
                proposal=proposal,
                proposal_level=str(spec.level_labels.get(level, level)),
                proposal_status=str(ApprovalStatus(proposal.status).label) if proposal else "",
            )
        rows.append(row)
    return rows


def assessment_section(
    enrollment: Enrollment, *, writable: bool, bound: CaseworkForm | None = None
) -> AssessmentSection | None:
    """The case page's assessment section, or None when the program has no assessment."""
    form_class = ASSESSMENT_FORMS.get(get_spec(enrollment.program).code)
    if form_class is None and not isinstance(bound, AssessmentForm):
        return None
    section = AssessmentSection(
        writable=writable, rows=assessment_rows(enrollment, casework=writable)
    )
    if form_class is not None:
        section.kind_label = str(AssessmentKind(FORM_KINDS[form_class]).label)
        if writable and enrollment.is_open:
            section.form = form_class()
            section.form_route = FORM_ROUTES[form_class]
    if form_class is not None and isinstance(bound, form_class) and section.form is not None:
        section.form = bound
    elif isinstance(bound, AssessmentForm):
        # Refused for a case that does not offer this form (any more): said at the top.
        section.unplaced = [str(m) for errors in bound.errors.values() for m in errors]
    return section


# -- the forms' views ------------------------------------------------------------------------


def _recorded(
    request: HttpRequest, enrollment: Enrollment, outcome: AssessmentOutcome
) -> HttpResponse:
    spec = get_spec(enrollment.program)
    assessment = outcome.assessment
    names = {
        "kind": assessment.get_kind_display(),
        "level": spec.level_labels.get(assessment.proposed_level, assessment.proposed_level),
    }
    if outcome.proposal is not None:
        message = _("已记录%(kind)s,建议调整为“%(level)s”,已提交审批。") % names
    elif outcome.notice:
        messages.warning(request, outcome.notice)
        message = _("已记录%(kind)s,结论为“%(level)s”。") % names
    else:
        message = _("已记录%(kind)s,结论为“%(level)s”,与当前等级相同,无需调整。") % names
    return case_page._done(request, enrollment, message)


@login_required
@never_cache
@require_POST
def record_risk_assessment(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = RiskAssessmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = assessments.record_risk_assessment(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                assessed_on=data["assessed_on"],
                risk_level=data["risk_level"],
                symptoms_controlled=data["symptoms_controlled"],
                insight_good=data["insight_good"],
                social_function_good=data["social_function_good"],
                notes=data["notes"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _recorded(request, enrollment, outcome)
    return case_page._render_case(request, enrollment, writable=True, bound=form)


@login_required
@never_cache
@require_POST
def record_classification(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = ClassificationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = assessments.record_classification_assessment(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                assessed_on=data["assessed_on"],
                reoffending_risk=data["reoffending_risk"],
                public_security_penalty=data["public_security_penalty"],
                failed_assessment=data["failed_assessment"],
                average_quarterly_score=data["average_quarterly_score"],
                notes=data["notes"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _recorded(request, enrollment, outcome)
    return case_page._render_case(request, enrollment, writable=True, bound=form)
