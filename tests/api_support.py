"""Calling the API as a persona: a bearer token issued through the token action."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from tongxin.accounts.tokens import issue_token
from tongxin.audit.record import Actor

PEOPLE = "/api/v1/people"


def token_for(user: Any, **options: Any) -> str:
    _row, token = issue_token(actor=Actor.cli(), user=user, name="test", **options)
    return token


@dataclass
class Caller:
    """A Django test client that sends ``Authorization: Bearer <token>`` on every request."""

    token: str
    client: Client = field(default_factory=Client)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            path, json.dumps(body), content_type="application/json", headers=self.headers
        )


def caller(user: Any) -> Caller:
    return Caller(token_for(user))


def person_url(person: Any) -> str:
    return f"{PEOPLE}/{person.uuid}"
