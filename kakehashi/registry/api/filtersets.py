"""Filters of the registry API, named like the portal's facets: country, region, sector,
status, programme, reporting_org, kind, year_from / year_to, amount_min / amount_max, q."""

import datetime
import json

import django_filters as filters
from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery, Sum, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import get_language
from django_filters.filters import QuerySetRequestMixin

from kakehashi.core.services.text import normalize
from kakehashi.registry.models import (
    Activity,
    ActivitySector,
    Agreement,
    Budget,
    Contribution,
    LargeProject,
    Meeting,
    Organisation,
    ParticipatingOrg,
    Programme,
    RecipientCountry,
    RecipientRegion,
)

YEAR = {"min_value": 1868, "max_value": 2200}


def _codes(value: str) -> list[str]:
    """`JP,KZ` or `JP` → ["JP", "KZ"]."""
    return [code.strip() for code in value.split(",") if code.strip()][:50]


def text_query(value: str) -> str:
    return normalize(value)[:200]


_FORM_CLASSES: dict = {}


class RecordFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", label="Full-text search")
    responsible_office = filters.CharFilter(field_name="responsible_office__code")
    is_published = filters.BooleanFilter()
    search_fields: tuple[str, ...] = ()

    def get_form_class(self):
        """Built once per filterset class and language (django-filter builds a form class,
        a field per filter and its label on every request); not for filtersets whose
        choices come from a queryset, which may depend on the request."""
        if any(isinstance(f, QuerySetRequestMixin) for f in self.base_filters.values()):
            return super().get_form_class()
        key = (type(self), get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class

    def filter_q(self, queryset, name, value):
        value = text_query(value)
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class OrganisationFilterSet(RecordFilterSet):
    country = filters.CharFilter(method="filter_country")
    kind = filters.MultipleChoiceFilter(choices=Organisation._meta.get_field("kind").choices)
    search_fields = ("name_ja", "name_en", "abbreviation", "iati_identifier")

    class Meta:
        model = Organisation
        fields = ["kind", "parent", "iati_identifier"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=[code.upper() for code in _codes(value)])


class ContributionFilterSet(RecordFilterSet):
    year_from = filters.NumberFilter(field_name="fiscal_year", lookup_expr="gte", **YEAR)
    year_to = filters.NumberFilter(field_name="fiscal_year", lookup_expr="lte", **YEAR)
    amount_min = filters.NumberFilter(field_name="amount", lookup_expr="gte")
    amount_max = filters.NumberFilter(field_name="amount", lookup_expr="lte")
    search_fields = (
        "title_ja",
        "title_en",
        "organisation__name_ja",
        "organisation__name_en",
        "organisation__abbreviation",
    )

    class Meta:
        model = Contribution
        fields = ["organisation", "fiscal_year", "kind", "budget_kind", "currency"]


class ProgrammeFilterSet(RecordFilterSet):
    year_from = filters.NumberFilter(method="filter_year_from", **YEAR)
    year_to = filters.NumberFilter(method="filter_year_to", **YEAR)
    search_fields = ("name_ja", "name_en", "abbreviation", "slug")

    class Meta:
        model = Programme
        fields = ["kind", "slug", "organisations"]

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(Q(end_year__gte=value) | Q(end_year__isnull=True))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(Q(start_year__lte=value) | Q(start_year__isnull=True))


class LargeProjectFilterSet(RecordFilterSet):
    country = filters.CharFilter(method="filter_country")
    search_fields = ("name_ja", "name_en", "abbreviation", "slug")

    class Meta:
        model = LargeProject
        fields = ["slug", "host_organisation"]

    def filter_country(self, queryset, name, value):
        codes = [code.upper() for code in _codes(value)]
        return queryset.filter(members__country__in=codes).distinct()


class AgreementFilterSet(RecordFilterSet):
    country = filters.CharFilter(method="filter_country")
    year_from = filters.NumberFilter(field_name="signed_on__year", lookup_expr="gte", **YEAR)
    year_to = filters.NumberFilter(field_name="signed_on__year", lookup_expr="lte", **YEAR)
    search_fields = ("title_ja", "title_en", "description_ja", "description_en")

    class Meta:
        model = Agreement
        fields = ["kind", "organisations"]

    def filter_country(self, queryset, name, value):
        codes = [code.upper() for code in _codes(value)]
        return queryset.filter(countries__in=codes).distinct()


class MeetingFilterSet(RecordFilterSet):
    country = filters.CharFilter(method="filter_country")
    year_from = filters.NumberFilter(field_name="date__year", lookup_expr="gte", **YEAR)
    year_to = filters.NumberFilter(field_name="date__year", lookup_expr="lte", **YEAR)
    search_fields = ("title_ja", "title_en", "place_ja", "place_en", "outcome_ja", "outcome_en")

    class Meta:
        model = Meeting
        fields = ["kind", "level", "agreement"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=[code.upper() for code in _codes(value)])


def _exists(model, **lookups):
    return Exists(model.objects.filter(activity=OuterRef("pk"), **lookups))


class ActivityFilterSet(RecordFilterSet):
    country = filters.CharFilter(method="filter_country", label="Recipient countries (JP,KZ)")
    region = filters.CharFilter(method="filter_region", label="Recipient regions")
    sector = filters.CharFilter(method="filter_sector", label="Sector codes")
    status = filters.CharFilter(method="filter_status", label="Activity status codes")
    programme = filters.CharFilter(method="filter_programme", label="Programme id or slug")
    reporting_org = filters.CharFilter(
        method="filter_reporting_org", label="Reporting organisation id or IATI identifier"
    )
    organisation = filters.NumberFilter(
        method="filter_organisation", label="Reporting or taking part"
    )
    kind = filters.MultipleChoiceFilter(choices=Activity._meta.get_field("kind").choices)
    year_from = filters.NumberFilter(method="filter_year_from", **YEAR)
    year_to = filters.NumberFilter(method="filter_year_to", **YEAR)
    amount_min = filters.NumberFilter(method="filter_amount_min", label="Total budget at least")
    amount_max = filters.NumberFilter(method="filter_amount_max", label="Total budget at most")

    class Meta:
        model = Activity
        fields = ["iati_identifier", "activity_status", "default_currency"]

    def filter_q(self, queryset, name, value):
        value = text_query(value)
        if not value:
            return queryset
        # Titles are JSON; SQLite keeps non-ASCII as \uXXXX escapes, PostgreSQL as text.
        escaped = json.dumps(value)[1:-1]
        return queryset.annotate(title_text=Cast("title", TextField())).filter(
            Q(iati_identifier__icontains=value)
            | Q(title_text__icontains=value)
            | Q(title_text__icontains=escaped)
        )

    def filter_country(self, queryset, name, value):
        codes = [code.upper() for code in _codes(value)]
        return queryset.filter(_exists(RecipientCountry, country_code__in=codes))

    def filter_region(self, queryset, name, value):
        return queryset.filter(_exists(RecipientRegion, code__in=_codes(value)))

    def filter_sector(self, queryset, name, value):
        return queryset.filter(_exists(ActivitySector, code__in=_codes(value)))

    def filter_status(self, queryset, name, value):
        return queryset.filter(activity_status__in=_codes(value))

    def filter_programme(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(programme_id=int(value))
        return queryset.filter(programme__slug=value)

    def filter_reporting_org(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(reporting_org_id=int(value))
        return queryset.filter(reporting_org__iati_identifier=value)

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            Q(reporting_org_id=value) | _exists(ParticipatingOrg, organisation_id=value)
        )

    def filter_year_from(self, queryset, name, value):
        start = datetime.date(int(value), 1, 1)
        end = Coalesce("actual_end", "planned_end")
        return queryset.alias(end_on=end).filter(Q(end_on__gte=start) | Q(end_on__isnull=True))

    def filter_year_to(self, queryset, name, value):
        stop = datetime.date(int(value), 12, 31)
        start = Coalesce("actual_start", "planned_start")
        return queryset.alias(start_on=start).filter(
            Q(start_on__lte=stop) | Q(start_on__isnull=True)
        )

    @staticmethod
    def _with_total(queryset):
        total = (
            Budget.objects.filter(activity=OuterRef("pk"))
            .values("activity")
            .annotate(total=Sum("value"))
            .values("total")
        )
        return queryset.alias(
            budget_total=Subquery(
                total, output_field=DecimalField(max_digits=32, decimal_places=10)
            )
        )

    def filter_amount_min(self, queryset, name, value):
        return self._with_total(queryset).filter(budget_total__gte=value)

    def filter_amount_max(self, queryset, name, value):
        return self._with_total(queryset).filter(budget_total__lte=value)
