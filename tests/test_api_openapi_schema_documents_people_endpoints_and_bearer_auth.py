"""The OpenAPI document lists the people endpoints and the bearer scheme, and the docs page
loads everything from this server (government intranets have no internet)."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_openapi_lists_people_endpoints_and_bearer_security(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert (schema["info"]["title"], schema["info"]["version"]) == ("tongxin API", "1")
    paths = schema["paths"]
    assert set(paths["/api/v1/people"]) == {"get", "post"}
    assert set(paths["/api/v1/people/{uuid}"]) == {"get", "patch"}
    schemes = schema["components"]["securitySchemes"]
    bearer = [
        name for name, s in schemes.items() if (s["type"], s.get("scheme")) == ("http", "bearer")
    ]
    assert len(bearer) == 1
    for operations in paths.values():
        for operation in operations.values():
            assert {bearer[0]: []} in operation["security"]
            assert "401" in operation["responses"]


def test_docs_page_uses_only_local_assets(db: None) -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets)
    assert "http://" not in html and "https://" not in html
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # no badge fetched from validator.swagger.io
