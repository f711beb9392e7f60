from django.urls import path

from tongxin.api.api import api

urlpatterns = [path("", api.urls)]
