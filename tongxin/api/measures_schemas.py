"""Request and response bodies of the rewards-and-sanctions (奖惩) endpoints.

Everyone who may read a corrections case gets which measures were decided, when and by
whom; the facts, the evidence and the current suggestions go only to those who may work the
case (the endpoint leaves ``suggestions`` out of the body for the others)."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from ninja import Field, Schema
from pydantic import ConfigDict

from tongxin.programs.measures import Suggestion
from tongxin.programs.models import Measure, MeasureKind


class SuggestionOut(Schema):
    kind: str = Field(description="建议的奖惩类别 / the suggested kind, e.g. warning")
    kind_label: str
    reason: str = Field(description="建议理由 / why the counters suggest it")

    @classmethod
    def from_suggestion(cls, suggestion: Suggestion) -> SuggestionOut:
        return cls(
            kind=suggestion.kind,
            kind_label=str(MeasureKind(suggestion.kind).label),
            reason=suggestion.reason,
        )


class MeasureOut(Schema):
    uuid: uuid_module.UUID
    kind: str
    kind_label: str
    decided_on: dt.date
    decided_by: str = Field(description="决定人用户名 / the decider's username")
    reason: str | None = Field(description="事实与理由,仅负责机构可见 / for the case's agency only")
    evidence: str | None = Field(description="证据材料,仅负责机构可见 / for the case's agency only")
    suggestion: str | None = Field(
        description="所依据的系统建议,仅负责机构可见 / the suggestion acted on, agency only"
    )

    @classmethod
    def from_measure(cls, measure: Measure, *, casework: bool) -> MeasureOut:
        return cls(
            uuid=measure.uuid,
            kind=measure.kind,
            kind_label=str(MeasureKind(measure.kind).label),
            decided_on=measure.decided_on,
            decided_by=measure.decided_by.get_username(),
            reason=measure.reason if casework else None,
            evidence=(measure.evidence or "") if casework else None,
            suggestion=measure.suggestion if casework else None,
        )


class MeasuresOut(Schema):
    case: uuid_module.UUID
    may_decide: bool = Field(
        description="调用者能否作出奖惩决定(县级社区矫正机构)/ whether the caller may decide"
    )
    suggestions: list[SuggestionOut] | None = Field(
        None, description="当前建议,仅负责机构可见 / current suggestions, for the case's agency"
    )
    measures: list[MeasureOut] = Field(description="已决定的奖惩,最新在前 / newest first")


class DecideIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(
        max_length=28,
        description=(
            "praise | reprimand | warning | propose_public_security | propose_revoke_probation"
            " | propose_revoke_parole | propose_imprison"
        ),
    )
    decided_on: dt.date
    reason: str = Field("", max_length=2000, description="事实与理由 / facts and reasons")
    evidence: str = Field(
        "", max_length=4000, description="证据材料,惩处必填 / evidence, required for sanctions"
    )
    suggestion: str = Field(
        "",
        max_length=300,
        description="所依据的当前建议理由 / the reason of the current suggestion acted on",
    )
