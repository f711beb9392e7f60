"""patient_a's mental-health case (the health centre's) and HIV case (the CDC's) never appear
in any JSON the API gives police, justice, civil affairs or the procuratorate: not the name,
not the case, not the diagnosis, not the program, not its keyed storage code. The health
centre does not see the HIV case either; only the CDC sees that one, as ``hiv``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine

from tests.api_programs_support import (
    CASES,
    QUEUE,
    SUMMARY,
    case_url,
    enroll_hiv,
    enroll_mental_health,
)
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import enroll_probation
from tongxin.programs.models import Enrollment
from tongxin.programs.registry import get_spec

OUTSIDE_HEALTH = ("police_a", "worker_a", "county_supervisor", "procurator", "civil_officer")


@pytest.fixture
def cases(world: World) -> dict[str, Any]:
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        corrections = enroll_probation(world, effective=dt.date(2026, 3, 2))
        mental = enroll_mental_health(world)
        hiv, cdc = enroll_hiv(world)
    return {"corrections": corrections, "mental": mental, "hiv": hiv, "cdc": cdc}


def secrets(world: World, mental: Enrollment, hiv: Enrollment) -> list[str]:
    return [
        "精神分裂症",
        "schizophrenia",
        "精神障碍",
        "mental_health",
        "hiv",
        "艾滋",
        get_spec("hiv").storage_code.lower(),
        "王静",
        str(world.patient_a.uuid),
        str(mental.uuid),
        str(hiv.uuid),
    ]


def everything_seen(api: Any, world: World, cases: dict[str, Any]) -> str:
    """Every case and queue read a caller can make that could touch patient_a."""
    texts: list[str] = []
    for path, params in (
        (CASES, {}),
        (CASES, {"person": str(world.patient_a.uuid)}),
        (CASES, {"program": "hiv"}),
        (CASES, {"program": "mental_health"}),
        (CASES, {"program": get_spec("hiv").storage_code}),
        (QUEUE, {}),
        (SUMMARY, {"by": "agency"}),
        (SUMMARY, {"by": "worker"}),
        (case_url(cases["mental"]), {}),
        (case_url(cases["hiv"]), {}),
    ):
        response = api.get(path, params)
        texts.append(response.content.decode())
    return "\n".join(texts).lower()


@pytest.mark.parametrize("persona", OUTSIDE_HEALTH)
def test_no_trace_of_either_case_outside_health(
    world: World, cases: dict[str, Any], persona: str
) -> None:
    api = caller(getattr(world, persona))
    assert api.get(case_url(cases["mental"])).status_code == 404
    assert api.get(case_url(cases["hiv"])).status_code == 404
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        text = everything_seen(api, world, cases)
    found = [secret for secret in secrets(world, cases["mental"], cases["hiv"]) if secret in text]
    assert found == []


def test_the_justice_worker_still_sees_their_own_case_in_the_same_calls(
    world: World, cases: dict[str, Any]
) -> None:
    # The same reads are not simply empty: the probation case is there.
    api = caller(world.worker_a)
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        text = everything_seen(api, world, cases)
    assert str(cases["corrections"].uuid) in text and "张东明" in text


def test_the_health_centre_sees_the_diagnosis_but_not_the_hiv_case(
    world: World, cases: dict[str, Any]
) -> None:
    api = caller(world.health_a)
    listed = api.get(CASES).json()
    assert [(item["uuid"], item["program"]) for item in listed["items"]] == [
        (str(cases["mental"].uuid), "mental_health")
    ]
    detail = api.get(case_url(cases["mental"])).json()
    assert (detail["details"]["diagnosis"], detail["risk_level"]) == ("schizophrenia", 4)
    assert api.get(case_url(cases["hiv"])).status_code == 404
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        text = everything_seen(api, world, cases)
    for secret in ("艾滋", str(cases["hiv"].uuid), get_spec("hiv").storage_code.lower()):
        assert secret not in text
    assert '"hiv"' not in text


def test_only_the_cdc_sees_the_hiv_case_and_as_its_public_code(
    world: World, cases: dict[str, Any]
) -> None:
    api = caller(cases["cdc"])
    listed = api.get(CASES, {"program": "hiv"}).json()
    assert [(item["uuid"], item["program"], item["program_label"]) for item in listed["items"]] == [
        (str(cases["hiv"].uuid), "hiv", "艾滋病随访")
    ]
    detail = api.get(case_url(cases["hiv"]))
    assert detail.json()["details"] == {"on_art": True, "stage": "infected"}
    assert api.get(case_url(cases["mental"])).status_code == 404
    everything = json.dumps(listed) + detail.content.decode()
    assert get_spec("hiv").storage_code not in everything
