"""Registry resources of the API: each is a queryset, serializers and a filterset."""

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kakehashi.api.viewsets import RecordViewSet, document_bulk
from kakehashi.registry.api import activities, filtersets, organisation_files
from kakehashi.registry.api import serializers as records
from kakehashi.registry.models import (
    Activity,
    ActivitySector,
    Agreement,
    Contribution,
    LargeProject,
    Meeting,
    Organisation,
    Programme,
    RecipientCountry,
)

COMMON_ORDERING = ["id", "created", "updated"]


@document_bulk
class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.all()
    serializer_class = records.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet
    ordering_fields = [*COMMON_ORDERING, "name_en", "name_ja", "abbreviation"]

    @extend_schema(responses=organisation_files.OrganisationFileSerializer)
    @action(
        detail=True,
        methods=["get"],
        url_path="iati-file",
        serializer_class=organisation_files.OrganisationFileSerializer,
    )
    def iati_file(self, request, pk=None):
        """The organisation's IATI organisation file: its budgets with their lines, its
        expenditures and its documents, as imported (404 when there is none)."""
        organisation = self.get_object()
        if not organisation_files.has_organisation_file(organisation):
            raise NotFound(_("This organisation has no IATI organisation file."))
        return Response(organisation_files.OrganisationFileSerializer(organisation).data)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "iati_file":  # the file's parts, prefetched with the organisation
            queryset = organisation_files.organisation_file_queryset(queryset)
        return queryset


@document_bulk
class ContributionViewSet(RecordViewSet):
    queryset = Contribution.objects.all()
    serializer_class = records.ContributionSerializer
    filterset_class = filtersets.ContributionFilterSet
    ordering_fields = [*COMMON_ORDERING, "fiscal_year", "amount"]


@document_bulk
class ProgrammeViewSet(RecordViewSet):
    queryset = Programme.objects.all()
    serializer_class = records.ProgrammeSerializer
    filterset_class = filtersets.ProgrammeFilterSet
    prefetch_related = ("organisations",)
    ordering_fields = [*COMMON_ORDERING, "slug", "start_year"]


@document_bulk
class LargeProjectViewSet(RecordViewSet):
    queryset = LargeProject.objects.all()
    serializer_class = records.LargeProjectSerializer
    filterset_class = filtersets.LargeProjectFilterSet
    prefetch_related = ("members",)
    ordering_fields = [*COMMON_ORDERING, "slug", "start_year"]


@document_bulk
class AgreementViewSet(RecordViewSet):
    queryset = Agreement.objects.all()
    serializer_class = records.AgreementSerializer
    filterset_class = filtersets.AgreementFilterSet
    prefetch_related = ("countries", "organisations")
    ordering_fields = [*COMMON_ORDERING, "signed_on", "in_force_on"]


@document_bulk
class MeetingViewSet(RecordViewSet):
    queryset = Meeting.objects.all()
    serializer_class = records.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    ordering_fields = [*COMMON_ORDERING, "date", "number"]


FACETS = inline_serializer(
    "ActivityFacets",
    {
        "count": serializers.IntegerField(),
        "status": serializers.DictField(child=serializers.IntegerField()),
        "kind": serializers.DictField(child=serializers.IntegerField()),
        "programme": serializers.DictField(child=serializers.IntegerField()),
        "reporting_org": serializers.DictField(child=serializers.IntegerField()),
        "country": serializers.DictField(child=serializers.IntegerField()),
        "sector": serializers.DictField(child=serializers.IntegerField()),
    },
)


@document_bulk
class ActivityViewSet(RecordViewSet):
    queryset = Activity.objects.all()
    serializer_class = activities.ActivitySerializer
    list_serializer_class = activities.ActivityListSerializer
    filterset_class = filtersets.ActivityFilterSet
    prefetch_related = activities.ACTIVITY_PREFETCH
    list_prefetch_related = ("recipient_countries", "sectors")
    lookup_value_regex = "[0-9]+"
    ordering_fields = [*COMMON_ORDERING, "iati_identifier", "planned_start", "actual_start"]

    @extend_schema(responses=FACETS)
    @action(detail=False, methods=["get"])
    def facets(self, request):
        """Counts of the (filtered) activities the user may see, by facet (top 50 each)."""
        activities_seen = self.filter_queryset(self.get_queryset()).order_by()
        ids = activities_seen.values("pk")

        def counts(queryset, field):
            rows = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)[:50]
            return {str(row[field]) if row[field] is not None else "": row["n"] for row in rows}

        return Response(
            {
                "count": activities_seen.count(),
                "status": counts(activities_seen, "activity_status"),
                "kind": counts(activities_seen, "kind"),
                "programme": counts(activities_seen, "programme_id"),
                "reporting_org": counts(activities_seen, "reporting_org_id"),
                "country": counts(
                    RecipientCountry.objects.filter(activity__in=ids), "country_code"
                ),
                "sector": counts(ActivitySector.objects.filter(activity__in=ids), "code"),
            }
        )
