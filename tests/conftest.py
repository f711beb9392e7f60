from __future__ import annotations

import pytest

from tests.personas import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    # Argon2 is the production hasher; tests create many users and need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def world(db: None) -> World:
    return build_world()
