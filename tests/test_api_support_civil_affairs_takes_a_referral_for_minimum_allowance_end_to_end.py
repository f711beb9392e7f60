"""Over the API, a 司法所 worker refers person_a (on probation for 危险驾驶罪) to 民政 for 低保
with the person's consent; the 民政 officer finds it in the incoming queue, sees the referral
and the three named fields only, accepts it, serves it and records the outcome; the sender
sees each step, the outcome and the notifications; the access audit names each disclosure
and the fields it disclosed."""

from __future__ import annotations

from tests.api_programs_support import access_seq, access_since
from tests.api_referrals_support import (
    NOTIFICATIONS,
    OFFENCE,
    REFERRALS,
    day,
    need_path,
    person_path,
    probation_with_offence,
    referral_path,
)
from tests.api_support import caller
from tests.personas import World
from tests.referrals_support import TODAY, on
from tongxin.audit.models import AccessEvent, AuditEvent

NAMED = ["name", "residence_address", "phone"]


def test_justice_office_refers_and_civil_affairs_serves_seeing_only_the_named_fields(
    world: World,
) -> None:
    probation_with_offence(world)
    person = world.person_a
    worker, officer = caller(world.worker_a), caller(world.civil_officer)

    with on(TODAY):
        need = worker.post(
            person_path(person, "needs"),
            {"pathway": "minimum_allowance", "identified_on": day(), "note": "刑满后无收入"},
        )
        assert need.status_code == 201, need.content
        consent = worker.post(
            person_path(person, "consents"),
            {
                "purposes": ["minimum_allowance"],
                "agencies": [world.civil_affairs.pk],
                "form": "written",
                "given_on": day(),
            },
        )
        assert consent.status_code == 201, consent.content
        assert consent.json()["expires_on"] == "2027-06-01"  # a year by default
        sent = worker.post(
            need_path(need.json(), "referrals"),
            {
                "to_agency": world.civil_affairs.pk,
                "purpose": "申请最低生活保障,请核查家庭收入",
                "fields": NAMED,
                "consent": consent.json()["uuid"],
            },
        )
    assert sent.status_code == 201, sent.content
    referral = sent.json()
    assert (referral["status"], referral["respond_by"], referral["version"]) == (
        "sent",
        "2026-06-06",
        1,
    )

    # The receiver: its queue, then the referral with the named fields and nothing else.
    with on(TODAY):
        seq = access_seq()
        queue = officer.get(REFERRALS, {"side": "incoming"}).json()
        shown = officer.get(referral_path(referral))
    assert [(item["uuid"], item["person_name"], item["overdue"]) for item in queue["items"]] == [
        (referral["uuid"], "张东明", False)
    ]
    assert queue["items"][0]["person"] is None
    assert shown.status_code == 200
    body = shown.json()
    assert body["sides"] == ["receiver"]
    assert body["fields"] == [
        {"code": "name", "label": "姓名", "value": "张东明"},
        {"code": "phone", "label": "联系电话", "value": person.phone},
        {"code": "residence_address", "label": "居住地址", "value": "东城村 东城村11号"},
    ]
    assert body["purpose"] == "申请最低生活保障,请核查家庭收入"
    assert body["access_until"] == "2027-06-01" and body["without_consent"] is False
    assert not {"person", "need", "consent", "override_reason"} & set(body)
    text = shown.content.decode() + str(queue)
    for secret in (
        OFFENCE,
        person.id_number,
        person.birth_date.isoformat(),
        str(person.uuid),
        need.json()["uuid"],
        consent.json()["uuid"],
        "刑满后无收入",  # the need's note stays with the sender
    ):
        assert secret not in text, secret
    queue_event, view_event = access_since(seq)
    assert (queue_event.action, queue_event.object_ids, queue_event.details) == (
        "referral.list",
        [referral["uuid"]],
        {"side": "incoming", "count": 1, "fields": ["name"]},
    )
    assert (view_event.action, view_event.actor_id, view_event.agency_name) == (
        "referral.view",
        world.civil_officer.pk,
        "测试县民政局",
    )
    assert view_event.object_ids == [referral["uuid"]]
    assert view_event.details == {
        "person": str(person.uuid),
        "sides": ["receiver"],
        "fields": ["name", "phone", "residence_address"],
    }

    # Accept, serve, complete.
    with on(TODAY):
        accepted = officer.post(referral_path(referral, "accept"), {"on_date": day(), "version": 1})
    with on(TODAY.replace(day=3)):
        started = officer.post(referral_path(referral, "start"), {"on_date": day(2), "version": 2})
    with on(TODAY.replace(day=20)):
        completed = officer.post(
            referral_path(referral, "complete"),
            {"on_date": day(19), "version": 3, "outcome": "经审核纳入低保,每月 680 元"},
        )
    assert [r.json()["status"] for r in (accepted, started, completed)] == [
        "accepted",
        "in_service",
        "completed",
    ]
    assert completed.json()["version"] == 4

    # The sender sees every step, the outcome, the met need and the notifications.
    with on(TODAY.replace(day=21)):
        seen = worker.get(referral_path(referral)).json()
        need_now = worker.get(need_path(need.json())).json()
        notices = worker.get(NOTIFICATIONS).json()
        marked = worker.post(f"{NOTIFICATIONS}/read", {"ids": [n["id"] for n in notices["items"]]})
        after = worker.get(NOTIFICATIONS).json()
    assert seen["sides"] == ["sender"] and seen["person"] == str(person.uuid)
    assert seen["outcome"] == "经审核纳入低保,每月 680 元"
    assert (seen["accepted_on"], seen["service_started_on"], seen["closed_on"]) == (
        "2026-06-01",
        "2026-06-03",
        "2026-06-20",
    )
    assert [(e["status"], e["agency"]) for e in seen["events"]] == [
        ("sent", "东城镇司法所"),
        ("accepted", "测试县民政局"),
        ("in_service", "测试县民政局"),
        ("completed", "测试县民政局"),
    ]
    assert [f["code"] for f in seen["disclosed_fields"]] == ["name", "phone", "residence_address"]
    assert "fields" not in seen  # the sender has the file; values are the receiver's view
    assert need_now["status"] == "met" and need_now["outcome"] == "经审核纳入低保,每月 680 元"
    assert [h["to_status"] for h in need_now["history"]] == [
        "identified",
        "referred",
        "in_progress",
        "met",
    ]
    assert [r["status"] for r in need_now["referrals"]] == ["completed"]
    assert [(n["status"], n["direction"], n["other_agency"]) for n in notices["items"]] == [
        ("completed", "outgoing", "测试县民政局"),
        ("in_service", "outgoing", "测试县民政局"),
        ("accepted", "outgoing", "测试县民政局"),
    ]
    assert marked.json() == {"marked": 3} and after["items"] == []

    # Each disclosure of the referral to 民政 is in the access audit with its fields; each
    # step is in the change audit, without the outcome's text.
    to_civil = AccessEvent.objects.filter(actor=world.civil_officer, object_type="referral")
    assert sorted(e.action for e in to_civil) == ["referral.list", "referral.view"]
    steps = AuditEvent.objects.filter(object_type="referral").order_by("seq")
    assert [(e.action, e.object_ids) for e in steps] == [
        ("referral.send", [referral["uuid"]]),
        ("referral.accept", [referral["uuid"]]),
        ("referral.start_service", [referral["uuid"]]),
        ("referral.complete", [referral["uuid"]]),
    ]
    assert steps[0].details["fields"] == ["name", "phone", "residence_address"] and not any(
        "680" in str(e.details) for e in steps
    )
