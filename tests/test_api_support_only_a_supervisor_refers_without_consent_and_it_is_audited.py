"""Without consent a referral is refused unless the sending office's supervisor gives a
reason of at least ten characters: the referral is then marked as sent without consent, lasts
30 days for the receiver (who does not read the reason), and the change audit records the
override without the reason's text (it is encrypted in the referral)."""

from __future__ import annotations

from tests.api_referrals_support import need_path, referral_path
from tests.api_support import caller
from tests.personas import World, member
from tests.referrals_support import TODAY, allowance_need, on
from tongxin.audit.models import AuditEvent
from tongxin.organisation.models import Role

REASON = "本人突发重病住院无法签字,家中无人照料,需临时救助"


def test_a_supervisor_may_refer_without_consent_with_a_reason(world: World) -> None:
    head = member("office_a_head", world.justice_office_a, Role.SUPERVISOR)
    need = allowance_need(world)
    body = {
        "to_agency": world.civil_affairs.pk,
        "purpose": "紧急申请救助",
        "fields": ["name", "phone"],
        "override_reason": REASON,
    }
    with on(TODAY):
        refused = caller(world.worker_a).post(need_path(need, "referrals"), body)
        too_short = caller(head).post(
            need_path(need, "referrals"), {**body, "override_reason": "情况紧急"}
        )
        sent = caller(head).post(need_path(need, "referrals"), body)
        shown = caller(world.civil_officer).get(referral_path(sent.json())).json()
        sender = caller(head).get(referral_path(sent.json())).json()
    assert refused.status_code == too_short.status_code == 422
    assert too_short.json()["errors"] == {
        "override_reason": ["请具体说明无法取得同意而必须转介的理由(至少 10 个字)。"]
    }
    assert sent.status_code == 201
    assert (shown["without_consent"], shown["access_until"]) == (True, "2026-07-01")
    # The reason is the sender's justification for the audit, not the receiver's to read.
    assert "override_reason" not in shown and REASON not in str(shown)
    assert (sender["override_reason"], sender["consent"]) == (REASON, None)
    [audited] = AuditEvent.objects.filter(action="referral.send")
    assert audited.actor_id == head.pk
    assert audited.details["without_consent"] is True and audited.details["consent"] is None
    assert REASON not in str(audited.details)
