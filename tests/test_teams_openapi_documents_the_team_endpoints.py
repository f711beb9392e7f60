"""The OpenAPI document lists the team endpoints under their own tag, each with a summary,
bearer security, the 401 and 404 every case-scoped call may answer, and the 422 of writes."""

from __future__ import annotations

from django.test import Client

TEAM_PATHS = {
    "/api/v1/cases/{uuid}/team": {"get", "post"},
    "/api/v1/cases/{uuid}/team/members": {"post"},
    "/api/v1/cases/{uuid}/team/members/{member_id}/leave": {"post"},
}


def test_openapi_lists_the_team_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {path: set(paths.get(path, {})) for path in TEAM_PATHS} == TEAM_PATHS
    for path, methods in TEAM_PATHS.items():
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["teams"] and operation["summary"], path
            assert operation["security"] and {"401", "404"} <= set(operation["responses"])
            if method == "post":
                assert "422" in operation["responses"], path
    assert "201" in paths["/api/v1/cases/{uuid}/team"]["post"]["responses"]
