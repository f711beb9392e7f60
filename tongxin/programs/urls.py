from django.urls import path

from tongxin.programs import (
    approvals_views,
    assessments_views,
    lost_contact_views,
    measures_views,
    teams_views,
    views,
)

app_name = "programs"
urlpatterns = [
    # ``program`` is the stored code: keyed for closed programs, so no URL (and no server
    # log line) names the HIV program next to a person.
    path("cases/enroll/<uuid:person_uuid>/<slug:program>/", views.enroll, name="enroll"),
    path("cases/<uuid:enrollment_uuid>/", views.case, name="case"),
    path("cases/<uuid:enrollment_uuid>/transition/", views.transition, name="transition"),
    path("cases/<uuid:enrollment_uuid>/contact/", views.record_contact, name="record_contact"),
    path("cases/<uuid:enrollment_uuid>/level/", views.change_level, name="change_level"),
    path("cases/<uuid:enrollment_uuid>/assign/", views.assign, name="assign"),
    # Lost contact (失联查找) and rewards and sanctions (考核奖惩) on a case page.
    path(
        "cases/<uuid:enrollment_uuid>/lost-contact/",
        lost_contact_views.flag,
        name="lost_contact_flag",
    ),
    path(
        "cases/<uuid:enrollment_uuid>/lost-contact/search/",
        lost_contact_views.search,
        name="lost_contact_search",
    ),
    path(
        "cases/<uuid:enrollment_uuid>/lost-contact/police/",
        lost_contact_views.notify_police,
        name="lost_contact_police",
    ),
    path(
        "cases/<uuid:enrollment_uuid>/lost-contact/found/",
        lost_contact_views.found,
        name="lost_contact_found",
    ),
    path("cases/<uuid:enrollment_uuid>/measures/", measures_views.decide, name="decide_measure"),
    # teams and assessments: the forms of the case page's team and assessment sections
    path("cases/<uuid:enrollment_uuid>/team/", teams_views.set_up_team, name="set_up_team"),
    path(
        "cases/<uuid:enrollment_uuid>/team/members/",
        teams_views.add_team_member,
        name="add_team_member",
    ),
    path(
        "cases/<uuid:enrollment_uuid>/team/members/leave/",
        teams_views.remove_team_member,
        name="remove_team_member",
    ),
    path(
        "cases/<uuid:enrollment_uuid>/assessments/risk/",
        assessments_views.record_risk_assessment,
        name="record_risk_assessment",
    ),
    path(
        "cases/<uuid:enrollment_uuid>/assessments/classification/",
        assessments_views.record_classification,
        name="record_classification",
    ),
    path("queue/", views.queue, name="queue"),
    path("queue/overview/", views.overview, name="overview"),
    path("risk-alerts/", views.risk_alerts, name="risk_alerts"),
    # approvals (审批): asked for on a case, decided on the approval's own page
    path(
        "cases/<uuid:enrollment_uuid>/approvals/",
        approvals_views.request_approval,
        name="request_approval",
    ),
    path("approvals/", approvals_views.waiting, name="approvals_waiting"),
    path("approvals/<uuid:approval_uuid>/", approvals_views.approval_page, name="approval"),
    path("approvals/<uuid:approval_uuid>/decide/", approvals_views.decide, name="decide_approval"),
    path(
        "approvals/<uuid:approval_uuid>/withdraw/",
        approvals_views.withdraw,
        name="withdraw_approval",
    ),
    path(
        "approvals/<uuid:approval_uuid>/report-new-place/",
        approvals_views.report_new_place,
        name="report_new_place",
    ),
]
