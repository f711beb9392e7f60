"""Helpers for the approval page and API tests: URLs, the case page's request forms as a
browser posts them, and the decision as the approval page's buttons send it."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tongxin.programs.models import Approval, Enrollment

API = "/api/v1"


def case_page(case: Enrollment) -> str:
    return reverse("programs:case", args=[case.uuid])


def request_url(case: Enrollment) -> str:
    return reverse("programs:request_approval", args=[case.uuid])


def approval_page(approval: Approval) -> str:
    return reverse("programs:approval", args=[approval.uuid])


def post_leave(client: Client, case: Enrollment, starts_on: str, ends_on: str, **extra: Any) -> Any:
    return client.post(
        request_url(case),
        {
            "kind": "leave",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "destination": "省城",
            "reason": "探望住院的母亲",
            **extra,
        },
    )


def post_decision(
    client: Client, approval: Approval, *, agreed: bool = True, opinion: str = "情况属实,同意。"
) -> Any:
    approval.refresh_from_db()
    return client.post(
        reverse("programs:decide_approval", args=[approval.uuid]),
        {"agreed": "yes" if agreed else "no", "opinion": opinion, "version": approval.version},
    )


def has_decision_form(html: str, approval: Approval) -> bool:
    return reverse("programs:decide_approval", args=[approval.uuid]) in html


def case_approvals_url(case: Enrollment) -> str:
    return f"{API}/cases/{case.uuid}/approvals"


def approval_url(approval: Any, action: str = "") -> str:
    uuid = approval.uuid if hasattr(approval, "uuid") else approval
    return f"{API}/approvals/{uuid}" + (f"/{action}" if action else "")
