"""Issue 4's scenario on the web: a 司法所 worker refers person_a to 民政 for 低保 with
consent; the 民政 officer sees the referral and the named fields only — never the offence,
the diagnosis or the full ID number — accepts it and records the outcome; the sender sees
it; the audit names each disclosure."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import on
from tongxin.audit.models import AccessEvent
from tongxin.programs import actions as program_actions
from tongxin.support.models import Referral, SupportNeed

TODAY = dt.date(2026, 6, 1)
OFFENCE = "盗窃罪"


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_referral_goes_to_civil_affairs_and_back_with_only_the_named_fields(
    world: World,
) -> None:
    with on(TODAY):
        program_actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="corrections",
            details={
                "supervision_type": "probation",
                "judgment_effective_on": "2026-05-01",
                "term_years": 1,
                "offence": OFFENCE,
            },
            started_on=dt.date(2026, 5, 1),
        )
    worker = signed_in(world.worker_a)
    person_page = reverse("support:person", args=[world.person_a.uuid])
    with on(TODAY):
        # A need, then the consent (written, for 民政, for 低保).
        response = worker.post(
            reverse("support:record_need", args=[world.person_a.uuid]),
            {"pathway": "minimum_allowance", "identified_on": "2026-06-01", "note": "无收入"},
        )
        need = SupportNeed.objects.get(person=world.person_a)
        assert response.status_code == 302 and response["Location"] == reverse(
            "support:need", args=[need.uuid]
        )
        response = worker.post(
            reverse("support:record_consent", args=[world.person_a.uuid]),
            {
                "purposes": ["minimum_allowance"],
                "agencies": [world.civil_affairs.pk],
                "form": "written",
                "given_on": "2026-06-01",
            },
        )
        assert response.status_code == 302
        need_page = worker.get(reverse("support:need", args=[need.uuid])).content.decode()
        assert "测试县民政局" in need_page and "转介给其他部门" in need_page
        consent = world.person_a.consents.get()
        # Sending without a consent chosen is refused in place, the input kept.
        refused = worker.post(
            reverse("support:send_referral", args=[need.uuid]),
            {
                "to_agency": world.civil_affairs.pk,
                "purpose": "申请最低生活保障",
                "disclosed_fields": ["name", "residence_address", "phone"],
            },
        )
        body = refused.content.decode()
        assert refused.status_code == 200 and "请先登记同意或选择已登记的同意" in body
        assert "申请最低生活保障" in body and not Referral.objects.exists()
        sent = worker.post(
            reverse("support:send_referral", args=[need.uuid]),
            {
                "to_agency": world.civil_affairs.pk,
                "purpose": "申请最低生活保障",
                "disclosed_fields": ["name", "residence_address", "phone"],
                "consent": str(consent.uuid),
            },
        )
    referral = Referral.objects.get()
    assert sent["Location"] == reverse("support:referral", args=[referral.uuid])
    assert referral.disclosed_fields == ["name", "phone", "residence_address"]

    # Each day's work in its own session: a session idle for a day is signed out.
    with on(TODAY + dt.timedelta(days=2)):
        officer = signed_in(world.civil_officer)
        incoming = officer.get(reverse("support:incoming")).content.decode()
        page = officer.get(reverse("support:referral", args=[referral.uuid])).content.decode()
        # The receiver cannot open the person's file or their support page.
        file_page = officer.get(reverse("people:detail", args=[world.person_a.uuid]))
        support_page = officer.get(person_page)
        accepted = officer.post(
            reverse("support:referral_step", args=[referral.uuid, "accept"]),
            {"on_date": "2026-06-02", "version": 1},
        )
        completed = officer.post(
            reverse("support:referral_step", args=[referral.uuid, "complete"]),
            {"on_date": "2026-06-03", "version": 2, "outcome": "经审核纳入低保,每月680元"},
        )
        worker = signed_in(world.worker_a)
        outgoing = worker.get(reverse("support:outgoing")).content.decode()
        sender_view = worker.get(reverse("support:referral", args=[referral.uuid])).content.decode()
    assert "张东明" in incoming and "最低生活保障(低保)" in incoming
    assert "张东明" in page and "东城村11号" in page and world.person_a.phone in page
    for secret in (OFFENCE, world.person_a.id_number, "精神分裂", "艾滋", "1985-03-14"):
        assert secret not in page, secret
        assert secret not in incoming, secret
    assert (file_page.status_code, support_page.status_code) == (404, 404)
    assert (accepted.status_code, completed.status_code) == (302, 302)
    assert "已办结" in outgoing and "新通知" in outgoing and "已接收" in outgoing
    assert "经审核纳入低保,每月680元" in sender_view
    need.refresh_from_db()
    assert need.status == "met"

    views = AccessEvent.objects.filter(action="referral.view").order_by("seq")
    assert [(e.details["side"], e.details["fields"]) for e in views] == [
        ("received", ["name", "phone", "residence_address"]),
        ("sent", ["name", "phone", "residence_address"]),
    ]
    assert all(str(referral.uuid) in e.object_ids for e in views)
    listed = AccessEvent.objects.get(action="referral.incoming")
    assert str(referral.uuid) in listed.object_ids
