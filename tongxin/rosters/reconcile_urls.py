from django.urls import path

from tongxin.rosters import reconcile_views

app_name = "reconcile"
urlpatterns = [
    path("rosters/worklist/", reconcile_views.worklist, name="worklist"),
    path(
        "rosters/worklist/<uuid:discrepancy_uuid>/resolve/",
        reconcile_views.resolve,
        name="resolve",
    ),
]
