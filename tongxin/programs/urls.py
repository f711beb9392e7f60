from django.urls import path

from tongxin.programs import assessments_views, teams_views, views

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
]
