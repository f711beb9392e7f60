from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tongxin.people.urls")),
    # Case pages under cases/, the work queue under queue/, the police risk alert.
    path("", include("tongxin.programs.urls")),
    # Needs, consents and referrals under support/.
    path("", include("tongxin.support.urls")),
    # Roster imports (名单导入) under rosters/.
    path("", include("tongxin.rosters.urls")),
    # Roster reconciliation worklist (名单核对) under rosters/worklist/.
    path("", include("tongxin.rosters.reconcile_urls")),
    # Possible-duplicate review (疑似重复核对) under dedup/.
    path("", include("tongxin.dedup.urls")),
    path("accounts/", include("tongxin.accounts.urls")),
    path("api/v1/", include("tongxin.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
