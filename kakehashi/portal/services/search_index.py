"""Keeping the portal's search index (portal.models.search) in step with the registry.

Public API (the IATI importer and the demo loader write with bulk_create, so signals do not
fire for them: they call these when they are done):

    reindex_activities(ids)  # re-read these activities (published ones are indexed, others removed)
    rebuild_index()          # empty the index and index every published activity
    generation()             # changes with every reindex and every change of a record a
                             # cached page names; cached pages key on it
    data_generation()        # changes with every reindex only (services.summary keys on it)

Saving or deleting an activity or one of its parts through the ORM reindexes it (signals.py).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction

from kakehashi.core.services.text import search_key
from kakehashi.portal.models import (
    ActivityIndex,
    IndexedCountry,
    IndexedRegion,
    IndexedSector,
    IndexedYear,
    IndexState,
)
from kakehashi.portal.services import rates
from kakehashi.portal.services.search_text import index_terms
from kakehashi.portal.services.world_regions import region_of, region_of_iati_region
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Budget,
    RecipientCountry,
    RecipientRegion,
    Transaction,
)

CHUNK = 500
STATE_KEY = "activities"
DATA_KEY = "activity-data"
COMMITMENT, DISBURSEMENT = "2", "3"
LINK_MODELS = (IndexedCountry, IndexedRegion, IndexedSector, IndexedYear)


def generation(key: str = STATE_KEY) -> int:
    value = IndexState.objects.filter(key=key).values_list("generation", flat=True).first()
    return value or 0


def data_generation() -> int:
    return generation(DATA_KEY)


def bump_generation(key: str = STATE_KEY) -> None:
    """A new random generation (a counter would repeat after a rolled-back transaction)."""
    value = secrets.randbits(62)
    if not IndexState.objects.filter(key=key).update(generation=value):
        IndexState.objects.get_or_create(key=key, defaults={"generation": value})


def _indexed(*, eager_summary: bool = False) -> None:
    """The index changed: new generations; after a rebuild, the summary at once.

    Partial reindexes (an importer's batches) leave the summary to the first request after
    them: recomputing it per batch made an import's cost grow with the size of the index.
    """
    bump_generation()
    bump_generation(DATA_KEY)
    if eager_summary:
        from kakehashi.portal.services import summary

        summary.refresh()


def reindex_activities(ids: Iterable[int]) -> int:
    """Re-read the given activities; returns how many are now in the index."""
    ids = sorted({int(pk) for pk in ids})
    indexed = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _delete(chunk)
            indexed += _index(chunk)
        _indexed()
    return indexed


def remove_activities(ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _delete(ids[start : start + CHUNK])
        _indexed()


def rebuild_index(progress=None) -> int:
    """Empty the index and index every published activity, in chunks. Returns the count."""
    ids = list(Activity.objects.public().order_by("pk").values_list("pk", flat=True))
    indexed = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model in (*LINK_MODELS, ActivityIndex):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM portal_activity_fts")
        for start in range(0, len(ids), CHUNK):
            indexed += _index(ids[start : start + CHUNK])
            if progress:
                progress(indexed, len(ids))
        _indexed(eager_summary=True)
    return indexed


def _delete(ids: list[int]) -> None:
    for model in LINK_MODELS:
        model.objects.filter(activity_id__in=ids)._raw_delete(connection.alias)
    ActivityIndex.objects.filter(pk__in=ids)._raw_delete(connection.alias)
    if connection.vendor == "sqlite" and ids:
        with connection.cursor() as cursor:
            marks = ",".join("%s" for _ in ids)
            cursor.execute(f"DELETE FROM portal_activity_fts WHERE rowid IN ({marks})", ids)


def _grouped(model, ids, *fields, **filters) -> dict[int, list[dict]]:
    rows = defaultdict(list)
    queryset = model.objects.filter(activity_id__in=ids, **filters).order_by(
        "activity_id", "sequence"
    )
    for row in queryset.values("activity_id", *fields):
        rows[row["activity_id"]].append(row)
    return rows


def _narrative_texts(narratives) -> list[str]:
    return [n.get("text") or "" for n in narratives or [] if n.get("text")]


def _pick_title(narratives, lang: str) -> str:
    for narrative in narratives or []:
        if (narrative.get("lang") or "")[:2] == lang and narrative.get("text"):
            return narrative["text"]
    return ""


def _yen(value: Decimal, currency: str, year: int | None) -> int:
    converted = rates.to_yen(Decimal(value), currency, year)
    return int(converted.to_integral_value()) if converted is not None else 0


def _index(ids: list[int]) -> int:
    activities = list(
        Activity.objects.public()
        .filter(pk__in=ids)
        .values(
            "pk",
            "iati_identifier",
            "title",
            "kind",
            "activity_status",
            "programme_id",
            "reporting_org_id",
            "planned_start",
            "actual_start",
            "planned_end",
            "actual_end",
            "last_updated_datetime",
            "updated",
            "default_currency",
        )
    )
    if not activities:
        return 0
    ids = [a["pk"] for a in activities]
    descriptions = _grouped(ActivityDescription, ids, "narratives")
    countries = _grouped(RecipientCountry, ids, "country_code", "percentage")
    regions = _grouped(RecipientRegion, ids, "code", "vocabulary")
    sectors = _grouped(ActivitySector, ids, "code", "vocabulary")
    transactions = _grouped(
        Transaction,
        ids,
        "type",
        "value",
        "currency",
        "date",
        "value_date",
        type__in=(COMMITMENT, DISBURSEMENT),
    )
    budgets = _grouped(Budget, ids, "value", "currency", "period_start", "value_date")

    entries, links, fts_rows = [], [], []
    for activity in activities:
        pk = activity["pk"]
        texts = [activity["iati_identifier"], *_narrative_texts(activity["title"])]
        for description in descriptions.get(pk, ()):
            texts.extend(_narrative_texts(description["narratives"]))
        tokens = " ".join(sorted(index_terms(*texts)))
        start = activity["actual_start"] or activity["planned_start"]
        end = activity["actual_end"] or activity["planned_end"]
        default_currency = activity["default_currency"] or "JPY"

        years: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        commitment = disbursement = 0
        for row in transactions.get(pk, ()):
            day = row["value_date"] or row["date"]
            yen = _yen(row["value"], row["currency"] or default_currency, day.year)
            if row["type"] == COMMITMENT:
                commitment += yen
                years[row["date"].year][0] += yen
            else:
                disbursement += yen
                years[row["date"].year][1] += yen
        amount = commitment
        if not amount:
            amount = sum(
                _yen(
                    b["value"],
                    b["currency"] or default_currency,
                    (b["value_date"] or b["period_start"]).year,
                )
                for b in budgets.get(pk, ())
            )
        entries.append(
            ActivityIndex(
                activity_id=pk,
                iati_identifier=activity["iati_identifier"],
                status=activity["activity_status"] or "",
                kind=activity["kind"],
                programme_id=activity["programme_id"],
                reporting_org_id=activity["reporting_org_id"],
                start_year=start.year if start else None,
                end_year=end.year if end else (start.year if start else None),
                start_date=start,
                last_updated=activity["last_updated_datetime"] or activity["updated"],
                amount_jpy=amount,
                commitment_jpy=commitment,
                disbursement_jpy=disbursement,
                text="\n".join(search_key(t) for t in texts if t),
                tokens=tokens,
            )
        )
        fts_rows.append((pk, tokens))
        codes = {}
        region_keys = set()
        for row in countries.get(pk, ()):
            code = row["country_code"].upper()[:2]
            if code and code not in codes:
                share = float(row["percentage"]) / 100 if row["percentage"] is not None else 1.0
                codes[code] = share
                region_keys.add(region_of(code))
        for code, share in codes.items():
            links.append(IndexedCountry(activity_id=pk, code=code, share=share))
        for row in regions.get(pk, ()):
            region_keys.add(region_of_iati_region(row["code"], row["vocabulary"]))
        for key in region_keys:
            links.append(IndexedRegion(activity_id=pk, code=key))
        categories = set()
        for row in sectors.get(pk, ()):
            if row["vocabulary"] in ("", "1") and row["code"][:3].isdigit():
                categories.add(row["code"][:3])
            elif row["vocabulary"] == "2":
                categories.add(row["code"])
        for code in categories:
            links.append(IndexedSector(activity_id=pk, code=code))
        for year, (committed, disbursed) in years.items():
            links.append(
                IndexedYear(
                    activity_id=pk, year=year, commitment_jpy=committed, disbursement_jpy=disbursed
                )
            )

    ActivityIndex.objects.bulk_create(entries, batch_size=CHUNK)
    by_model = defaultdict(list)
    for link in links:
        by_model[type(link)].append(link)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO portal_activity_fts (rowid, tokens) VALUES (%s, %s)", fts_rows
            )
    return len(entries)
