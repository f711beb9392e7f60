"""The permission matrix: every route, and who may use it on a justice file of township A.

Machine-readable on purpose: ``test_permission_matrix_covers_every_route`` fails when a new
route is added without a row here, and ``test_every_persona_gets_exactly_what_the_matrix_says``
calls each person-scoped route as each persona.

Kinds:
- ``public``: no sign-in (login page, OpenAPI document, language switch).
- ``signed_in``: any signed-in user; the page itself shows only what the policy allows.
- ``person_read`` / ``person_write``: about one person; outside scope answers 404.
- ``case_read`` / ``case_write``: about one case (enrollment); outside scope answers 404.
- ``case_page`` / ``case_action``: the same rule for the web case page and its forms (CASE_A).
- ``program_lead``: about one person and a program the user's agency leads there; else 404.
- ``need_read`` / ``need_write``: a person's support needs, consents and 三无 facts (the
  person file's rule, PERSON_A); outside scope answers 404.
- ``referral_read``: one referral, for its sending side and, while the consent holds, its
  receiving agency (REFERRAL_A); else 404.
- ``referral_sender`` / ``referral_receiver``: a step only the sending office or only the
  receiving agency may take (REFERRAL_A); else 404.
- ``support_signed_in``: any signed-in user; the answer holds only the referrals, people and
  figures the policy allows (empty for those who see nothing).
- ``superuser``: Django admin.
"""

from __future__ import annotations

ROUTES: dict[str, str] = {
    "accounts:login": "public",
    "accounts:logout": "signed_in",
    "set_language": "public",
    "people:home": "signed_in",
    "people:list": "signed_in",
    "people:create": "signed_in",  # 404 for users without a writing membership
    "people:detail": "person_read",
    "people:reveal": "person_read",
    "people:edit": "person_write",
    "api:api-root": "public",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:list_people": "signed_in",
    "api:create_person": "signed_in",
    "api:get_person": "person_read",
    "api:update_person": "person_write",
    "api:list_cases": "signed_in",
    "api:create_case": "signed_in",  # 404 unless the person is in scope; 422 unless lead agency
    "api:get_case": "case_read",
    "api:transition_case": "case_write",
    "api:record_case_contact": "case_write",
    "api:change_case_level": "case_write",
    "api:assign_case": "case_write",
    "api:work_queue": "signed_in",
    "api:queue_summary": "signed_in",
    # Support and referrals API (tongxin/api/support.py).
    "api:list_person_needs": "need_read",
    "api:record_person_need": "need_write",
    "api:get_need": "need_read",
    "api:change_need_status": "need_write",
    "api:record_need_measure": "need_write",
    "api:send_need_referral": "need_write",
    "api:list_person_consents": "need_read",
    "api:record_person_consent": "need_write",
    "api:withdraw_person_consent": "need_write",
    "api:get_livelihood_facts": "need_read",
    "api:record_livelihood_facts": "need_write",
    "api:get_referral": "referral_read",
    "api:accept_referral": "referral_receiver",
    "api:reject_referral": "referral_receiver",
    "api:start_referral_service": "referral_receiver",
    "api:complete_referral": "referral_receiver",
    "api:end_referral": "referral_receiver",
    "api:revoke_referral": "referral_sender",
    "api:list_referrals": "support_signed_in",
    "api:list_notifications": "support_signed_in",
    "api:mark_notifications_read": "support_signed_in",
    "api:list_three_nos": "support_signed_in",
    "api:get_support_figures": "support_signed_in",
    "api:list_support_agencies": "support_signed_in",
    "programs:enroll": "program_lead",
    "programs:case": "case_page",
    "programs:transition": "case_action",
    "programs:record_contact": "case_action",
    "programs:change_level": "case_action",
    "programs:assign": "case_action",
    "programs:queue": "signed_in",  # the user's own cases only
    "programs:overview": "signed_in",  # 404 for users who supervise nothing
    "programs:risk_alerts": "signed_in",  # empty for everyone but the police
}

# Who may read / write person_a (a 司法所 file of township A), by persona attribute name.
PERSON_A: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, True),
    "county_supervisor": (True, True),
    "procurator": (True, False),
    "worker_b": (False, False),
    "police_a": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}

# Who may read / work person_a's probation case (东城镇司法所), by persona attribute name:
# police (社区矫正法 arts 28–31) and the procuratorate (art 8) read it without its details.
CASE_A: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, True),
    "county_supervisor": (True, True),
    "procurator": (True, False),
    "police_a": (True, False),
    "worker_b": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}

# Who may read / act as sender on / act as receiver on person_a's referral from 东城镇司法所
# to 测试县民政局: the county supervisor oversees its offices' referrals but only the sending
# office acts for them; the receiving agency never sees the person file itself.
REFERRAL_A: dict[str, tuple[bool, bool, bool]] = {
    "worker_a": (True, True, False),
    "county_supervisor": (True, False, False),
    "civil_officer": (True, False, True),
    "procurator": (False, False, False),
    "worker_b": (False, False, False),
    "police_a": (False, False, False),
    "health_a": (False, False, False),
    "outsider": (False, False, False),
}
