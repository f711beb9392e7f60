"""The OpenAPI document lists the possible-duplicate endpoints under their own tag, each
with a summary and bearer security; reading one pair and deciding it document 404, and the
decision its 422 refusal and its 409 when the pair was decided meanwhile."""

from __future__ import annotations

from django.test import Client

DEDUP_PATHS = {
    "/api/v1/match-candidates": {"get"},
    "/api/v1/match-candidates/{uuid}": {"get"},
    "/api/v1/match-candidates/{uuid}/decision": {"post"},
}


def test_openapi_lists_the_review_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {path: set(paths.get(path, {})) for path in DEDUP_PATHS} == DEDUP_PATHS
    for path, methods in DEDUP_PATHS.items():
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["dedup"] and operation["summary"], path
            assert operation["security"] and "401" in operation["responses"], path
    assert "404" in paths["/api/v1/match-candidates/{uuid}"]["get"]["responses"]
    decision = paths["/api/v1/match-candidates/{uuid}/decision"]["post"]["responses"]
    assert {"200", "404", "409", "422"} <= set(decision)
