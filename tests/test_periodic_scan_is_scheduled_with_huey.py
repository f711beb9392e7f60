"""The scan runs as a huey periodic task; the queue is SQLite in the data dir unless
REDIS_URL names Redis."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from huey import RedisHuey, SqliteHuey

from tongxin.programs import tasks


def due_at(moment: dt.datetime) -> list[str]:
    return [type(task).__name__ for task in tasks.periodic_scan.huey.read_periodic(moment)]


def test_scan_is_a_periodic_task_every_hour() -> None:
    name = "periodic_scan"
    assert name in due_at(dt.datetime(2026, 3, 1, 0, 5))
    assert name in due_at(dt.datetime(2026, 3, 1, 13, 5))
    assert name not in due_at(dt.datetime(2026, 3, 1, 13, 6))


def test_embedded_default_uses_sqlite_storage_and_never_runs_inline() -> None:
    from huey.contrib.djhuey import HUEY

    if settings.REDIS_URL:
        assert isinstance(HUEY, RedisHuey)
    else:
        assert isinstance(HUEY, SqliteHuey)
        assert str(settings.DATA_DIR) in settings.HUEY["filename"]  # type: ignore[operator]
    assert HUEY.immediate is False
