"""The program registry: each program is one module exposing a ``ProgramSpec``.

A spec says what the program's statuses and transitions are, which levels it has and how
often each level is contacted, how its end date is computed, which legal deadlines its events
create (with citations), and who may see it. Adding a program means adding one module.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongxin.lib.field_crypto import blind_index
from tongxin.programs.rules import program_rules


class Sensitivity(models.TextChoices):
    AUDITED = "audited", _("一般(留痕)")
    PROTECTED = "protected", _("受保护")
    CLOSED = "closed", _("封闭")


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise | str
    sources: frozenset[str]
    target: str
    # Allowed reasons (code -> label); an empty mapping means no reason is asked.
    reasons: dict[str, Promise | str] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelRule:
    code: str
    label: Promise | str
    interval_days: int | None
    grace_days: int
    contact_kind: str


@dataclass(frozen=True)
class DeadlineDraft:
    # The row keeps only the code; its name on screen is the spec's ``deadline_labels``.
    code: str
    due_on: dt.date
    citation: str


def clean_date(
    details: dict[str, Any], name: str, message: str | Promise, errors: dict[str, list[str]]
) -> dt.date | None:
    """A date field of program details (a date or ISO text); records ``message`` if not.

    ``message`` may be lazy: it is translated only when recorded, not once per row of an
    import that cleans 100,000 rows."""
    value = details.get(name)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors.setdefault(name, []).append(str(message))
        return None


def clean_choice(
    details: dict[str, Any],
    name: str,
    choices: dict[str, Any],
    message: str | Promise,
    errors: dict[str, list[str]],
) -> str:
    value = str(details.get(name) or "")
    if value not in choices:
        errors.setdefault(name, []).append(str(message))
    return value


class DetailsRejected(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


class ProgramSpec(ABC):
    code: str = ""
    label: Promise | str = ""
    sensitivity: str = Sensitivity.AUDITED
    # Agency kinds that own and work the program's cases.
    lead_kinds: frozenset[str] = frozenset()
    statuses: dict[str, Promise | str] = {}
    ended_statuses: frozenset[str] = frozenset()
    # Statuses in which contacts are scheduled (e.g. not while detained).
    scheduling_statuses: frozenset[str] = frozenset()
    transitions: tuple[Transition, ...] = ()
    level_labels: dict[str, Promise | str] = {}
    # Other agency kinds that see an open enrollment of this program in their jurisdiction.
    visible_to_kinds: frozenset[str] = frozenset()
    # Levels decided by the county 司法局 (社区矫正 分类管理, domain-rules §1.5): a worker asks
    # through a level-change approval; only the county's supervisor changes one directly.
    levels_decided_by_county: bool = False
    # The name of each deadline code the program (or its approvals) creates.
    deadline_labels: dict[str, Promise | str] = {}

    # -- configuration -------------------------------------------------------------------
    def rules(self) -> dict[str, Any]:
        return program_rules(self.code)

    def levels(self) -> dict[str, LevelRule]:
        return {
            code: LevelRule(
                code=code,
                label=self.level_labels.get(code, code),
                interval_days=rule["interval_days"],
                grace_days=rule["grace_days"],
                contact_kind=rule["kind"],
            )
            for code, rule in self.rules()["levels"].items()
        }

    def initial_level(self, details: dict[str, Any]) -> str:
        level: str = self.rules()["initial_level"]
        return level

    # -- per program -----------------------------------------------------------------------
    @abstractmethod
    def initial_status(self, details: dict[str, Any]) -> str:
        """The status a new enrollment starts in."""

    def clean_details(self, details: dict[str, Any]) -> dict[str, Any]:
        return dict(details)

    def category(self, details: dict[str, Any]) -> str:
        return ""

    def planned_end(self, started_on: dt.date, details: dict[str, Any]) -> dt.date | None:
        return None

    def deadlines_on_enroll(
        self, started_on: dt.date, details: dict[str, Any], planned_end: dt.date | None
    ) -> list[DeadlineDraft]:
        return []

    def deadlines_met_by(self, transition: str) -> frozenset[str]:
        """Deadline codes a transition satisfies (e.g. reporting meets the report deadline)."""
        return frozenset()

    def deadlines_on_transition(
        self, transition: str, on_date: dt.date, enrollment: Any
    ) -> list[DeadlineDraft]:
        return []

    def planned_end_after(
        self, transition: str, on_date: dt.date, enrollment: Any
    ) -> dt.date | None:
        """A new planned end set by a transition (drug rehab counts 3 years from reporting)."""
        return None

    def check_transition(
        self, transition: Transition, reason: str, on_date: dt.date, enrollment: Any
    ) -> str | None:
        """A message when the transition is not allowed for this case, else None."""
        return None

    def deadline_label(self, code: str, details: dict[str, Any]) -> str:
        """A deadline's name on screen; ``details`` are the enrollment's program details."""
        return str(self.deadline_labels.get(code, _("法定期限")))

    # -- derived ---------------------------------------------------------------------------
    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    @property
    def storage_code(self) -> str:
        return storage_code(self)


def storage_code(spec: ProgramSpec) -> str:
    """What the ``program`` column holds. Closed programs are stored under a keyed code so a
    database dump does not name them (艾滋病防治条例 art 39)."""
    if spec.sensitivity == Sensitivity.CLOSED:
        return "c_" + blind_index(spec.code, purpose="program.code")[:20]
    return spec.code


def all_specs() -> list[ProgramSpec]:
    from tongxin.programs.specs import (
        corrections,
        drug_rehab,
        hiv,
        mental_health,
        reentry,
        youth_support,
    )

    return [
        corrections.SPEC,
        reentry.SPEC,
        mental_health.SPEC,
        drug_rehab.SPEC,
        hiv.SPEC,
        youth_support.SPEC,
    ]


def get_spec(code: str) -> ProgramSpec:
    for spec in all_specs():
        if code in (spec.code, spec.storage_code):
            return spec
    raise KeyError(code)
