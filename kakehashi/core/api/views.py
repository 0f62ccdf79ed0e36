"""Reference data of the API: countries, regions, offices, codelists (public, read-only)."""

import django_filters as filters
from django.db.models import Q

from kakehashi.api.viewsets import ReferenceViewSet
from kakehashi.core.api import serializers
from kakehashi.core.models import Codelist, Country, Office, Region
from kakehashi.core.services.text import normalize


class NameFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", label="Full-text search")

    def filter_q(self, queryset, name, value):
        value = normalize(value)[:200]
        if not value:
            return queryset
        condition = Q()
        for field in self.Meta.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def name_filterset(model_class, search):
    meta = type("Meta", (), {"model": model_class, "fields": [], "search_fields": search})
    return type(f"{model_class.__name__}FilterSet", (NameFilterSet,), {"Meta": meta})


class CountryViewSet(ReferenceViewSet):
    queryset = Country.objects.all()
    serializer_class = serializers.CountrySerializer
    filterset_class = name_filterset(Country, ["code", "alpha_3", "name_ja", "name_en"])
    ordering_fields = ["code", "name_en"]
    ordering = ["code"]
    lookup_value_regex = "[A-Za-z]{2}"


class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    filterset_class = name_filterset(Region, ["code", "name_ja", "name_en"])
    ordering_fields = ["code"]
    ordering = ["code"]


class OfficeViewSet(ReferenceViewSet):
    queryset = Office.objects.all()
    serializer_class = serializers.OfficeSerializer
    filterset_class = name_filterset(Office, ["code", "name_ja", "name_en"])
    lookup_field = "code"
    ordering_fields = ["code"]
    ordering = ["code"]


class CodelistViewSet(ReferenceViewSet):
    queryset = Codelist.objects.all()
    serializer_class = serializers.CodelistDetailSerializer
    filterset_class = name_filterset(Codelist, ["name", "name_en"])
    lookup_field = "name"
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        if self.action == "retrieve":
            return self.queryset.prefetch_related("items")
        return self.queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CodelistDetailSerializer
        return serializers.CodelistSerializer
