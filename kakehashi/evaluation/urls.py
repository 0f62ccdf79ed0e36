"""Staff pages (login required) and the public improvement list and printable sheets."""

from django.urls import path

from kakehashi.evaluation.views import dashboard, plans, public, sheets

app_name = "evaluation"

urlpatterns = [
    path("", sheets.sheet_list, name="sheets"),
    path("new/", sheets.sheet_create, name="create"),
    path("export.<str:fmt>", sheets.sheet_export, name="export"),
    path("<int:pk>/", sheets.sheet_detail, name="sheet"),
    path("<int:pk>/edit/", sheets.sheet_edit, name="edit"),
    path("<int:pk>/transition/", sheets.sheet_transition, name="transition"),
    path("<int:pk>/comment/", sheets.sheet_comment, name="comment"),
    path("<int:pk>/copy/", sheets.sheet_copy, name="copy"),
    path("<int:pk>/compare/", sheets.sheet_compare, name="compare"),
    path("<int:pk>/history/", sheets.sheet_history, name="history"),
    path("<int:pk>/print/", public.sheet_print, name="print"),
    path("<int:pk>/pdf/", public.sheet_pdf, name="pdf"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", dashboard.dashboard_export, name="dashboard_export"),
    path("improvements/", public.improvements, name="improvements"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/items/new/", plans.item_create, name="item_create"),
    path("plans/<int:pk>/review/<str:half>/", plans.plan_review, name="plan_review"),
]
