"""Public pages; every URL here is a fixed interface (issue: the public portal)."""

from django.urls import path

from kakehashi.portal import views, views_exchanges

app_name = "portal"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/<path:iati_identifier>/", views.activity_detail, name="activity"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("large-projects/", views.large_project_list, name="large_projects"),
    path("large-projects/<slug:slug>/", views.large_project_detail, name="large_project"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("exchanges/", views_exchanges.exchange_list, name="exchanges"),
    path("exchanges/<int:pk>/", views_exchanges.exchange_detail, name="exchange"),
    path("people/<int:pk>/", views_exchanges.person_detail, name="person"),
    path("data/", views.data, name="data"),
    path("data/<slug:name>.<slug:fmt>", views.data_file, name="data_file"),
]
