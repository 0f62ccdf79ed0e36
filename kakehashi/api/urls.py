"""The API, version 1: /api/v1/ (outside the language prefix)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from kakehashi.accounts.api.views import AuditViewSet, SecurityEventViewSet
from kakehashi.api import schema  # noqa: F401 - registers the token scheme
from kakehashi.core.api import views as core
from kakehashi.registry.api import views as registry

router = DefaultRouter()
router.register("organisations", registry.OrganisationViewSet, basename="organisation")
router.register("contributions", registry.ContributionViewSet, basename="contribution")
router.register("activities", registry.ActivityViewSet, basename="activity")
router.register("programmes", registry.ProgrammeViewSet, basename="programme")
router.register("large-projects", registry.LargeProjectViewSet, basename="large-project")
router.register("agreements", registry.AgreementViewSet, basename="agreement")
router.register("meetings", registry.MeetingViewSet, basename="meeting")
router.register("countries", core.CountryViewSet, basename="country")
router.register("regions", core.RegionViewSet, basename="region")
router.register("offices", core.OfficeViewSet, basename="office")
router.register("codelists", core.CodelistViewSet, basename="codelist")
router.register("audit", AuditViewSet, basename="audit")
router.register("security-events", SecurityEventViewSet, basename="security-event")

try:  # Evaluations arrive with kakehashi.evaluation's API; the router works without them.
    from kakehashi.evaluation.api.views import EvaluationSheetViewSet
except ImportError:
    EvaluationSheetViewSet = None
if EvaluationSheetViewSet is not None:
    router.register("evaluations", EvaluationSheetViewSet, basename="evaluation")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
