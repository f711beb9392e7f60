"""The OpenAPI document lists the case and work-queue endpoints with bearer security, the 404
every case-scoped call may answer, and the 409 of the writes that carry a version."""

from __future__ import annotations

from django.test import Client

CASE_PATHS = {
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/{uuid}": {"get"},
    "/api/v1/cases/{uuid}/transitions": {"post"},
    "/api/v1/cases/{uuid}/contacts": {"post"},
    "/api/v1/cases/{uuid}/level": {"post"},
    "/api/v1/cases/{uuid}/assign": {"post"},
    "/api/v1/queue": {"get"},
    "/api/v1/queue/summary": {"get"},
}
VERSIONED = ("transitions", "level", "assign")


def test_openapi_lists_case_and_queue_endpoints(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {path: set(paths.get(path, {})) for path in CASE_PATHS} == CASE_PATHS
    bearer = [
        name
        for name, scheme in schema["components"]["securitySchemes"].items()
        if scheme.get("scheme") == "bearer"
    ]
    for path in CASE_PATHS:
        for operation in paths[path].values():
            assert {bearer[0]: []} in operation["security"], path
            assert "401" in operation["responses"], path
            if "{uuid}" in path:
                assert "404" in operation["responses"], path
    for action in VERSIONED:
        operation = paths[f"/api/v1/cases/{{uuid}}/{action}"]["post"]
        assert {"200", "409", "422"} <= set(operation["responses"]), action
    assert "201" in paths["/api/v1/cases"]["post"]["responses"]
    assert "201" in paths["/api/v1/cases/{uuid}/contacts"]["post"]["responses"]
    summary = paths["/api/v1/queue/summary"]["get"]["parameters"]
    [by] = [parameter for parameter in summary if parameter["name"] == "by"]
    assert by["schema"]["enum"] == ["agency", "worker"]
