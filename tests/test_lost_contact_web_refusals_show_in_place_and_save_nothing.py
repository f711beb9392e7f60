"""A refused lost-contact form re-renders the case page with the form as posted and the
Chinese message on the field it names (or above the section when no field can carry it);
no episode, search or police notice is saved and nothing is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import audit_seq
from tests.personas import World
from tests.programs_support import act, reported_corrections_case
from tongxin.programs.lost_contact import flag_lost_contact, mark_found
from tongxin.programs.models import Enrollment, LostContact, SearchAction

SINCE = dt.date(2026, 5, 4)
TODAY = dt.date(2026, 5, 10)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    return reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )


@pytest.fixture
def signed_in(client: Client, world: World) -> Client:
    client.force_login(world.worker_a)
    return client


def refused(client: Client, route: str, case: Enrollment, data: dict[str, str]) -> str:
    before = audit_seq()
    response = client.post(reverse(route, args=[case.uuid]), data)
    assert response.status_code == 200
    assert audit_seq() == before
    html: str = response.content.decode()
    return html


def form_of(html: str, route: str, case: Enrollment) -> str:
    """The posted form's HTML, from its action to its end."""
    start = html.index(f'action="{reverse(route, args=[case.uuid])}"')
    return html[start : html.index("</form>", start)]


def flag(world: World, case: Enrollment) -> LostContact:
    return flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)


def test_a_future_since_date_is_refused_on_its_field(signed_in: Client, case: Enrollment) -> None:
    route = "programs:lost_contact_flag"
    html = refused(signed_in, route, case, {"since_on": "2026-05-11"})
    form = form_of(html, route, case)
    assert "失联日期不能晚于今天。" in form and 'value="2026-05-11"' in form
    assert not LostContact.objects.exists()


def test_a_search_before_the_episode_began_is_refused_and_the_input_kept(
    signed_in: Client, world: World, case: Enrollment
) -> None:
    flag(world, case)
    route = "programs:lost_contact_search"
    html = refused(
        signed_in, route, case, {"on_date": "2026-05-03", "method": "visit", "outcome": "走访邻居"}
    )
    form = form_of(html, route, case)
    assert "日期不能早于失联日期 2026-05-04。" in form
    assert 'value="2026-05-03"' in form and "走访邻居" in form
    assert not SearchAction.objects.exists()


def test_a_date_that_is_not_a_date_is_explained(
    signed_in: Client, world: World, case: Enrollment
) -> None:
    flag(world, case)
    route = "programs:lost_contact_search"
    html = refused(
        signed_in, route, case, {"on_date": "5月5日", "method": "phone", "outcome": "关机"}
    )
    assert "请填写查找日期,格式 YYYY-MM-DD。" in form_of(html, route, case)
    assert not SearchAction.objects.exists()


def test_a_police_notice_must_say_which_police_organ_was_told(
    signed_in: Client, world: World, case: Enrollment
) -> None:
    episode = flag(world, case)
    route = "programs:lost_contact_police"
    html = refused(signed_in, route, case, {"on_date": "2026-05-05", "note": " "})
    assert "请填写通报的公安机关,例如“东城派出所”" in form_of(html, route, case)
    episode.refresh_from_db()
    assert episode.police_notified_on is None and not SearchAction.objects.exists()


def test_a_search_after_someone_else_closed_the_episode_says_so_above_the_section(
    signed_in: Client, world: World, case: Enrollment
) -> None:
    episode = flag(world, case)
    mark_found(actor=act(world.county_supervisor), episode_uuid=episode.uuid, found_on=TODAY)
    html = refused(
        signed_in,
        "programs:lost_contact_search",
        case,
        {"on_date": "2026-05-10", "method": "phone", "outcome": "关机"},
    )
    section = html[html.index('id="lost-contact-title"') :]
    assert "操作未完成" in section
    assert "此人目前没有未结束的失联记录;如已失去联系,请先登记失联。" in section
    assert not SearchAction.objects.exists()
