"""If the audit write fails, the disclosure fails: the page is an error without the data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tongxin.access import disclosure


class AuditDown(RuntimeError):
    pass


@pytest.fixture
def broken_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)


@pytest.fixture
def worker_a_client(world: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.worker_a)
    return client


def test_person_page_is_an_error_without_the_persons_data(
    broken_audit: None, worker_a_client: Client, world: World
) -> None:
    response = worker_a_client.get(reverse("people:detail", args=[world.person_a.uuid]))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in html
    assert "张东明" not in html
    assert world.person_a.id_number_masked not in html


@pytest.mark.parametrize("query", ["", "张东明", "990101198503140118"])
def test_list_and_search_are_errors_without_any_hit(
    broken_audit: None, worker_a_client: Client, world: World, query: str
) -> None:
    response = worker_a_client.get(reverse("people:list"), {"q": query})
    assert response.status_code == 500
    assert "张东明" not in response.content.decode()


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_reveal_is_an_error_without_the_number(
    broken_audit: None, worker_a_client: Client, world: World, field: str
) -> None:
    response = worker_a_client.post(
        reverse("people:reveal", args=[world.person_a.uuid, field]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 500
    assert getattr(world.person_a, field) not in response.content.decode()


def test_edit_form_with_full_numbers_is_an_error(
    broken_audit: None, worker_a_client: Client, world: World
) -> None:
    response = worker_a_client.get(reverse("people:edit", args=[world.person_a.uuid]))
    assert response.status_code == 500
    assert world.person_a.id_number not in response.content.decode()
