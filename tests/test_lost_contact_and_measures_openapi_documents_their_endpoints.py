"""The OpenAPI document lists the lost-contact and rewards-and-sanctions endpoints under
their own tags, each with a summary, bearer security, the 401 and 404 every case-scoped
call may answer and the 422 of every write."""

from __future__ import annotations

from django.test import Client

PATHS = {
    "/api/v1/cases/{uuid}/lost-contact": ({"get", "post"}, "lost contact"),
    "/api/v1/cases/{uuid}/lost-contact/searches": ({"post"}, "lost contact"),
    "/api/v1/cases/{uuid}/lost-contact/police": ({"post"}, "lost contact"),
    "/api/v1/cases/{uuid}/lost-contact/found": ({"post"}, "lost contact"),
    "/api/v1/cases/{uuid}/measures": ({"get", "post"}, "measures"),
}
CREATED = {
    ("/api/v1/cases/{uuid}/lost-contact", "post"),
    ("/api/v1/cases/{uuid}/lost-contact/searches", "post"),
    ("/api/v1/cases/{uuid}/measures", "post"),
}


def test_openapi_documents_lost_contact_and_measures_endpoints(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {path: set(paths.get(path, {})) for path in PATHS} == {
        path: methods for path, (methods, _tag) in PATHS.items()
    }
    [bearer] = [
        name
        for name, scheme in schema["components"]["securitySchemes"].items()
        if scheme.get("scheme") == "bearer"
    ]
    for path, (_methods, tag) in PATHS.items():
        for method, operation in paths[path].items():
            assert operation["tags"] == [tag], path
            assert operation["summary"], (path, method)
            assert {bearer: []} in operation["security"], path
            responses = set(operation["responses"])
            assert {"401", "404"} <= responses, (path, method)
            if method == "post":
                success = "201" if (path, method) in CREATED else "200"
                assert {success, "422"} <= responses, (path, method)
