from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from tests.personas import World, build_world
from tongxin.audit.triggers import create_append_only_triggers, drop_append_only_triggers


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    # Argon2 is the production hasher; tests create many users and need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _audit_triggers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the append-only triggers on during every test, but let a transactional test's
    teardown empty the tables: on SQLite Django flushes with DELETE, which they refuse
    (PostgreSQL flushes with TRUNCATE, which row triggers do not see)."""
    transactional = "transactional_db" in request.fixturenames or any(
        marker.kwargs.get("transaction") for marker in request.node.iter_markers("django_db")
    )
    uses_db = (
        transactional
        or "db" in request.fixturenames
        or any(True for _ in request.node.iter_markers("django_db"))
    )
    if uses_db:
        request.getfixturevalue("transactional_db" if transactional else "db")
        create_append_only_triggers(connection)
    yield
    if transactional and connection.vendor == "sqlite":
        drop_append_only_triggers(connection)


@pytest.fixture
def world(db: None) -> World:
    return build_world()
