from django.urls import path

from tongxin.rosters import views

app_name = "rosters"
urlpatterns = [
    path("rosters/", views.index, name="index"),
    path("rosters/batches/<uuid:batch_uuid>/", views.batch_page, name="batch"),
    path("rosters/batches/<uuid:batch_uuid>/commit/", views.commit, name="commit"),
    path("rosters/batches/<uuid:batch_uuid>/progress/", views.progress_fragment, name="progress"),
    path("rosters/batches/<uuid:batch_uuid>/report.xlsx", views.report, name="report"),
]
