"""Generic viewsets: every registry resource is one of these with a queryset, serializers
and a filterset (NetBox-style); visibility, concurrency and bulk import live here once."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import filters, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kakehashi.api import caching, rows
from kakehashi.api.exceptions import Conflict, PreconditionFailed
from kakehashi.api.permissions import ReadOnly
from kakehashi.api.serializers import record_etag, record_version
from kakehashi.core.services import permissions

BULK_LIMIT = 1000

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="ETag of the version the change is based on; a stale one gives 412.",
)


# Query parameters that are never filters: pagination, ordering, the renderer.
NOT_FILTERS = frozenset({"cursor", "page_size", "ordering", "format"})


class NonNullOrdering(filters.OrderingFilter):
    """Ordering only on columns that are never empty: the cursor keeps the position of the
    first ordering column, and an empty one ("None") cannot be resumed from."""

    def get_valid_fields(self, queryset, view, context=None):
        model = queryset.model
        nullable = {field.name for field in model._meta.concrete_fields if field.null}
        return [
            (name, label)
            for name, label in super().get_valid_fields(queryset, view, context or {})
            if name not in nullable
        ]


class FilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the request names no filter: an empty filterset filters
    nothing, and building one (its form, deep copies of every filter) costs ~1 ms."""

    def filter_queryset(self, request, queryset, view):
        if NOT_FILTERS.issuperset(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class VaryByUserMixin:
    """Responses differ by user: caches must key on the credentials. Anonymous lists are
    served from a short-lived cache (kakehashi.api.caching)."""

    def list(self, request, *args, **kwargs):
        key = caching.key_for(request)
        if key is not None:
            data = cache.get(key)
            if data is not None:
                return Response(data)
        response = super().list(request, *args, **kwargs)
        if key is not None and response.status_code == 200:
            cache.set(key, response.data, settings.KAKEHASHI_API_PUBLIC_CACHE_SECONDS)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie", "Accept-Language"])
        return response


class RowListMixin:
    """Lists serialized from `values()` rows (kakehashi.api.rows) when the list serializer
    has a row plan: the same JSON as the serializer's, without building model instances."""

    def list(self, request, *args, **kwargs):
        plan = rows.plan_for(self.get_serializer_class())
        if plan is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        paginator = self.paginator
        extra = ()
        if paginator is not None and hasattr(paginator, "get_ordering"):
            # The cursor reads its position from the last row's ordering column.
            extra = [term.lstrip("-") for term in paginator.get_ordering(request, queryset, self)]
        page = self.paginate_queryset(plan.rows(queryset, extra))
        if page is None:
            return Response(plan.render(plan.rows(queryset, extra), request.user))
        return self.get_paginated_response(plan.render(page, request.user))


class ReferenceViewSet(VaryByUserMixin, viewsets.ReadOnlyModelViewSet):
    """Reference data (countries, codelists): public, read-only."""

    permission_classes = [ReadOnly]


class RecordViewSet(VaryByUserMixin, RowListMixin, viewsets.ModelViewSet):
    """A registry resource: list/retrieve what the user may see; create/update/delete by the
    owning office; conditional GET, optimistic concurrency and atomic bulk create."""

    filter_backends = [FilterBackend, NonNullOrdering]
    list_serializer_class = None
    visibility_via = ""
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    list_prefetch_related: tuple | None = None

    def get_queryset(self):
        queryset = permissions.visible(self.queryset.all(), self.request.user, self.visibility_via)
        queryset = queryset.select_related("responsible_office", *self.select_related)
        prefetch = self.prefetch_related
        if self.action == "list" and self.list_prefetch_related is not None:
            prefetch = self.list_prefetch_related
        return queryset.prefetch_related(*prefetch)

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

    # --- conditional GET ------------------------------------------------------------------

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = record_etag(instance, request.user)
        if instance.updated:
            response["Last-Modified"] = http_date(instance.updated.timestamp())
        return response

    # --- optimistic concurrency ---------------------------------------------------------

    def _check_preconditions(self, instance) -> None:
        """Refuse a write based on a stale version: If-Match (412) or `version` (409)."""
        model = type(instance)
        instance.updated = (
            model._base_manager.select_for_update()
            .filter(pk=instance.pk)
            .values_list("updated", flat=True)
            .get()
        )
        if_match = self.request.headers.get("If-Match")
        if if_match and if_match.strip() != "*":
            current = record_etag(instance, self.request.user)
            offered = [tag.strip().removeprefix("W/") for tag in if_match.split(",")]
            if current not in offered:
                raise PreconditionFailed(_("The record changed since you read it."))
        version = self.request.data.get("version") if hasattr(self.request.data, "get") else None
        if version not in (None, "") and str(version) != record_version(instance):
            raise Conflict(
                _("The record changed since you read it (version %(version)s is stale).")
                % {"version": version}
            )

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        with transaction.atomic():
            self._check_preconditions(instance)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            serializer.save()
        instance.refresh_from_db()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = record_etag(instance, request.user)
        return response

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(parameters=[IF_MATCH])
    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            self._check_preconditions(instance)
            instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- bulk create --------------------------------------------------------------------

    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request, *args, **kwargs):
        """Create many records at once, atomically: all are created or none; errors are
        listed by the index of the item."""
        items = request.data if isinstance(request.data, list) else None
        if not items:
            return Response(
                {"detail": _("Send a non-empty JSON list of records.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if len(items) > BULK_LIMIT:
            return Response(
                {"detail": _("At most %(limit)d records at once.") % {"limit": BULK_LIMIT}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializers, errors = [], []
        for index, item in enumerate(items):
            serializer = self.get_serializer(data=item)
            if not serializer.is_valid():
                errors.append({"index": index, "errors": serializer.errors})
            serializers.append(serializer)
        if errors:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        index = 0
        try:
            with transaction.atomic():
                for index, serializer in enumerate(serializers):  # noqa: B007 - used below
                    serializer.save()
        except (IntegrityError, DjangoValidationError) as error:
            message = getattr(error, "messages", None) or [
                _("The record conflicts with an existing one or another item.")
            ]
            errors = [{"index": index, "errors": {"non_field_errors": list(message)}}]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        data = [serializer.data for serializer in serializers]
        return Response(data, status=status.HTTP_201_CREATED)


__all__ = ["RecordViewSet", "ReferenceViewSet", "document_bulk", "mixins"]


def document_bulk(viewset):
    """Give the bulk action its request and response shape in the OpenAPI schema."""
    from drf_spectacular.utils import extend_schema_view

    serializer = viewset.serializer_class
    return extend_schema_view(
        bulk=extend_schema(
            request=serializer(many=True),
            responses={201: serializer(many=True)},
            description=_("Create many records atomically; errors are listed by item index."),
        )
    )(viewset)
