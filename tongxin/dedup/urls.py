from django.urls import path

from tongxin.dedup import views

app_name = "dedup"
urlpatterns = [
    path("dedup/", views.queue, name="queue"),
    path("dedup/<uuid:candidate_uuid>/", views.candidate_page, name="candidate"),
    path("dedup/<uuid:candidate_uuid>/decide/", views.decide, name="decide"),
    path("dedup/merges/<uuid:merge_uuid>/unmerge/", views.unmerge_view, name="unmerge"),
]
