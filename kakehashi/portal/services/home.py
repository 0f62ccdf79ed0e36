"""The home page: headline figures, yearly totals in yen, the map and entry points.

Aggregates over every activity are read from the index tables and cached per language and
index generation (services.search_index), so the page costs a couple of queries once warm.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Sum

from kakehashi.portal.models import ActivityIndex, IndexedCountry, IndexedYear
from kakehashi.portal.services import figures, queries, search_index
from kakehashi.portal.services.codes import country_names
from kakehashi.portal.services.formatting import reader_language

CACHE_SECONDS = 3600
LATEST = 8


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


def years_in_yen(activity_ids=None) -> list[YearRow]:
    rows = IndexedYear.objects.all()
    if activity_ids is not None:
        rows = rows.filter(activity_id__in=activity_ids)
    rows = (
        rows.values_list("year")
        .annotate(c=Sum("commitment_jpy"), d=Sum("disbursement_jpy"))
        .order_by("year")
    )
    return [YearRow(year, c or 0, d or 0) for year, c, d in rows if c or d]


def country_volumes() -> list[CountryVolume]:
    """Activities and commitments (attributed by recipient-country share) per country."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.code, COUNT(*), SUM(c.share * a.commitment_jpy) "
            "FROM portal_indexedcountry c JOIN portal_activityindex a "
            "ON a.activity_id = c.activity_id GROUP BY c.code"
        )
        rows = cursor.fetchall()
    names = country_names(code for code, _n, _s in rows)
    volumes = [
        CountryVolume(
            country=names.get(code, code),
            alpha_3=getattr(names.get(code), "alpha_3", ""),
            activities=n,
            commitments=int(total or 0),
        )
        for code, n, total in rows
    ]
    return sorted(volumes, key=lambda v: (-v.activities, -v.commitments, str(v.country)))


def _headline() -> figures.HeadlineFigures:
    headline = figures.headline_figures()
    headline.activities = ActivityIndex.objects.count()
    headline.countries = IndexedCountry.objects.values("code").distinct().count()
    return headline


def latest_activities() -> list:
    ids = list(
        ActivityIndex.objects.order_by("-last_updated", "activity_id").values_list(
            "pk", flat=True
        )[:LATEST]
    )
    activities = {a.pk: a for a in queries.activity_rows().filter(pk__in=ids)}
    return queries.describe_rows(activities[pk] for pk in ids if pk in activities)


def home_page() -> HomePage:
    key = f"portal:home:{search_index.generation()}:{reader_language()}"
    page = cache.get(key)
    if page is not None:
        return page
    entry = queries.home_entry_points()
    countries = country_volumes()
    page = HomePage(
        figures=_headline(),
        years=years_in_yen(),
        countries=countries,
        top_countries=countries[:12],
        latest_activities=latest_activities(),
        sectors=top_sectors(),
        organisations=top_reporting_organisations(),
        **entry,
    )
    cache.set(key, page, CACHE_SECONDS)
    return page


def programme_activity_counts() -> dict[int, int]:
    return dict(
        ActivityIndex.objects.exclude(programme_id=None)
        .values_list("programme_id")
        .annotate(n=Count("pk"))
    )


def top_sectors(limit: int = 12) -> list[tuple[str, str, int]]:
    """(DAC category code, name, activities) of the most frequent sector categories."""
    from kakehashi.portal.models import IndexedSector
    from kakehashi.portal.services.codes import CodeNames

    rows = list(
        IndexedSector.objects.values_list("code")
        .annotate(n=Count("activity_id"))
        .order_by("-n", "code")[:limit]
    )
    codes = CodeNames().want("SectorCategory", (code for code, _n in rows))
    return [(code, codes.name("SectorCategory", code), n) for code, n in rows]


def top_reporting_organisations(limit: int = 8) -> list[tuple[object, int]]:
    """(published organisation, activities it reports) for the largest reporters."""
    from kakehashi.registry.models import Organisation

    rows = list(
        ActivityIndex.objects.values_list("reporting_org_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[: limit * 2]
    )
    organisations = Organisation.objects.public().in_bulk([pk for pk, _n in rows])
    return [(organisations[pk], n) for pk, n in rows if pk in organisations][:limit]
