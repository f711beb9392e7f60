"""Every route is in the permission matrix, and every person-scoped route obeys it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api_support import caller
from tests.permission_matrix import PERSON_A, ROUTES
from tests.personas import World


def route_names(resolver: URLResolver, namespace: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_permission_matrix_covers_every_route() -> None:
    names = {name for name in route_names(get_resolver()) if not name.startswith("admin:")}
    assert names - set(ROUTES) == set(), "add these routes to tests/permission_matrix.py"
    assert set(ROUTES) - names == set(), "the matrix names routes that no longer exist"


def web_calls(world: World) -> dict[str, tuple[str, str, dict[str, Any]]]:
    uuid = world.person_a.uuid
    return {
        "people:detail": ("get", f"/people/{uuid}/", {}),
        "people:reveal": ("post", f"/people/{uuid}/reveal/id_number/", {}),
        "people:edit": ("get", f"/people/{uuid}/edit/", {}),
    }


@pytest.mark.parametrize("persona", sorted(PERSON_A))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    user = getattr(world, persona)
    may_read, may_write = PERSON_A[persona]
    client = Client()
    client.force_login(user)
    secret_id = world.person_a.id_number
    for route, (method, path, data) in web_calls(world).items():
        allowed = may_write if ROUTES[route] == "person_write" else may_read
        response = getattr(client, method)(path, data)
        body = response.content.decode()
        if allowed:
            assert response.status_code == 200, (persona, route)
            assert "张东明" in body or secret_id in body, (persona, route)
        else:
            assert response.status_code == 404, (persona, route, response.status_code)
            assert "张东明" not in body and secret_id not in body, (persona, route)

    api = caller(user)
    path = f"/api/v1/people/{world.person_a.uuid}"
    read = api.get(path)
    assert read.status_code == (200 if may_read else 404), persona
    assert ("张东明" in read.content.decode()) == may_read
    write = api.patch(path, {"version": world.person_a.version, "occupation": "务工"})
    assert write.status_code == (200 if may_write else 404), (persona, write.content)
    if not may_write:
        assert "张东明" not in json.dumps(write.json(), ensure_ascii=False)
