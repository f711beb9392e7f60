"""Writing a county's planned casework (``tongxin.demo.programs``) in bulk.

Each county goes in one transaction, table by table: enrollments first, then the rows that
hang off them. Bulk writes bypass ``save()`` and the action functions, so what they would
compute is in the plan already (statuses, next contact dates, alerts); the ``program`` column
gets the spec's ``storage_code``, keyed for closed programs, and every encrypted field is
encrypted by its field's ``get_prep_value`` on the way in. The demo load is audited once, by
the ``demo.load`` row that carries these counts.

Rows go through ``RawInsert`` rather than ``bulk_create``, which prepares every value field
by field in Python, about 50 µs a row: with it the casework of two city-scale counties took
22 s, with ``RawInsert`` for the four big tables 6 s (benchmarks/README.md). Only the few
lost-contact episodes and their searches, whose ids must come back, use ``bulk_create``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from tongxin.demo.programs import CasePlan, CountyCasework
from tongxin.lib.field_crypto import EncryptedTextField
from tongxin.programs.models import (
    Alert,
    Assessment,
    Contact,
    Deadline,
    Enrollment,
    LevelChange,
    LostContact,
    Measure,
    SearchAction,
    Team,
    TeamMember,
)
from tongxin.programs.registry import all_specs


class RawInsert:
    """Rows into one table, each value prepared as Django would store it: dates, times,
    UUIDs and JSON through the connection's adapters, encrypted fields encrypted,
    ``auto_now`` and ``auto_now_add`` timestamps not named in ``names`` set to one "now".
    SQLite takes ``INSERT … VALUES`` by
    ``executemany``; PostgreSQL takes ``COPY … FROM STDIN``, because Django's psycopg cursor
    binds parameters on the client, in Python, row by row (city scale: 58 s of casework
    with ``executemany``, 32 s with ``COPY``)."""

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        by_name = {field.name: field for field in model._meta.concrete_fields}
        fields = [by_name[name] for name in names]
        stamps = [
            field
            for field in model._meta.concrete_fields
            if (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
            and field.name not in names
        ]
        ops = connection.ops
        self.converters = [self._converter(field) for field in fields]
        self.stamp_count = len(stamps)
        columns = ", ".join(ops.quote_name(field.column) for field in [*fields, *stamps])
        placeholders = ", ".join(["%s"] * (len(fields) + len(stamps)))
        table = ops.quote_name(model._meta.db_table)
        # Table and column names come from the model, values go as parameters.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    @staticmethod
    def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
        if isinstance(field, EncryptedTextField):
            return field.get_prep_value
        if isinstance(field, models.UUIDField) and not connection.features.has_native_uuid_field:
            return lambda value: value.hex
        if isinstance(field, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(field, models.JSONField):
            # As JSONField.get_db_prep_value writes it; COPY takes the text for jsonb.
            return lambda value: json.dumps(value, cls=field.encoder)
        return None

    def run(self, rows: Sequence[tuple[Any, ...]]) -> int:
        stamps = (connection.ops.adapt_datetimefield_value(timezone.now()),) * self.stamp_count
        prepared = [
            tuple(
                convert(value) if convert is not None and value is not None else value
                for convert, value in zip(self.converters, row, strict=True)
            )
            + stamps
            for row in rows
        ]
        if not prepared:
            return 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, prepared)
        return len(prepared)


def next_id(model: type[models.Model]) -> int:
    """The first id after the highest one (ids given in bulk; see ``CaseworkWriter.write``)."""
    last: int | None = model._default_manager.aggregate(last=Max("id"))["last"]
    return (last or 0) + 1


class CaseworkWriter:
    """Inserts county after county and keeps the row counts for the audit row."""

    def __init__(self, agency_ids: dict[str, int], user_ids: dict[str, int]) -> None:
        self.agency_ids = agency_ids
        self.user_ids = user_ids
        self.storage_codes = {spec.code: spec.storage_code for spec in all_specs()}
        # Enrollments per stored program code: a closed program is counted under its keyed
        # code, so the audit row does not name it either.
        self.enrollments: Counter[str] = Counter()
        self.rows: Counter[str] = Counter()
        self.enrollment_rows = RawInsert(
            Enrollment,
            [
                "id",
                "uuid",
                "person",
                "program",
                "status",
                "level",
                "risk_level",
                "category",
                "owner_agency",
                "responsible_worker",
                "started_on",
                "planned_end_on",
                "ended_on",
                "end_reason",
                "details_text",
                "next_contact_due_on",
                "lost_contact_since",
                "source_enrollment",
                "version",
            ],
        )
        self.level_changes = RawInsert(
            LevelChange,
            [
                "enrollment",
                "from_level",
                "to_level",
                "risk_level",
                "effective_on",
                "reason",
                "changed_by",
            ],
        )
        self.deadlines = RawInsert(
            Deadline, ["uuid", "enrollment", "code", "due_on", "citation", "status", "met_on"]
        )
        self.alerts = RawInsert(
            Alert, ["kind", "cause_key", "enrollment", "owner_agency", "assignee", "raised_on"]
        )
        self.measures = RawInsert(
            Measure,
            ["uuid", "enrollment", "kind", "decided_on", "decided_by", "reason", "suggestion"],
        )
        self.assessments = RawInsert(
            Assessment,
            [
                "uuid",
                "enrollment",
                "kind",
                "assessed_on",
                "risk_level",
                "inputs_text",
                "proposed_level",
                "assessor",
            ],
        )
        self.teams = RawInsert(Team, ["id", "uuid", "enrollment", "kind"])
        self.team_members = RawInsert(
            TeamMember,
            ["team", "role", "name", "sex", "phone", "user", "joined_on", "left_on"],
        )
        self.contacts = RawInsert(
            Contact,
            [
                "uuid",
                "enrollment",
                "kind",
                "status",
                "due_on",
                "window_ends_on",
                "done_on",
                "outcome",
                "recorded_by",
            ],
        )

    def counts(self) -> dict[str, object]:
        return {"enrollments": dict(sorted(self.enrollments.items())), **dict(self.rows)}

    def user(self, username: str | None) -> int | None:
        return self.user_ids[username] if username else None

    def staff(self, username: str) -> int:
        return self.user_ids[username]

    def write(self, casework: CountyCasework, person_ids: Sequence[int]) -> Sequence[int]:
        """Insert the county's cases; ``person_ids[i]`` is the id of the county's person i;
        return the cases' ids in plan order.

        Enrollment and team ids are given, not returned: the county's cases take the ids
        after the highest one, in plan order, so a follow-on case can name its source and a
        member its team in the same insert (foreign keys are checked at commit on both
        backends). ``finish`` moves PostgreSQL's id sequences past them.
        """
        cases = casework.cases
        with transaction.atomic():
            first = next_id(Enrollment)
            ids = range(first, first + len(cases))
            self.enrollment_rows.run(
                [self.enrollment(i, case, ids, person_ids) for i, case in enumerate(cases)]
            )
            self.write_rows(cases, ids)
        return ids

    def finish(self) -> None:
        """On PostgreSQL: the id sequences continue after the ids given, and the
        planner gets statistics for the tables just filled (autovacuum would gather them
        later; until then it takes a million-row table for an empty one; 3 s at province
        scale)."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Enrollment, Team]):
                cursor.execute(statement)
            cursor.execute("ANALYZE")

    def enrollment(
        self, index: int, case: CasePlan, ids: Sequence[int], person_ids: Sequence[int]
    ) -> tuple[Any, ...]:
        program = self.storage_codes[case.program]
        self.enrollments[program] += 1
        return (
            ids[index],
            case.uuid,
            person_ids[case.person],
            program,
            case.status,
            case.level,
            case.risk_level,
            case.category,
            self.agency_ids[case.owner_agency_key],
            self.user(case.worker),
            case.started_on,
            case.planned_end_on,
            case.ended_on,
            case.end_reason,
            # As the model's ``details`` setter writes it.
            json.dumps(case.details, ensure_ascii=False, sort_keys=True, default=str),
            case.next_contact_due_on,
            case.lost_contact_since,
            ids[case.source] if case.source is not None else None,
            1,
        )

    def write_rows(self, cases: Sequence[CasePlan], ids: Sequence[int]) -> None:
        level_changes: list[tuple[Any, ...]] = []
        deadlines: list[tuple[Any, ...]] = []
        contacts: list[tuple[Any, ...]] = []
        alerts: list[tuple[Any, ...]] = []
        measures: list[tuple[Any, ...]] = []
        assessments: list[tuple[Any, ...]] = []
        teams: list[tuple[Any, ...]] = []
        members: list[tuple[Any, ...]] = []
        episodes: list[tuple[LostContact, CasePlan, int]] = []
        team_id = next_id(Team)
        for case, pk in zip(cases, ids, strict=True):
            worker = self.user(case.worker)
            level_changes.extend(
                (
                    pk,
                    change.from_level,
                    change.to_level,
                    change.risk_level,
                    change.effective_on,
                    change.reason,
                    self.user(change.by),
                )
                for change in case.level_changes
            )
            deadlines.extend(
                (
                    deadline.uuid,
                    pk,
                    deadline.code,
                    deadline.due_on,
                    deadline.citation,
                    deadline.status,
                    deadline.met_on,
                )
                for deadline in case.deadlines
            )
            contacts.extend(
                (
                    contact.uuid,
                    pk,
                    contact.kind,
                    contact.status,
                    contact.due_on,
                    contact.window_ends_on,
                    contact.done_on,
                    contact.outcome,
                    worker if contact.done_on else None,
                )
                for contact in case.contacts
            )
            owner = self.agency_ids[case.owner_agency_key]
            alerts.extend(
                (alert.kind, alert.cause_key, pk, owner, worker, alert.raised_on)
                for alert in case.alerts
            )
            measures.extend(
                (
                    measure.uuid,
                    pk,
                    measure.kind,
                    measure.decided_on,
                    self.staff(measure.by),
                    measure.reason,
                    measure.suggestion,
                )
                for measure in case.measures
            )
            assessments.extend(
                (
                    assessment.uuid,
                    pk,
                    assessment.kind,
                    assessment.assessed_on,
                    assessment.risk_level,
                    # As the model's ``inputs`` view writes it.
                    json.dumps(assessment.inputs, ensure_ascii=False, sort_keys=True, default=str),
                    assessment.proposed_level,
                    self.staff(assessment.by),
                )
                for assessment in case.assessments
            )
            if case.team is not None:
                teams.append((team_id, case.team.uuid, pk, case.team.kind))
                members.extend(
                    (
                        team_id,
                        member.role,
                        member.name,
                        member.sex,
                        member.phone,
                        self.user(member.username),
                        member.joined_on,
                        member.left_on,
                    )
                    for member in case.team.members
                )
                team_id += 1
            episodes.extend(
                (
                    LostContact(
                        uuid=episode.uuid,
                        enrollment_id=pk,
                        since_on=episode.since_on,
                        police_notified_on=episode.police_notified_on,
                        flagged_by_id=self.staff(episode.flagged_by),
                    ),
                    case,
                    number,
                )
                for number, episode in enumerate(case.lost_contacts)
            )
        written = {
            "level_changes": self.level_changes.run(level_changes),
            "deadlines": self.deadlines.run(deadlines),
            "contacts": self.contacts.run(contacts),
            "alerts": self.alerts.run(alerts),
            "measures": self.measures.run(measures),
            "assessments": self.assessments.run(assessments),
            "teams": self.teams.run(teams),
            "team_members": self.team_members.run(members),
        }
        # A handful of lost-contact episodes: their ids come back from bulk_create.
        LostContact.objects.bulk_create([episode for episode, _case, _n in episodes])
        searches = [
            SearchAction(
                episode_id=episode.pk,
                on_date=search.on_date,
                method=search.method,
                outcome=search.outcome,
                by_id=self.staff(search.by),
            )
            for episode, case, number in episodes
            for search in case.lost_contacts[number].searches
        ]
        SearchAction.objects.bulk_create(searches)
        written.update(lost_contacts=len(episodes), search_actions=len(searches))
        self.rows.update(written)
