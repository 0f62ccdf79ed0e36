"""Agreements, their meetings, and the country list and pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from kakehashi.core.models import Country
from kakehashi.portal.services import figures
from kakehashi.portal.services.queries import (
    PREVIEW,
    indexed_activities,
    public_meetings,
    public_organisations,
)
from kakehashi.portal.services.world_regions import (
    REGIONS,
    region_of,
)
from kakehashi.registry.models import (
    Activity,
    Agreement,
    LargeProject,
    Meeting,
    Organisation,
    RecipientCountry,
)

# --- agreements and meetings ---------------------------------------------------------------


def public_agreements() -> QuerySet[Agreement]:
    return Agreement.objects.public().prefetch_related(
        "countries", Prefetch("organisations", queryset=public_organisations())
    )


@dataclass
class AgreementList:
    agreements: list[Agreement]
    other_meetings: list[Meeting]


def agreement_list() -> AgreementList:
    agreements = public_agreements().annotate(
        meeting_count=Count("meetings", filter=Q(meetings__is_published=True)),
        last_meeting=Max("meetings__date", filter=Q(meetings__is_published=True)),
    )
    return AgreementList(
        agreements=list(agreements.order_by(F("signed_on").desc(nulls_last=True), "title_en")),
        other_meetings=list(public_meetings().filter(agreement__isnull=True)),
    )


@dataclass
class AgreementDetail:
    agreement: Agreement
    meetings: list[Meeting]


def agreement_detail(pk: int) -> AgreementDetail:
    agreement = get_object_or_404(public_agreements(), pk=pk)
    meetings = (
        public_meetings()
        .filter(agreement=agreement)
        .order_by(F("date").desc(nulls_last=True), "-number")
    )
    return AgreementDetail(agreement=agreement, meetings=list(meetings))


# --- countries -----------------------------------------------------------------------------


@dataclass
class CountryRow:
    country: Country
    activities: int = 0
    agreements: int = 0
    organisations: int = 0


def country_list() -> list[CountryRow]:
    """Every country something published points at, with how many of each."""
    activity_counts = dict(
        RecipientCountry.objects.filter(activity__is_published=True)
        .values_list("country_code")
        .annotate(n=Count("activity", distinct=True))
        .values_list("country_code", "n")
    )
    activity_counts = {code.upper(): n for code, n in activity_counts.items()}
    agreement_counts = dict(
        Agreement.objects.public()
        .values_list("countries__code")
        .annotate(n=Count("id"))
        .filter(countries__code__isnull=False)
        .values_list("countries__code", "n")
    )
    organisation_counts = dict(
        public_organisations()
        .filter(country__isnull=False)
        .values_list("country_id")
        .annotate(n=Count("id"))
        .values_list("country_id", "n")
    )
    meeting_countries = set(
        public_meetings().filter(country__isnull=False).values_list("country_id", flat=True)
    )
    codes = set(activity_counts) | set(agreement_counts) | set(organisation_counts)
    codes |= meeting_countries
    rows = [
        CountryRow(
            country=country,
            activities=activity_counts.get(country.code, 0),
            agreements=agreement_counts.get(country.code, 0),
            organisations=organisation_counts.get(country.code, 0),
        )
        for country in Country.objects.filter(code__in=codes)
    ]
    return sorted(rows, key=lambda row: (-row.activities, row.country.code))


@dataclass
class CountryDetail:
    country: Country
    region: str
    agreements: list[Agreement]
    meetings: list[Meeting]
    activities: list[Activity]
    activity_count: int
    organisations: list[Organisation]
    organisation_count: int
    large_projects: list[LargeProject]
    totals: list[figures.YearTotals]


def country_detail(code: str) -> CountryDetail:
    if len(code) != 2:
        raise Http404("not an ISO 3166-1 alpha-2 code")
    country = get_object_or_404(Country, code=code.upper())
    agreements = public_agreements().filter(countries=country)
    meetings = (
        public_meetings()
        .filter(Q(country=country) | Q(agreement__countries=country))
        .distinct()
        .order_by(F("date").desc(nulls_last=True))
    )
    shown, activity_count = indexed_activities(country=[country.code])
    organisations = public_organisations().filter(country=country)
    return CountryDetail(
        country=country,
        region=str(REGIONS[region_of(country.code)]),
        agreements=list(agreements),
        meetings=list(meetings),
        activities=shown,
        activity_count=activity_count,
        organisations=list(organisations[:PREVIEW]),
        organisation_count=organisations.count(),
        large_projects=list(
            LargeProject.objects.public().filter(members__country=country).distinct()
        ),
        totals=figures.country_totals_by_year(country.code),
    )
