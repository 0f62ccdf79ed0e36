"""The change log and the security log, for administrators; read-only for everyone."""

import django_filters as filters
from auditlog.models import LogEntry
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from kakehashi.accounts.api.serializers import AuditEntrySerializer, SecurityEventSerializer
from kakehashi.accounts.models import SecurityEvent
from kakehashi.accounts.services import audit
from kakehashi.api.permissions import AdministratorsOnly
from kakehashi.api.viewsets import VaryByUserMixin

AUDIT_PARAMETERS = [
    OpenApiParameter("q", str, description="Text in the object's name (or its key)"),
    OpenApiParameter("model", str, description="app_label.model, e.g. registry.activity"),
    OpenApiParameter("object_pk", str),
    OpenApiParameter("action", str, enum=["create", "update", "delete", "access"]),
    OpenApiParameter("actor", str, description="User name"),
    OpenApiParameter("office", str, description="Office code"),
    OpenApiParameter("request_id", str),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
]


@extend_schema_view(
    list=extend_schema(parameters=AUDIT_PARAMETERS),
    export=extend_schema(
        parameters=AUDIT_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    ),
)
class AuditViewSet(VaryByUserMixin, viewsets.ReadOnlyModelViewSet):
    """Every change through any door (pages, staff interface, API, imports, commands)."""

    permission_classes = [AdministratorsOnly]
    serializer_class = AuditEntrySerializer
    queryset = LogEntry.objects.all()
    filter_backends = []

    def get_queryset(self):
        return audit.search(self.request.query_params)

    @action(detail=False, methods=["get"])
    def export(self, request):
        """The filtered change log as CSV."""
        response = StreamingHttpResponse(
            audit.csv_lines(audit.search(request.query_params)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="kakehashi-audit.csv"'
        return response


class SecurityEventFilterSet(filters.FilterSet):
    date_from = filters.DateFilter(field_name="timestamp__date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="timestamp__date", lookup_expr="lte")
    user = filters.CharFilter(field_name="username")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "ip", "request_id"]


class SecurityEventViewSet(VaryByUserMixin, viewsets.ReadOnlyModelViewSet):
    """Sign-ins, failures, lockouts, token creation and revocation, permission denials."""

    permission_classes = [AdministratorsOnly]
    serializer_class = SecurityEventSerializer
    queryset = SecurityEvent.objects.select_related("user")
    filterset_class = SecurityEventFilterSet
    ordering = ["-id"]
    ordering_fields = ["id", "timestamp"]
