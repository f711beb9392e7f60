from django.urls import path

from tongxin.support import views

app_name = "support"
urlpatterns = [
    path("support/people/<uuid:person_uuid>/", views.person_support, name="person"),
    path("support/people/<uuid:person_uuid>/needs/", views.record_need, name="record_need"),
    path(
        "support/people/<uuid:person_uuid>/consents/", views.record_consent, name="record_consent"
    ),
    path("support/people/<uuid:person_uuid>/facts/", views.record_facts, name="record_facts"),
    path(
        "support/consents/<uuid:consent_uuid>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("support/needs/<uuid:need_uuid>/", views.need, name="need"),
    path(
        "support/needs/<uuid:need_uuid>/status/",
        views.change_need_status,
        name="change_need_status",
    ),
    path("support/needs/<uuid:need_uuid>/measures/", views.record_measure, name="record_measure"),
    path("support/needs/<uuid:need_uuid>/referrals/", views.send_referral, name="send_referral"),
    path("support/referrals/<uuid:referral_uuid>/", views.referral, name="referral"),
    path(
        "support/referrals/<uuid:referral_uuid>/<slug:step>/",
        views.referral_step,
        name="referral_step",
    ),
    path("support/incoming/", views.incoming, name="incoming"),
    path("support/outgoing/", views.outgoing, name="outgoing"),
    path("support/notifications/read/", views.read_notifications, name="read_notifications"),
    path("support/figures/", views.figures, name="figures"),
    path("support/three-nos/", views.three_nos, name="three_nos"),
]
