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
- ``support_person`` / ``support_need``: a person's support casework (needs, consents, 三无
  facts) or one need: the writers of the person's file only (SUPPORT_A); else 404.
- ``referral``: one referral: its sending agency (and supervisors over it) and, while the
  consent holds, its receiving agency (REFERRAL_A); else 404.
- ``lost_contact_read``: a case's lost-contact episodes (API); the case_read rule — the police
  are notified of an episode and help search, so its readers see it (notes only for workers).
- ``lost_contact_action``: flag lost, record a search, notify the police, mark found (web and
  API); the case_write rule.
- ``measure_read``: a case's rewards and sanctions (API); the case_read rule (facts, evidence
  and suggestions only for those who work the case).
- ``measure_decide``: decide a reward or sanction (web and API); 404 outside the case_write
  rule; within it only the county 司法局 supervisor decides (measures.may_decide), a 司法所
  worker is refused with the action's Chinese message and nothing is saved.
- ``team_read`` / ``team_write``: a case's team through the API, the ``case_read`` /
  ``case_write`` rule (CASE_A); readers get the members' names and roles only.
- ``team_action``: the team forms of the web case page, the ``case_action`` rule (CASE_A).
- ``assessment_read`` / ``assessment_write`` / ``assessment_action``: a case's assessments
  through the API and the web case page's assessment forms, the case rule (CASE_A); a
  mental-health case's assessments: its health lead only, never the police or justice.
- ``need_read`` / ``need_write``: a person's support needs, consents and 三无 facts through
  the API: the writers of the person's file only (SUPPORT_A); else 404.
- ``referral_read``: one referral, for its sending side and, while the consent holds, its
  receiving agency (REFERRAL_A); else 404.
- ``referral_sender`` / ``referral_receiver``: a step only the sending office or only the
  receiving agency may take (REFERRAL_A); else 404.
- ``support_signed_in``: any signed-in user; the answer holds only the referrals, people and
  figures the policy allows (empty for those who see nothing).
- ``discrepancy_action``: resolve one item of the roster reconciliation worklist: writing
  members of the agency it is assigned to or of the agency that ran the reconciliation;
  everyone else 404 and nothing changes.
- ``match_candidate``: one possible-duplicate pair (疑似重复核对), its comparison page and its
  decide form: the writers of the registered file (of both files for a pair of files,
  MATCH_CANDIDATE_A); everyone else 404, sees no name and changes nothing.
- ``match_candidate_api``: the ``match_candidate`` rule through the API (read one pair,
  decide it), kept apart so that tests/test_dedup_api_routes_obey_the_permission_matrix.py
  calls them.
- ``merge_undo``: undo a merge of two files: supervisors who may change both files; writers
  of both files who are not supervisors are refused with a Chinese message and nothing
  changes; everyone else 404.
- ``superuser``: Django admin.
- ``approval_case_read`` / ``approval_request``: a case's approvals, listed / asked for; the
  rule of ``case_read`` / ``case_write`` (CASE_A), kept apart so that
  tests/test_approvals_routes_obey_the_permission_matrix.py calls them.
- ``approval_read``: one approval, by its UUID: whoever may read its case; else 404.
- ``approval_decide``: the next step of one approval: only the user ``approvals_waiting_for``
  lists it for (a supervisor of the owner 司法所 to review, or to approve leave ≤ 7 days; a
  supervisor of the county 司法局 to approve); others who may work the case are refused with
  the reason and nothing changes; everyone else 404.
- ``approval_withdraw``: an open approval: its requester only; others who may work the case
  are refused; everyone else 404.
- ``approval_report``: the report at the new place after an approved change of execution
  place: workers of the agency that now owns the case; others who may work it are refused;
  everyone else 404.
