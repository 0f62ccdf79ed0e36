"""The home page's aggregates over every published activity, computed once per data generation.

Totals of transactions per currency, commitments and disbursements per year in yen, and the
activities per country, sector category, reporting organisation and programme take a second
or more over 100,000 activities. They are computed when the index is rebuilt
(services.search_index), else by the first request after a change (an importer's batches
only start a new data generation), and kept in one row of ``portal_indexsummary`` that every
server process reads (one indexed query), plus a copy in process memory. Only numbers and
codes are kept: names and published states are read when the page is built.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum

from kakehashi.portal.models import ActivityIndex, IndexedCountry, IndexedYear, IndexSummary
from kakehashi.portal.services import figures, search_index

KEY = "home"
_shared: dict = {}


def compute() -> dict:
    totals = figures.totals_by_type(figures.public_transactions())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.code, COUNT(*), SUM(c.share * a.commitment_jpy) "
            "FROM portal_indexedcountry c JOIN portal_activityindex a "
            "ON a.activity_id = c.activity_id GROUP BY c.code"
        )
        country_rows = cursor.fetchall()
        cursor.execute(
            "SELECT code, COUNT(*) FROM portal_indexedsector GROUP BY code ORDER BY 2 DESC, code"
        )
        sector_rows = cursor.fetchall()
    years = (
        IndexedYear.objects.values_list("year")
        .annotate(c=Sum("commitment_jpy"), d=Sum("disbursement_jpy"))
        .order_by("year")
    )
    reporters = (
        ActivityIndex.objects.values_list("reporting_org_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "reporting_org_id")
    )
    programmes = (
        ActivityIndex.objects.exclude(programme_id=None)
        .values_list("programme_id")
        .annotate(n=Count("pk"))
        .order_by("programme_id")
    )
    return {
        "activities": ActivityIndex.objects.count(),
        "countries": IndexedCountry.objects.values("code").distinct().count(),
        "commitments": [[t.currency, str(t.amount)] for t in totals[figures.COMMITMENT]],
        "disbursements": [[t.currency, str(t.amount)] for t in totals[figures.DISBURSEMENT]],
        "years": [[year, int(c or 0), int(d or 0)] for year, c, d in years if c or d],
        "countries_volume": [[code, n, int(total or 0)] for code, n, total in country_rows],
        "sectors": [list(row) for row in sector_rows],
        "reporting_orgs": [list(row) for row in reporters],
        "programmes": [list(row) for row in programmes],
    }


def refresh(generation: int | None = None) -> dict:
    """Compute the summary now and store it for every process."""
    if generation is None:
        generation = search_index.data_generation()
    data = compute()
    try:
        with transaction.atomic():
            IndexSummary.objects.update_or_create(
                key=KEY, defaults={"generation": generation, "data": data}
            )
    except IntegrityError:  # another process stored it first
        pass
    _shared.clear()
    _shared[generation] = data
    return data


def current() -> dict:
    """The summary of the current data generation (computed here if nobody has yet)."""
    generation = search_index.data_generation()
    data = _shared.get(generation)
    if data is not None:
        return data
    data = (
        IndexSummary.objects.filter(key=KEY, generation=generation)
        .values_list("data", flat=True)
        .first()
    )
    if data is None:
        return refresh(generation)
    _shared.clear()
    _shared[generation] = data
    return data
