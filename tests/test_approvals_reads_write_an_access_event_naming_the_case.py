"""Every read of an approval — its page, 待我审批, the work queue, and the API's case list,
single read and waiting list — writes exactly one AccessEvent naming the approval's case,
for readers too. If that write fails, the caller gets an error and nothing of the person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import access_seq, access_since
from tests.api_support import caller
from tests.approvals_support import active_probation, ask_leave, office_a_supervisor, on
from tests.approvals_web_support import API, approval_page, approval_url, case_approvals_url
from tests.personas import World
from tongxin.access import disclosure
from tongxin.programs.models import Approval, Enrollment

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


@pytest.fixture
def leave(world: World, case: Enrollment) -> Approval:
    return ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 14), today=TODAY)


def signed_in(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def one_event(since: int, user: Any, action: str, case: Enrollment) -> dict[str, Any]:
    [event] = access_since(since)
    assert (event.action, event.actor_id, event.object_type) == (action, user.pk, "enrollment")
    assert event.object_ids == [str(case.uuid)]
    details: dict[str, Any] = event.details
    return details


def test_the_web_pages_name_the_case(world: World, case: Enrollment, leave: Approval) -> None:
    head = office_a_supervisor(world)
    with on(TODAY):
        for user in (head, world.police_a):
            client = signed_in(user)
            since = access_seq()
            assert "张东明" in client.get(approval_page(leave)).content.decode()
            assert one_event(since, user, "approval.view", case) == {"approval": str(leave.uuid)}

        client = signed_in(head)
        since = access_seq()
        assert "张东明" in client.get(reverse("programs:approvals_waiting")).content.decode()
        assert one_event(since, head, "approval.waiting", case) == {"count": 1}

        since = access_seq()
        assert "张东明" in client.get(reverse("programs:queue")).content.decode()
        one_event(since, head, "queue.view", case)


def test_the_api_reads_name_the_case(world: World, case: Enrollment, leave: Approval) -> None:
    head = office_a_supervisor(world)
    api = caller(head)
    reads = {
        "approval.list": case_approvals_url(case),
        "approval.view": approval_url(leave),
        "approval.waiting": f"{API}/approvals/waiting",
    }
    with on(TODAY):
        for action, url in reads.items():
            since = access_seq()
            response = api.get(url)
            assert response.status_code == 200 and "张东明" in response.content.decode()
            one_event(since, head, action, case)


class AuditDown(RuntimeError):
    pass


def refuse(**kwargs: object) -> None:
    raise AuditDown("audit database unavailable")


def test_a_failed_audit_write_shows_nothing(
    world: World, case: Enrollment, leave: Approval, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    head = office_a_supervisor(world)
    api = caller(head)
    with on(TODAY):
        client = signed_in(head)
        pages = [
            client.get(approval_page(leave)),
            client.get(reverse("programs:approvals_waiting")),
            client.get(reverse("programs:case", args=[case.uuid])),
            api.get(approval_url(leave)),
            api.get(case_approvals_url(case)),
            api.get(f"{API}/approvals/waiting"),
        ]
    for response in pages:
        assert response.status_code == 500
        assert "张东明" not in response.content.decode()
