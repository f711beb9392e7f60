"""A 司法所 worker flags a case lost on the case page, records two searches and the police
notice; each shows in the open episode's card, audited. Eleven days after the person went
missing the page suggests a warning (警告) with its reason — a suggestion only, nothing is
decided."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import reported_corrections_case
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment, LostContact, Measure

SINCE = dt.date(2026, 5, 4)


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)), tick=False)


def post(client: Client, route: str, case: Enrollment, data: dict[str, str]) -> None:
    response = client.post(reverse(route, args=[case.uuid]), data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("programs:case", args=[case.uuid])


def page(client: Client, case: Enrollment) -> str:
    response = client.get(reverse("programs:case", args=[case.uuid]))
    assert response.status_code == 200
    html: str = response.content.decode()
    return html


def test_a_worker_searches_notifies_the_police_and_the_page_suggests_a_warning(
    client: Client, world: World
) -> None:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    with on(SINCE + dt.timedelta(days=1)):
        client.force_login(world.worker_a)
        html = page(client, case)
        assert "登记失联" in html and 'name="since_on"' in html
        post(client, "programs:lost_contact_flag", case, {"since_on": SINCE.isoformat()})
        post(
            client,
            "programs:lost_contact_search",
            case,
            {"on_date": "2026-05-04", "method": "phone", "outcome": "本人电话关机"},
        )
        post(
            client,
            "programs:lost_contact_search",
            case,
            {"on_date": "2026-05-05", "method": "visit", "outcome": "走访其父母,称已外出打工"},
        )
        post(
            client,
            "programs:lost_contact_police",
            case,
            {"on_date": "2026-05-05", "note": "东城派出所,值班民警已登记协查"},
        )
        html = page(client, case)
    assert "已登记通报公安。" in html
    assert "本人电话关机" in html and "已外出打工" in html
    assert "东城派出所,值班民警已登记协查" in html
    # The notice is dated once: its form is gone, the search and found forms remain.
    assert reverse("programs:lost_contact_police", args=[case.uuid]) not in html
    assert reverse("programs:lost_contact_search", args=[case.uuid]) in html
    assert reverse("programs:lost_contact_found", args=[case.uuid]) in html

    episode = LostContact.objects.get(enrollment=case)
    assert episode.since_on == SINCE and episode.police_notified_on == dt.date(2026, 5, 5)
    assert list(episode.searches.values_list("method", flat=True)) == ["phone", "visit", "police"]
    assert [e.action for e in AuditEvent.objects.filter(subject_id=str(case.uuid))][-4:] == [
        "lost_contact.flag",
        "lost_contact.search",
        "lost_contact.search",
        "lost_contact.notify_police",
    ]

    # Days later, a new session (the idle one has long been signed out).
    with on(SINCE + dt.timedelta(days=10)):
        client.force_login(world.worker_a)
        html = page(client, case)
    assert "脱离监管不超过10日" in html and "脱离监管超过10日" not in html

    with on(SINCE + dt.timedelta(days=11)):
        client.force_login(world.worker_a)
        html = page(client, case)
    assert "脱离监管超过10日" in html
    suggestions = html[html.index("系统建议") : html.index("奖惩记录")]
    assert "警告" in suggestions and "脱离监管超过10日" in suggestions
    assert '<dd class="danger-text">11</dd>' in html  # days out of contact
    assert not Measure.objects.exists()
