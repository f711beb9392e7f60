from django.urls import path

from tongxin.rosters import reconcile_views

app_name = "reconcile"
urlpatterns = [
    path("rosters/reconcile/", reconcile_views.index, name="index"),
    path("rosters/reconcile/jobs/<uuid:job_uuid>/", reconcile_views.job_page, name="job"),
    path(
        "rosters/reconcile/jobs/<uuid:job_uuid>/progress/",
        reconcile_views.job_progress,
        name="job_progress",
    ),
    path("rosters/reconcile/runs/<uuid:run_uuid>/", reconcile_views.run_page, name="run"),
    path(
        "rosters/reconcile/runs/<uuid:run_uuid>/results.xlsx",
        reconcile_views.run_report,
        name="run_report",
    ),
    path("rosters/worklist/", reconcile_views.worklist, name="worklist"),
    path(
        "rosters/worklist/<uuid:discrepancy_uuid>/resolve/",
        reconcile_views.resolve,
        name="resolve",
    ),
]
