"""The rewards-and-sanctions (奖惩) section of a corrections case page: what the counters
suggest now and why, the decided measures, and the decision form for those who decide.

Who sees what: everyone who may read the case sees which measures were decided, when and by
whom — the procuratorate supervises them (社区矫正法 arts 8, 34) and the police act on the
proposals that reach them. The facts, the evidence and the current suggestions are casework,
shown only to those who may work the case, as contact notes are. The form is offered only to
those ``measures.may_decide`` lets decide (the county agency), the same rule the action
applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from tongxin.programs.forms import CaseworkForm
from tongxin.programs.measures import may_decide, suggestions_for
from tongxin.programs.measures_forms import DecideMeasureForm
from tongxin.programs.models import Enrollment, Measure, MeasureKind
from tongxin.programs.registry import get_spec


@dataclass(frozen=True)
class SuggestionRow:
    kind: str
    kind_label: str
    reason: str


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    kind_label: str
    decided_by: str
    # None for readers: the facts and evidence are casework.
    reason: str | None
    evidence: str | None
    suggestion: str | None


@dataclass
class MeasuresSection:
    casework: bool
    suggestions: list[SuggestionRow]
    history: list[MeasureRow]
    form: DecideMeasureForm | None
    # Messages of a refused decision that the shown form cannot carry on a field.
    problems: list[str] = field(default_factory=list)
    # The page's refused form is the decision form, shown here (or its messages).
    shows_refusal: bool = False

    @property
    def urgent(self) -> bool:
        """A sanction is suggested: the section stands out like an alert."""
        return any(s.kind != MeasureKind.PRAISE for s in self.suggestions)


def _name(user: Any) -> str:
    name: str = user.get_full_name() or user.get_username()
    return name


def _row(measure: Measure, *, casework: bool) -> MeasureRow:
    return MeasureRow(
        measure=measure,
        kind_label=str(MeasureKind(measure.kind).label),
        decided_by=_name(measure.decided_by),
        reason=measure.reason if casework else None,
        evidence=(measure.evidence or "") if casework else None,
        suggestion=measure.suggestion if casework else None,
    )


def _problems(bound: DecideMeasureForm, *, shown: bool) -> list[str]:
    return [
        str(message)
        for name, errors in bound.errors.items()
        if name == NON_FIELD_ERRORS or not shown
        for message in errors
    ]


def measures_section(
    user: Any,
    enrollment: Enrollment,
    *,
    casework: bool,
    bound: CaseworkForm | None = None,
) -> MeasuresSection | None:
    """The section for the case page, or None outside community corrections.

    ``casework``: the viewer may work the case; ``bound``: the refused form of the page,
    shown here as posted if it is the decision form."""
    if get_spec(enrollment.program).code != "corrections":
        return None
    history = [
        _row(measure, casework=casework)
        for measure in Measure.objects.filter(enrollment=enrollment)
        .select_related("decided_by")
        .order_by("-decided_on", "-id")
    ]
    section = MeasuresSection(casework=casework, suggestions=[], history=history, form=None)
    if not casework:
        return section
    suggestions = suggestions_for(enrollment, timezone.localdate())
    section.suggestions = [
        SuggestionRow(s.kind, str(MeasureKind(s.kind).label), s.reason) for s in suggestions
    ]
    decides = enrollment.ended_on is None and may_decide(user, enrollment)
    if decides:
        section.form = DecideMeasureForm(suggestions=suggestions)
    if isinstance(bound, DecideMeasureForm):
        # A township worker who posts anyway sees why, above the section, without the form.
        if decides:
            section.form = bound
        section.problems = _problems(bound, shown=decides)
        section.shows_refusal = True
    return section