- ``import_batch``: one roster import batch (its page, progress fragment, row report):
  members of the importing agency and supervisors of its sector over it (IMPORT_BATCH_A: the
  county 司法局 over a 司法所's batch); everyone else 404.
- ``import_batch_commit``: 确认导入 of a previewed batch: writers of the importing agency;
  others who may see the batch are refused with a Chinese message and nothing changes;
  everyone else 404.
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
    # Lost contact (失联查找) and rewards and sanctions (考核奖惩).
    "programs:lost_contact_flag": "lost_contact_action",
    "programs:lost_contact_search": "lost_contact_action",
    "programs:lost_contact_police": "lost_contact_action",
    "programs:lost_contact_found": "lost_contact_action",
    "programs:decide_measure": "measure_decide",
    "api:get_case_lost_contact": "lost_contact_read",
    "api:flag_case_lost_contact": "lost_contact_action",
    "api:record_case_search": "lost_contact_action",
    "api:notify_case_police": "lost_contact_action",
    "api:mark_case_found": "lost_contact_action",
    "api:list_case_measures": "measure_read",
    "api:decide_case_measure": "measure_decide",
    "programs:queue": "signed_in",  # the user's own cases only
    "programs:overview": "signed_in",  # 404 for users who supervise nothing
    "programs:risk_alerts": "signed_in",  # empty for everyone but the police
    "support:person": "support_person",
    "support:record_need": "support_person",
    "support:record_consent": "support_person",
    "support:record_facts": "support_person",
    "support:withdraw_consent": "support_person",
    "support:need": "support_need",
    "support:change_need_status": "support_need",
    "support:record_measure": "support_need",
    "support:send_referral": "support_need",
    "support:referral": "referral",
    "support:referral_step": "referral",
    "support:incoming": "signed_in",  # what the user's agencies received
    "support:outgoing": "signed_in",  # what the user's agencies sent
    "support:read_notifications": "signed_in",  # the user's agencies' notifications only
    "support:figures": "signed_in",  # counts over what the user may see
    "support:three_nos": "signed_in",  # people the user may edit
    # approvals (审批)
    "programs:request_approval": "approval_request",
    "programs:approvals_waiting": "signed_in",  # empty unless a next step is the user's
    "programs:approval": "approval_read",
    "programs:decide_approval": "approval_decide",
    "programs:withdraw_approval": "approval_withdraw",
    "programs:report_new_place": "approval_report",
    "api:list_case_approvals": "approval_case_read",
    "api:request_case_approval": "approval_request",
    "api:list_approvals_waiting": "signed_in",  # empty unless a next step is the caller's
    "api:get_approval": "approval_read",
    "api:decide_approval": "approval_decide",
    "api:withdraw_approval": "approval_withdraw",
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
    # roster imports (名单导入; tests/test_rosters_web_routes_obey_the_permission_matrix.py)
    "rosters:index": "signed_in",  # the form for justice writers; batches the policy allows
    "rosters:batch": "import_batch",
    "rosters:progress": "import_batch",
    "rosters:report": "import_batch",
    "rosters:commit": "import_batch_commit",
    # roster reconciliation (tests/test_rosters_reconcile_routes_obey_the_permission_matrix.py)
    "reconcile:worklist": "signed_in",  # open items of the user's agencies and those below
    "reconcile:resolve": "discrepancy_action",
    # possible duplicates (疑似重复核对; tests/test_dedup_routes_obey_the_permission_matrix.py)
    "dedup:queue": "signed_in",  # open pairs whose files the user may change
    "dedup:candidate": "match_candidate",
    "dedup:decide": "match_candidate",
    "dedup:unmerge": "merge_undo",
    "api:list_match_candidates": "signed_in",  # open pairs whose files the caller may change
    "api:get_match_candidate": "match_candidate_api",
    "api:decide_match_candidate": "match_candidate_api",
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

# Who may see / act on person_a's support casework (needs, consents, facts): the writers of
# the 司法所 file. Readers of the file (police, procuratorate) have no task that needs it.
SUPPORT_A: dict[str, bool] = {
    "worker_a": True,
    "county_supervisor": True,
    "procurator": False,
    "police_a": False,
    "worker_b": False,
    "health_a": False,
    "civil_officer": False,
    "outsider": False,
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

# Who may see / commit a roster import batch of 东城镇司法所 (uploaded by worker_a).
IMPORT_BATCH_A: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, True),
    "county_supervisor": (True, False),
    "procurator": (False, False),
    "police_a": (False, False),
    "worker_b": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}

# Reconciliation from the web and the rosters API
# (tests/test_rosters_reconcile_web_and_api_routes_obey_the_permission_matrix.py). Kinds:
# - ``reconciliation_run``: one reconciliation run or the web job that runs it (its progress,
#   summary, results workbook, and through the API the run and its items): members of the
#   running agency and supervisors of its sector over it (RECONCILIATION_RUN_A); else 404.
# - ``import_batch_api``: one import batch through the API, the ``import_batch`` rule.
# - ``discrepancy_api``: resolve one worklist item through the API, the
#   ``discrepancy_action`` rule.
# - ``roster_upload``: import or reconcile a file through the API: writers of a 司法所 or
#   司法局 (ROSTER_UPLOAD); everyone else 422 with the Chinese reason and nothing written.
#   A writer of another township gets answers about its own scope only.
ROUTES |= {
    "reconcile:index": "signed_in",  # the form for justice writers; runs the policy allows
    "reconcile:job": "reconciliation_run",
    "reconcile:job_progress": "reconciliation_run",
    "reconcile:run": "reconciliation_run",
    "reconcile:run_report": "reconciliation_run",
}
ROUTES |= {
    "api:import_roster_file": "roster_upload",
    "api:get_import_batch": "import_batch_api",
    "api:reconcile_roster_file": "roster_upload",
    "api:get_reconciliation": "reconciliation_run",
    "api:list_run_discrepancies": "reconciliation_run",
    "api:resolve_run_discrepancy": "discrepancy_api",
}

# Who may see a reconciliation run of 东城镇司法所 (run by worker_a) / resolve its items.
RECONCILIATION_RUN_A: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, True),
    "county_supervisor": (True, False),
    "procurator": (False, False),
    "police_a": (False, False),
    "worker_b": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}

# Who may see and decide a possible-duplicate pair about person_a (a 东城镇司法所 file), and
# who may undo a merge of two such files: (sees and decides, undoes a merge).
MATCH_CANDIDATE_A: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, False),
    "county_supervisor": (True, True),
    "procurator": (False, False),
    "police_a": (False, False),
    "worker_b": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}

# Who may upload a roster to import or reconcile through the API (and, reconciling a roster
# that lists person_a, sees that person matched).
ROSTER_UPLOAD: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, True),
    "county_supervisor": (True, True),
    "worker_b": (True, False),
    "procurator": (False, False),
    "police_a": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}
