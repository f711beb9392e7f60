"""Writing a county's planned support work (``tongxin.demo.support``) in bulk, through the
casework's raw insert path (``load_programs.RawInsert``): encrypted fields encrypted by their
field, JSON as ``JSONField`` stores it, notification times as planned. Needs, consents and
referrals get their ids in plan order, after the highest one, so their rows can point at
them in the same transaction (as ``CaseworkWriter`` does for enrollments); ``finish`` moves
PostgreSQL's sequences past them. Audited once, by the ``demo.load`` row that carries these
counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from tongxin.demo.load_programs import RawInsert, next_id
from tongxin.demo.support import CountySupport
from tongxin.support.models import (
    Consent,
    LivelihoodFacts,
    Notification,
    Referral,
    ReferralEvent,
    SupportMeasure,
    SupportNeed,
    SupportNeedChange,
)


class SupportWriter:
    """Inserts county after county and keeps the row counts for the audit row."""

    def __init__(self, agency_ids: dict[str, int], user_ids: dict[str, int]) -> None:
        self.agency_ids = agency_ids
        self.user_ids = user_ids
        self.rows: Counter[str] = Counter()
        self.needs = RawInsert(
            SupportNeed,
            [
                "id",
                "uuid",
                "person",
                "pathway",
                "status",
                "enrollment",
                "responsible_agency",
                "responsible_worker",
                "identified_on",
                "target_on",
                "closed_on",
                "note",
                "outcome",
                "version",
                "created_by",
            ],
        )
        self.need_changes = RawInsert(
            SupportNeedChange,
            ["need", "from_status", "to_status", "on_date", "note", "changed_by"],
        )
        self.measures = RawInsert(
            SupportMeasure,
            [
                "uuid",
                "need",
                "description",
                "provider_agency",
                "started_on",
                "ended_on",
                "recorded_by",
            ],
        )
        self.consents = RawInsert(
            Consent,
            [
                "id",
                "uuid",
                "person",
                "purposes",
                "form",
                "guardian_name",
                "given_on",
                "expires_on",
                "withdrawn_on",
                "withdrawn_by",
                "recorded_by_agency",
                "recorded_by",
            ],
        )
        self.consent_agencies = RawInsert(Consent.agencies.through, ["consent", "agency"])
        self.referrals = RawInsert(
            Referral,
            [
                "id",
                "uuid",
                "person",
                "need",
                "pathway",
                "from_agency",
                "to_agency",
                "purpose",
                "disclosed_fields",
                "consent",
                "override_reason",
                "override_until",
                "status",
                "sent_on",
                "respond_by",
                "accepted_on",
                "service_started_on",
                "closed_on",
                "closing_reason",
                "outcome",
                "sent_by",
                "handled_by",
                "version",
            ],
        )
        self.events = RawInsert(ReferralEvent, ["referral", "status", "on_date", "by", "agency"])
        self.notifications = RawInsert(
            Notification, ["agency", "referral", "status", "created_at", "read_at", "read_by"]
        )
        self.facts = RawInsert(
            LivelihoodFacts,
            [
                "person",
                "no_home",
                "no_relatives",
                "no_work",
                "cannot_work",
                "no_income",
                "no_supporter",
                "recorded_on",
                "recorded_by_agency",
                "recorded_by",
            ],
        )

    def counts(self) -> dict[str, int]:
        return dict(self.rows)

    def user(self, username: str | None) -> int | None:
        return self.user_ids[username] if username else None

    def write(
        self, support: CountySupport, person_ids: Sequence[int], enrollment_ids: Sequence[int]
    ) -> None:
        """Insert the county's support; ``person_ids[i]`` is the id of the county's person i,
        ``enrollment_ids[i]`` that of its case i."""
        agency, user = self.agency_ids, self.user
        local = timezone.get_current_timezone()

        def aware(moment: dt.datetime | None) -> dt.datetime | None:
            # replace() rather than make_aware(): the same result for zoneinfo, ten times
            # faster over a city's notifications.
            return moment.replace(tzinfo=local) if moment is not None else None

        with transaction.atomic():
            first_consent = next_id(Consent)
            consent_rows: list[tuple[Any, ...]] = []
            consent_agencies: list[tuple[int, int]] = []
            for offset, consent in enumerate(support.consents):
                consent_id = first_consent + offset
                consent_rows.append(
                    (
                        consent_id,
                        consent.uuid,
                        person_ids[consent.person],
                        consent.purposes,
                        consent.form,
                        consent.guardian_name,
                        consent.given_on,
                        consent.expires_on,
                        consent.withdrawn_on,
                        user(consent.withdrawn_by),
                        agency[consent.recorded_by_agency_key],
                        user(consent.recorded_by),
                    )
                )
                consent_agencies.extend((consent_id, agency[key]) for key in consent.agency_keys)
            need_rows: list[tuple[Any, ...]] = []
            changes: list[tuple[Any, ...]] = []
            measures: list[tuple[Any, ...]] = []
            referral_rows: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            notifications: list[tuple[Any, ...]] = []
            need_id, referral_id = next_id(SupportNeed), next_id(Referral)
            for need in support.needs:
                person = person_ids[need.person]
                need_rows.append(
                    (
                        need_id,
                        need.uuid,
                        person,
                        need.pathway,
                        need.status,
                        enrollment_ids[need.case] if need.case is not None else None,
                        agency[need.agency_key],
                        user(need.worker),
                        need.identified_on,
                        need.target_on,
                        need.closed_on,
                        need.note,
                        need.outcome,
                        # Recording the need is version 1; each move adds one.
                        len(need.changes),
                        user(need.worker),
                    )
                )
                changes.extend(
                    (need_id, c.from_status, c.to_status, c.on_date, c.note, user(c.by))
                    for c in need.changes
                )
                measures.extend(
                    (
                        m.uuid,
                        need_id,
                        m.description,
                        agency[m.provider_agency_key],
                        m.started_on,
                        m.ended_on,
                        user(m.by),
                    )
                    for m in need.measures
                )
                for referral in need.referrals:
                    referral_rows.append(
                        (
                            referral_id,
                            referral.uuid,
                            person,
                            need_id,
                            need.pathway,
                            agency[referral.from_agency_key],
                            agency[referral.to_agency_key],
                            referral.purpose,
                            referral.fields,
                            first_consent + referral.consent
                            if referral.consent is not None
                            else None,
                            referral.override_reason,
                            referral.override_until,
                            referral.status,
                            referral.sent_on,
                            referral.respond_by,
                            referral.accepted_on,
                            referral.service_started_on,
                            referral.closed_on,
                            referral.closing_reason,
                            referral.outcome,
                            user(referral.sent_by),
                            user(referral.handled_by),
                            # Sending is version 1; each step adds one.
                            len(referral.events),
                        )
                    )
                    events.extend(
                        (referral_id, e.status, e.on_date, user(e.by), agency[e.agency_key])
                        for e in referral.events
                    )
                    notifications.extend(
                        (
                            agency[n.agency_key],
                            referral_id,
                            n.status,
                            aware(n.created_at),
                            aware(n.read_at),
                            user(n.read_by),
                        )
                        for n in referral.notifications
                    )
                    referral_id += 1
                need_id += 1
            facts = [
                (
                    person_ids[f.person],
                    f.no_home,
                    f.no_relatives,
                    f.no_work,
                    f.cannot_work,
                    f.no_income,
                    f.no_supporter,
                    f.recorded_on,
                    agency[f.agency_key],
                    user(f.by),
                )
                for f in support.facts
            ]
            self.rows.update(
                {
                    "consents": self.consents.run(consent_rows),
                    "consent_agencies": self.consent_agencies.run(consent_agencies),
                    "needs": self.needs.run(need_rows),
                    "need_changes": self.need_changes.run(changes),
                    "measures": self.measures.run(measures),
                    "referrals": self.referrals.run(referral_rows),
                    "referral_events": self.events.run(events),
                    "notifications": self.notifications.run(notifications),
                    "livelihood_facts": self.facts.run(facts),
                }
            )

    def finish(self) -> None:
        """On PostgreSQL: the id sequences continue after the ids given."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Consent, SupportNeed, Referral]
            ):
                cursor.execute(statement)
