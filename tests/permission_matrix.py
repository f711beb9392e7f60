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
- ``team_read`` / ``team_write``: a case's team through the API, the ``case_read`` /
  ``case_write`` rule (CASE_A); readers get the members' names and roles only.
- ``team_action``: the team forms of the web case page, the ``case_action`` rule (CASE_A).
- ``assessment_read`` / ``assessment_write`` / ``assessment_action``: a case's assessments
  through the API and the web case page's assessment forms, the case rule (CASE_A); a
  mental-health case's assessments: its health lead only, never the police or justice.
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
    "programs:enroll": "program_lead",
    "programs:case": "case_page",
    "programs:transition": "case_action",
    "programs:record_contact": "case_action",
    "programs:change_level": "case_action",
    "programs:assign": "case_action",
    "programs:queue": "signed_in",  # the user's own cases only
    "programs:overview": "signed_in",  # 404 for users who supervise nothing
    "programs:risk_alerts": "signed_in",  # empty for everyone but the police
    # teams and assessments (tests/test_{teams,assessments}_routes_obey_the_permission_matrix.py)
    "programs:set_up_team": "team_action",
    "programs:add_team_member": "team_action",
    "programs:remove_team_member": "team_action",
    "programs:record_risk_assessment": "assessment_action",
    "programs:record_classification": "assessment_action",
    "api:get_case_team": "team_read",
    "api:set_up_case_team": "team_write",
    "api:add_case_team_member": "team_write",
    "api:remove_case_team_member": "team_write",
    "api:list_case_assessments": "assessment_read",
    "api:record_case_risk_assessment": "assessment_write",
    "api:record_case_classification": "assessment_write",
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
