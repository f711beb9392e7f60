"""Refused support requests answer 422 with Chinese messages naming the field and the fix,
and change nothing: no referral, no status change, no audit row and no disclosure."""

from __future__ import annotations

from typing import Any

from tests.api_programs_support import access_seq, access_since, audit_seq, audit_since
from tests.api_referrals_support import day, need_path, person_path, probation_with_offence
from tests.api_support import caller
from tests.personas import World
from tests.referrals_support import TODAY, allowance_need, consent_to_civil_affairs, on
from tongxin.support.models import Consent, Referral, SupportNeed


def referral_body(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "to_agency": world.civil_affairs.pk,
        "purpose": "申请最低生活保障",
        "fields": ["name", "phone"],
        **changes,
    }


def test_refused_requests_explain_in_chinese_and_leave_no_trace(world: World) -> None:
    probation_with_offence(world)
    need = allowance_need(world)
    consent = consent_to_civil_affairs(world)
    worker = caller(world.worker_a)
    consent_id = str(consent.uuid)
    refusals: list[tuple[str, dict[str, Any], dict[str, list[str]]]] = [
        (
            need_path(need, "referrals"),
            referral_body(world),
            {"consent": ["转介须有本人(或监护人)有效的同意,请先登记同意或选择已登记的同意。"]},
        ),
        (
            need_path(need, "referrals"),
            referral_body(world, override_reason="本人住院无法签字,情况紧急需要救助"),
            {"override_reason": ["只有本机构的主管可以在无同意的情况下紧急转介。"]},
        ),
        (
            need_path(need, "referrals"),
            referral_body(world, consent=consent_id, fields=["name", "offence"]),
            {"fields": ["罪名只能由司法行政机关转给司法行政或公安机关(如法律援助、办理证件)。"]},
        ),
        (
            need_path(need, "referrals"),
            referral_body(world, consent=consent_id, to_agency=world.police_station_a.pk),
            {"to_agency": ["“最低生活保障(低保)”应转介给:民政局。"]},
        ),
        (
            need_path(need, "status"),
            {"to_status": "met", "on_date": day(), "version": 1},
            {"to_status": ["“已发现”的需求不能改为“已解决”。"]},
        ),
        (
            person_path(world.person_a, "consents"),
            {
                "purposes": [],
                "agencies": [world.civil_affairs.pk],
                "form": "written",
                "given_on": day(),
            },
            {"purposes": ["请至少选择一项用途。"]},
        ),
        (
            person_path(world.person_a, "needs"),
            {"pathway": "minimum_allowance", "identified_on": day()},
            {
                "pathway": [
                    "此人已有未办结的“最低生活保障(低保)”需求(已发现),请在该需求中继续办理。"
                ]
            },
        ),
        (
            person_path(world.person_a, "needs"),
            {"identified_on": day()},
            {"pathway": ["必须填写此项。"]},
        ),
    ]
    with on(TODAY):
        before = (access_seq(), audit_seq())
        for path, body, errors in refusals:
            response = worker.post(path, body)
            assert response.status_code == 422, (path, body, response.content)
            assert response.json() == {"errors": errors, "warnings": []}, body
        after = (access_since(before[0]), audit_since(before[1]))
    assert after == ([], [])
    assert not Referral.objects.exists()
    assert list(SupportNeed.objects.values_list("status", "version")) == [("identified", 1)]
    assert Consent.objects.count() == 1
