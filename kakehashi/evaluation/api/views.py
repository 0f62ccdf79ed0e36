"""`EvaluationSheetViewSet`, routed by the API at /api/v1/evaluations/.

Everyone reads published sheets; members of the owning office also read its unpublished
ones. Editors of the owning office create sheets and change drafts; workflow steps
(`POST …/{id}/transition/`) and next year's copy (`POST …/{id}/copy/`) follow the roles of
kakehashi.evaluation.services.workflow.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from kakehashi.core.services import permissions
from kakehashi.evaluation.api.serializers import EvaluationSheetSerializer, TransitionSerializer
from kakehashi.evaluation.models import EvaluationSheet, Status
from kakehashi.evaluation.services import workflow
from kakehashi.evaluation.services.sheets import SheetError, copy_to_next_year


class SheetFilterSet(django_filters.FilterSet):
    fiscal_year = django_filters.NumberFilter()
    fiscal_year_min = django_filters.NumberFilter(field_name="fiscal_year", lookup_expr="gte")
    fiscal_year_max = django_filters.NumberFilter(field_name="fiscal_year", lookup_expr="lte")
    status = django_filters.ChoiceFilter(choices=Status.choices)
    template = django_filters.CharFilter(field_name="template__code")
    office = django_filters.CharFilter(field_name="responsible_office__code")
    overall_grade = django_filters.CharFilter()
    organisation = django_filters.CharFilter(method="filter_organisation")

    class Meta:
        model = EvaluationSheet
        fields = ["fiscal_year", "status", "template", "office", "overall_grade"]

    def filter_organisation(self, queryset, name, value):
        """By organisation id or abbreviation (ISTC)."""
        key = "pk" if value.isdigit() else "abbreviation__iexact"
        return queryset.filter(
            Q(**{f"contribution__organisation__{key}": value})
            | Q(**{f"activity__reporting_org__{key}": value})
        )


class SheetPermission(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return permissions.can_create(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or view.action in ("transition", "copy"):
            return True  # decided by the workflow service
        return workflow.can_edit(request.user, obj)


class EvaluationSheetViewSet(viewsets.ModelViewSet):
    serializer_class = EvaluationSheetSerializer
    permission_classes = [SheetPermission]
    filterset_class = SheetFilterSet
    ordering_fields = ["id", "fiscal_year", "updated", "overall_grade"]

    def get_queryset(self):
        queryset = permissions.visible(EvaluationSheet.objects.with_related(), self.request.user)
        return queryset.select_related("previous").prefetch_related(
            "assessments__criterion",
            "assessments__evidence__content_type",
            "indicator_values",
            "events__user",
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie", "Accept-Language"])
        return response

    @extend_schema(request=TransitionSerializer, responses=EvaluationSheetSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """A workflow step: submit, review, approve, publish or return (with a comment)."""
        sheet = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        try:
            workflow.perform(
                sheet,
                step.validated_data["action"],
                request.user,
                step.validated_data.get("comment", ""),
            )
        except workflow.WorkflowError as error:
            if not workflow.may(request.user, sheet, step.validated_data["action"]):
                raise PermissionDenied(str(error)) from None
            raise ValidationError({"detail": str(error)}) from None
        sheet = self.get_queryset().get(pk=sheet.pk)
        return Response(self.get_serializer(sheet).data)

    @extend_schema(request=None, responses={201: EvaluationSheetSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        """Start next year's sheet from this one."""
        sheet = self.get_object()
        if not permissions.can_create(request.user, sheet.responsible_office_id):
            raise PermissionDenied()
        try:
            new = copy_to_next_year(sheet, user=request.user)
        except SheetError as error:
            raise ValidationError({"detail": str(error)}) from None
        new = self.get_queryset().get(pk=new.pk)
        return Response(self.get_serializer(new).data, status=status.HTTP_201_CREATED)
