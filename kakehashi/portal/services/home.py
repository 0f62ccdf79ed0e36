"""The home page: headline figures, yearly totals in yen, the map and entry points.

Aggregates over every activity come from services.summary (computed once per data generation
and shared by every process through one row); the page itself is cached per language and index
generation (services.search_index), so a cold page costs about 20 small queries, a warm one 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q

from kakehashi.portal.models import ActivityIndex
from kakehashi.portal.services import figures, queries, search_index, summary
from kakehashi.portal.services.codes import CodeNames, country_names
from kakehashi.portal.services.countries import public_agreements
from kakehashi.portal.services.formatting import reader_language
from kakehashi.portal.services.programmes import large_project_list, programme_list
from kakehashi.portal.services.queries import public_organisations
from kakehashi.registry.models import Contribution, Organisation

CACHE_SECONDS = 3600
LATEST = 8
SECTORS = 12


@dataclass
class YearRow:
    year: int
    commitments: int
    disbursements: int


@dataclass
class CountryVolume:
    country: object  # core.Country, or the code when unknown
    alpha_3: str
    activities: int
    commitments: int


@dataclass
class HomePage:
    figures: figures.HeadlineFigures
    years: list[YearRow]
    countries: list[CountryVolume]
    top_countries: list[CountryVolume]
    contributed_organisations: list
    programmes: list
    large_projects: list
    agreements: list
    agreement_count: int
    latest_activities: list
    sectors: list
    organisations: list


def home_entry_points(data: dict) -> dict:
    """Contributions, programmes, large projects and agreements for the home page."""
    published_contributions = Contribution.objects.public().filter(organisation=OuterRef("pk"))
    in_contribution = Q(contributions__is_published=True)
    contributed = (
        public_organisations()
        .filter(Exists(published_contributions))
        .annotate(
            first_year=Min("contributions__fiscal_year", filter=in_contribution),
            latest_year=Max("contributions__fiscal_year", filter=in_contribution),
            contribution_count=Count("contributions", filter=in_contribution),
        )
    )
    agreements = public_agreements()
    return {
        "contributed_organisations": list(contributed),
        "programmes": programme_list(data),
        "large_projects": large_project_list(),
        "agreements": list(agreements.order_by(F("signed_on").desc(nulls_last=True))[:6]),
        "agreement_count": agreements.count(),
    }


def years_in_yen(data: dict) -> list[YearRow]:
    """Commitments and disbursements of every indexed activity per calendar year, in yen."""
    return [YearRow(year, c, d) for year, c, d in data["years"]]


def country_volumes(data: dict) -> list[CountryVolume]:
    """Activities and commitments (attributed by recipient-country share) per country."""
    rows = data["countries_volume"]
    names = country_names(code for code, _n, _s in rows)
    volumes = [
        CountryVolume(
            country=names.get(code, code),
            alpha_3=getattr(names.get(code), "alpha_3", ""),
            activities=n,
            commitments=total,
        )
        for code, n, total in rows
    ]
    return sorted(volumes, key=lambda v: (-v.activities, -v.commitments, str(v.country)))


def _headline(data: dict) -> figures.HeadlineFigures:
    return figures.HeadlineFigures(
        activities=data["activities"],
        countries=data["countries"],
        organisations=Organisation.objects.public().count(),
        contributions=Contribution.objects.public().filter(organisation__is_published=True).count(),
        commitments=[figures.Total(c, Decimal(a)) for c, a in data["commitments"]],
        disbursements=[figures.Total(c, Decimal(a)) for c, a in data["disbursements"]],
    )


def latest_activities(codes: CodeNames | None = None) -> list:
    ids = list(
        ActivityIndex.objects.order_by("-last_updated", "activity_id").values_list("pk", flat=True)[
            :LATEST
        ]
    )
    return queries.listed_activities(ids, codes)


def home_page(generation: int | None = None) -> HomePage:
    if generation is None:
        generation = search_index.generation()
    key = f"portal:home:{generation}:{reader_language()}"
    page = cache.get(key)
    if page is not None:
        return page
    data = summary.current()
    entry = home_entry_points(data)
    countries = country_volumes(data)
    # Sector names come with the latest activities' status names, in one query.
    codes = CodeNames().want("SectorCategory", (code for code, _n in data["sectors"][:SECTORS]))
    latest = latest_activities(codes)
    page = HomePage(
        figures=_headline(data),
        years=years_in_yen(data),
        countries=countries,
        top_countries=countries[:12],
        latest_activities=latest,
        sectors=top_sectors(data, codes),
        organisations=top_reporting_organisations(data),
        **entry,
    )
    cache.set(key, page, CACHE_SECONDS)
    return page


def top_sectors(data: dict, codes: CodeNames | None = None) -> list[tuple[str, str, int]]:
    """(DAC category code, name, activities) of the most frequent sector categories."""
    rows = data["sectors"][:SECTORS]
    codes = (codes or CodeNames()).want("SectorCategory", (code for code, _n in rows))
    return [(code, codes.name("SectorCategory", code), n) for code, n in rows]


def top_reporting_organisations(data: dict, limit: int = 8) -> list[tuple[object, int]]:
    """(published organisation, activities it reports) for the largest reporters."""
    rows = data["reporting_orgs"][: limit * 2]
    organisations = Organisation.objects.public().in_bulk([pk for pk, _n in rows])
    return [(organisations[pk], n) for pk, n in rows if pk in organisations][:limit]
