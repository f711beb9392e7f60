"""The OpenAPI document lists the rosters endpoints under their own tag, each with a summary,
bearer security and the 401 every call may answer; uploads are multipart with the file and
their form fields, and document their 422 (and the import its 409); reads their 404."""

from __future__ import annotations

from django.test import Client

ROSTER_PATHS = {
    "/api/v1/rosters/imports": {"post"},
    "/api/v1/rosters/imports/{uuid}": {"get"},
    "/api/v1/rosters/reconciliations": {"post"},
    "/api/v1/rosters/reconciliations/{uuid}": {"get"},
    "/api/v1/rosters/reconciliations/{uuid}/discrepancies": {"get"},
    "/api/v1/rosters/discrepancies/{uuid}/resolve": {"post"},
}


def test_openapi_lists_the_roster_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {path: set(paths.get(path, {})) for path in ROSTER_PATHS} == ROSTER_PATHS
    for path, methods in ROSTER_PATHS.items():
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["rosters"] and operation["summary"], path
            assert operation["security"] and "401" in operation["responses"], path
            if method == "post":
                assert "422" in operation["responses"], path
            if "{uuid}" in path:
                assert "404" in operation["responses"], path
    for path, fields in (
        ("/api/v1/rosters/imports", {"file", "kind", "dry_run", "agency"}),
        ("/api/v1/rosters/reconciliations", {"file", "against", "partner", "agency"}),
    ):
        body = paths[path]["post"]["requestBody"]["content"]
        assert set(body) == {"multipart/form-data"}, path
        schema = body["multipart/form-data"]["schema"]
        assert set(schema["properties"]) == fields, path
    assert "409" in paths["/api/v1/rosters/imports"]["post"]["responses"]
    assert "409" in paths["/api/v1/rosters/discrepancies/{uuid}/resolve"]["post"]["responses"]
