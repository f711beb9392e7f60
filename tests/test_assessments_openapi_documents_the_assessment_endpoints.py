"""The OpenAPI document lists the assessment endpoints under their own tag, each with a
summary, bearer security, the 401 and 404 every case-scoped call may answer, and the 201 and
422 of the two ways to record an assessment."""

from __future__ import annotations

from django.test import Client

ASSESSMENT_PATHS = {
    "/api/v1/cases/{uuid}/assessments": {"get"},
    "/api/v1/cases/{uuid}/assessments/risk": {"post"},
    "/api/v1/cases/{uuid}/assessments/classification": {"post"},
}


def test_openapi_lists_the_assessment_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {path: set(paths.get(path, {})) for path in ASSESSMENT_PATHS} == ASSESSMENT_PATHS
    for path, methods in ASSESSMENT_PATHS.items():
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["assessments"] and operation["summary"], path
            assert operation["security"] and {"401", "404"} <= set(operation["responses"])
            if method == "post":
                assert {"201", "422"} <= set(operation["responses"]), path
