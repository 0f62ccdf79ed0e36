from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("kakehashi.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("account/", include("kakehashi.accounts.urls")),
    path("evaluations/", include("kakehashi.evaluation.urls")),
    path("", include("kakehashi.portal.urls")),
    prefix_default_language=True,
)
