"""Reconciling from the web page and the API as a persona: a county with one open case of
each kind of discrepancy, and the upload of a police roster to the 名单核对 page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import COUNTY_CODE, World
from tests.reconcile_support import (
    TODAY,
    open_corrections,
    open_reentry,
    police_roster,
    row_for,
    stranger_row,
    township_a_person,
)
from tongxin.lib.resident_id import make_number
from tongxin.people.models import Person
from tongxin.rosters.models import ReconciliationJob

FILE_NAME = "东城派出所三月列管名单.xlsx"


@dataclass
class Township:
    """Township A's open cases and a police roster with one row of each kind."""

    roster: bytes
    moved: Person  # on the roster with another address: a mismatch
    absent: Person  # open case, not on the roster: registry-only
    lookalike: Person  # on the roster with another ID number: for review


def township_with_each_kind(world: World) -> Township:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        moved = township_a_person(world, "陈立新", 41, dt.date(1983, 4, 9))
        open_reentry(world, moved, world.worker_a)
        absent = township_a_person(world, "刘海", 42, dt.date(1990, 10, 1))
        open_corrections(world, absent, world.worker_a)
        lookalike = township_a_person(world, "周强", 43, dt.date(1978, 2, 20))
        open_corrections(world, lookalike, world.worker_a)
    roster = police_roster(
        [
            row_for(world.person_a),
            row_for(moved, address="东城村88号"),
            row_for(lookalike, id_number=make_number(COUNTY_CODE, lookalike.birth_date, 99, "M")),
            stranger_row("吴新", 51, "西山乡西山村5号"),
            stranger_row("郑远", 52, "外省某市某路"),
        ]
    )
    return Township(roster=roster, moved=moved, absent=absent, lookalike=lookalike)


def frozen() -> Any:
    return time_machine.travel(TODAY, tick=False)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_to_reconcile(
    client: Client,
    content: bytes,
    *,
    partner: str | None = None,
    file_name: str = FILE_NAME,
    follow: bool = False,
) -> Any:
    """Post a police roster to the 名单核对 page (a partner's name for a hashed roster).
    Call it, and the pages after it, inside ``frozen()``: the session is dated then."""
    fields: dict[str, Any] = {
        "file": SimpleUploadedFile(file_name, content),
        "identifiers": "partner_hash" if partner is not None else "plain",
    }
    if partner is not None:
        fields["partner"] = partner
    return client.post(reverse("reconcile:index"), fields, follow=follow)


def latest_job() -> ReconciliationJob:
    return ReconciliationJob.objects.select_related("run").order_by("-id").first()  # type: ignore[return-value]
