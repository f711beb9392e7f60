"""The registry for the roster linkage tests: the demo county (1,500 people with
real-looking names, birth dates and ID numbers) loaded into the test database, and rows
built from its people."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand

from tongxin.demo.generate import build_plan
from tongxin.demo.load import load_plan
from tongxin.people.models import Person
from tongxin.rosters.linkage import RosterPerson

REGISTRY_SEED = 5
TODAY = dt.date(2026, 6, 1)


def load_registry() -> None:
    """The demo county as of TODAY (its ``demo.load`` audit row marks a demo database)."""
    load_plan(build_plan(REGISTRY_SEED, "county"), today=TODAY)


def row_of(person: Person, row: int = 2, **changes: Any) -> RosterPerson:
    """The roster row a partner would send for ``person``, with ``changes`` applied."""
    values: dict[str, Any] = {
        "row": row,
        "name": person.name,
        "id_number": person.id_number,
        "birth_date": person.birth_date,
        "sex": person.sex,
    }
    values.update(changes)
    return RosterPerson(**values)


def roster_command(name: str) -> BaseCommand:
    """A command of tongxin/rosters/management/commands (``tongxin <name>`` once the rosters
    app is installed), for ``call_command``."""
    module = import_module(f"tongxin.rosters.management.commands.{name}")
    command: BaseCommand = module.Command()
    return command
