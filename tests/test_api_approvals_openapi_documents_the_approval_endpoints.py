"""The OpenAPI document lists the approval endpoints under their own tag, with a summary each,
bearer security, the 404 of every call about one case or approval, the 422 of the writes and
the 409 of the decision, which carries the approval's version."""

from __future__ import annotations

from django.test import Client

APPROVAL_PATHS = {
    "/api/v1/cases/{uuid}/approvals": {"get", "post"},
    "/api/v1/approvals/waiting": {"get"},
    "/api/v1/approvals/{uuid}": {"get"},
    "/api/v1/approvals/{uuid}/decisions": {"post"},
    "/api/v1/approvals/{uuid}/withdraw": {"post"},
}


def test_openapi_lists_the_approval_endpoints(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {path: set(paths.get(path, {})) for path in APPROVAL_PATHS} == APPROVAL_PATHS
    for path, methods in APPROVAL_PATHS.items():
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["approvals"], path
            assert operation["summary"], path
            assert "401" in operation["responses"], path
            assert operation["security"], path
            if "{uuid}" in path:
                assert "404" in operation["responses"], (path, method)
            if method == "post":
                assert "422" in operation["responses"], path
    decide = paths["/api/v1/approvals/{uuid}/decisions"]["post"]
    assert {"200", "409", "422"} <= set(decide["responses"])
    assert "201" in paths["/api/v1/cases/{uuid}/approvals"]["post"]["responses"]
    decision = schema["components"]["schemas"]["DecisionIn"]
    assert set(decision["required"]) == {"agreed", "opinion", "version"}
