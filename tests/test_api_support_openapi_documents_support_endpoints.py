"""The OpenAPI document lists every support endpoint under the "support" tag with a summary,
bearer security and 401; the 404 of every call about one record; the 409 of every write that
carries a version; and the receiver's field values as a list of code, label and value."""

from __future__ import annotations

from django.test import Client

SUPPORT_PATHS = {
    "/api/v1/people/{uuid}/needs": {"get", "post"},
    "/api/v1/needs/{uuid}": {"get"},
    "/api/v1/needs/{uuid}/status": {"post"},
    "/api/v1/needs/{uuid}/measures": {"post"},
    "/api/v1/needs/{uuid}/referrals": {"post"},
    "/api/v1/people/{uuid}/consents": {"get", "post"},
    "/api/v1/consents/{uuid}/withdraw": {"post"},
    "/api/v1/people/{uuid}/livelihood-facts": {"get", "post"},
    "/api/v1/referrals": {"get"},
    "/api/v1/referrals/{uuid}": {"get"},
    "/api/v1/referrals/{uuid}/accept": {"post"},
    "/api/v1/referrals/{uuid}/reject": {"post"},
    "/api/v1/referrals/{uuid}/start": {"post"},
    "/api/v1/referrals/{uuid}/complete": {"post"},
    "/api/v1/referrals/{uuid}/end": {"post"},
    "/api/v1/referrals/{uuid}/revoke": {"post"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/read": {"post"},
    "/api/v1/support/three-nos": {"get"},
    "/api/v1/support/figures": {"get"},
    "/api/v1/support/agencies": {"get"},
}
VERSIONED = (
    "/api/v1/needs/{uuid}/status",
    *(f"/api/v1/referrals/{{uuid}}/{step}" for step in ("accept", "reject", "start")),
    *(f"/api/v1/referrals/{{uuid}}/{step}" for step in ("complete", "end", "revoke")),
)


def test_openapi_documents_the_support_endpoints(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {path: set(paths.get(path, {})) for path in SUPPORT_PATHS} == SUPPORT_PATHS
    [bearer] = [
        name
        for name, scheme in schema["components"]["securitySchemes"].items()
        if scheme.get("scheme") == "bearer"
    ]
    for path in SUPPORT_PATHS:
        for operation in paths[path].values():
            assert operation["tags"] == ["support"], path
            assert operation["summary"], path
            assert {bearer: []} in operation["security"], path
            assert "401" in operation["responses"], path
            if "{uuid}" in path:
                assert "404" in operation["responses"], path
    for path in VERSIONED:
        assert {"200", "409", "422"} <= set(paths[path]["post"]["responses"]), path
    detail = schema["components"]["schemas"]["ReferralDetail"]["properties"]
    [values] = [option for option in detail["fields"]["anyOf"] if option.get("type") == "array"]
    item = schema["components"]["schemas"][values["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(item["properties"]) == {"code", "label", "value"}
