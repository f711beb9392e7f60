"""Using the roster import pages as a persona: upload a file, run the commit task inline."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from tongxin.rosters.models import ImportBatch
from tongxin.rosters.reading import RosterKind


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_tasks_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Huey runs an enqueued task at once (and keeps its key-value store in memory)."""
    monkeypatch.setattr(HUEY, "immediate", True)


def upload(
    client: Client,
    content: bytes,
    kind: RosterKind = RosterKind.RELEASE_NOTICE,
    *,
    file_name: str = "名单.xlsx",
    follow: bool = False,
    **fields: Any,
) -> Any:
    return client.post(
        reverse("rosters:index"),
        {"file": SimpleUploadedFile(file_name, content), "kind": kind.value, **fields},
        follow=follow,
    )


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-id").first()  # type: ignore[return-value]
