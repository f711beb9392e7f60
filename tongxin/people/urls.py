from django.urls import path

from tongxin.people import views

app_name = "people"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.person_list, name="list"),
    path("people/new/", views.person_create, name="create"),
    path("people/<uuid:person_uuid>/", views.person_detail, name="detail"),
    path("people/<uuid:person_uuid>/edit/", views.person_edit, name="edit"),
    path("people/<uuid:person_uuid>/reveal/<slug:field>/", views.person_reveal, name="reveal"),
]
