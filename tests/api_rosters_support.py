"""Calling the rosters API as a persona: multipart uploads with a bearer token."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api_support import token_for

IMPORTS = "/api/v1/rosters/imports"
RECONCILIATIONS = "/api/v1/rosters/reconciliations"
DISCREPANCIES = "/api/v1/rosters/discrepancies"


class RosterCaller:
    def __init__(self, user: Any) -> None:
        self.headers = {"Authorization": f"Bearer {token_for(user)}"}
        self.client = Client()

    def upload(self, path: str, content: bytes, file_name: str, **fields: Any) -> Any:
        data = {"file": SimpleUploadedFile(file_name, content), **fields}
        return self.client.post(path, data, headers=self.headers)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self.headers)

    def post_json(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, body, content_type="application/json", headers=self.headers)
