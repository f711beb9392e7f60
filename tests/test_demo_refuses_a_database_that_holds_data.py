"""``tongxin demo`` loads into an empty database only; ``--if-empty`` turns a second run
into printing the saved logins (what ``make run`` does on every start)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tongxin.audit.models import AuditEvent
from tongxin.demo.places import PROVINCE_CODE
from tongxin.organisation.models import Region, RegionLevel
from tongxin.people.models import Person


@pytest.fixture
def data_dir(settings: object, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def run_demo(**options: object) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def test_second_run_is_refused_and_changes_nothing(db: None, data_dir: Path) -> None:
    run_demo(seed=5)
    with pytest.raises(CommandError, match="already holds data"):
        run_demo(seed=6)
    assert Person.objects.count() == 1500
    assert AuditEvent.objects.count() == 1


def test_if_empty_on_a_loaded_database_prints_the_saved_logins(db: None, data_dir: Path) -> None:
    first = run_demo(seed=5)
    again = run_demo(seed=5, if_empty=True)
    assert "The demo is already loaded" in again
    assert "sfs_chengguan_1" in again
    password_line = next(line for line in first.splitlines() if line.startswith("sfs_chengguan_1 "))
    assert password_line in again
    assert Person.objects.count() == 1500
    assert AuditEvent.objects.count() == 1


def test_a_database_with_only_a_user_counts_as_not_empty(db: None, data_dir: Path) -> None:
    get_user_model().objects.create_user("someone", password="Some-password-2026")
    with pytest.raises(CommandError):
        run_demo()
    output = run_demo(if_empty=True)
    assert "already holds data; no demo loaded" in output
    assert "No demo logins file" in output
    assert not Person.objects.exists()


def test_if_empty_on_an_empty_database_loads_the_demo(db: None, data_dir: Path) -> None:
    output = run_demo(seed=5, if_empty=True)
    assert "Demo loaded" in output
    assert Person.objects.count() == 1500
    assert (data_dir / "demo-logins.json").exists()


def test_if_empty_warns_about_an_interrupted_demo_load(db: None, data_dir: Path) -> None:
    # Regions of the demo province but no demo.load audit row: the people phase never ended.
    Region.objects.create(code=PROVINCE_CODE, name="示范省", level=RegionLevel.PROVINCE)
    output = run_demo(if_empty=True)
    assert "did not finish" in output
