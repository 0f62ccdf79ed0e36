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
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, transaction

from kakehashi.core.services.bulk import insert_rows
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
from kakehashi.portal.services.prepared import STR_PLACEHOLDER, Prepared
from kakehashi.portal.services.search_text import key_terms
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


# Compiled once: a page reads the generation twice or more.
_GENERATION = Prepared(
    lambda key: IndexState.objects.filter(key=key).values_list("generation"), STR_PLACEHOLDER
)


def generation(key: str = STATE_KEY) -> int:
    found = _GENERATION(key)
    return (found[0][0] if found else 0) or 0


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


def _marks(ids: list) -> str:
    return ", ".join(["%s"] * len(ids))


def _delete(ids: list[int]) -> None:
    """Remove these activities from the index. Only those indexed are looked for: an import's
    new activities (most of them) cost one indexed SELECT, not a DELETE per table."""
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT activity_id FROM {ActivityIndex._meta.db_table} "
            f"WHERE activity_id IN ({_marks(ids)})",
            ids,
        )
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return
        marks = _marks(ids)
        for model in (*LINK_MODELS, ActivityIndex):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE activity_id IN ({marks})", ids
            )
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM portal_activity_fts WHERE rowid IN ({marks})", ids)


def _insert(model, fields: Sequence[str], rows: list[tuple]) -> None:
    """INSERT the rows (values in the order of `fields`) the way bulk_create does, without its
    model instances and per-value preparation, which cost more than the database's work."""
    if not rows:
        return
    columns = [model._meta.get_field(name) for name in fields]
    if connection.vendor != "postgresql":
        insert_rows(model._meta.db_table, [column.column for column in columns], rows)
        return
    # One array per column: a statement planned once, not per row (5x faster than VALUES).
    names = ", ".join(connection.ops.quote_name(column.column) for column in columns)
    arrays = ", ".join(f"%s::{column.db_type(connection).split('(')[0]}[]" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({names}) SELECT * FROM UNNEST({arrays})",
            [list(values) for values in zip(*rows, strict=True)],
        )


def _grouped(model, ids, *fields) -> dict[int, list[tuple]]:
    rows = defaultdict(list)
    queryset = model.objects.filter(activity_id__in=ids).order_by("activity_id", "sequence")
    for row in queryset.values_list("activity_id", *fields):
        rows[row[0]].append(row)
    return rows


def _narrative_texts(narratives) -> list[str]:
    return [n.get("text") or "" for n in narratives or [] if n.get("text")]


def _yen(value: Decimal, currency: str, year: int | None) -> int:
    converted = rates.to_yen(Decimal(value), currency, year)
    return int(converted.to_integral_value()) if converted is not None else 0


ACTIVITY_FIELDS = (
    "pk iati_identifier title kind activity_status programme_id reporting_org_id planned_start "
    "actual_start planned_end actual_end last_updated_datetime updated default_currency"
).split()
INDEX_FIELDS = (
    "activity iati_identifier status kind programme_id reporting_org_id start_year end_year "
    "start_date last_updated amount_jpy commitment_jpy disbursement_jpy text tokens"
).split()


def _index(ids: list[int]) -> int:
    activities = list(
        Activity.objects.public()
        .filter(pk__in=ids)
        .values_list(*ACTIVITY_FIELDS, named=True)
        .order_by("pk")
    )
    if not activities:
        return 0
    ids = [a.pk for a in activities]
    descriptions = _grouped(ActivityDescription, ids, "narratives")
    # All types, filtered here: with `type IN (…)` SQLite walks the type index, every
    # commitment in the registry, instead of these activities' rows.
    transactions = _grouped(Transaction, ids, "type", "value", "currency", "date", "value_date")
    budgets = _grouped(Budget, ids, "value", "currency", "period_start", "value_date")
    links = _Links(ids)
    ops = connection.ops

    entries, fts_rows = [], []
    for activity in activities:
        pk = activity.pk
        texts = [activity.iati_identifier, *_narrative_texts(activity.title)]
        for _pk, narratives in descriptions.get(pk, ()):
            texts.extend(_narrative_texts(narratives))
        keys = [search_key(t) for t in texts if t]
        tokens = " ".join(sorted(key_terms(keys)))
        start = activity.actual_start or activity.planned_start
        end = activity.actual_end or activity.planned_end
        currency = activity.default_currency or "JPY"
        commitment, disbursement, years = _money(transactions.get(pk, ()), currency)
        entries.append(
            (
                pk,
                activity.iati_identifier,
                activity.activity_status or "",
                activity.kind,
                activity.programme_id,
                activity.reporting_org_id,
                start.year if start else None,
                end.year if end else (start.year if start else None),
                ops.adapt_datefield_value(start),
                ops.adapt_datetimefield_value(activity.last_updated_datetime or activity.updated),
                commitment or _budgeted(budgets.get(pk, ()), currency),
                commitment,
                disbursement,
                "\n".join(keys),
                tokens,
            )
        )
        fts_rows.append((pk, tokens))
        links.add(pk, years)

    _insert(ActivityIndex, INDEX_FIELDS, entries)
    links.write()
    if connection.vendor == "sqlite":
        # OR REPLACE: the FTS table is no model, so `flush` and raw deletes leave its rows
        # behind; a stale row under a reused activity id is replaced, not a failure.
        insert_rows("portal_activity_fts", ["rowid", "tokens"], fts_rows, "INSERT OR REPLACE")
    return len(entries)


def _money(transactions, default_currency: str) -> tuple[int, int, dict]:
    """Commitments and disbursements in yen, in all and per year of the transaction date."""
    years: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    commitment = disbursement = 0
    for _pk, kind, value, currency, date, value_date in transactions:
        if kind != COMMITMENT and kind != DISBURSEMENT:
            continue
        yen = _yen(value, currency or default_currency, (value_date or date).year)
        if kind == COMMITMENT:
            commitment += yen
            years[date.year][0] += yen
        else:
            disbursement += yen
            years[date.year][1] += yen
    return commitment, disbursement, years


def _budgeted(budgets, default_currency: str) -> int:
    return sum(
        _yen(value, currency or default_currency, (value_date or period_start).year)
        for _pk, value, currency, period_start, value_date in budgets
    )


class _Links:
    """The facet link rows of a chunk of activities: countries, world regions, sector
    categories and money per year."""

    def __init__(self, ids: list[int]):
        self.countries = _grouped(RecipientCountry, ids, "country_code", "percentage")
        self.regions = _grouped(RecipientRegion, ids, "code", "vocabulary")
        self.sectors = _grouped(ActivitySector, ids, "code", "vocabulary")
        self.rows = {model: [] for model in LINK_MODELS}

    def add(self, pk: int, years: dict[int, list[int]]) -> None:
        codes = {}
        region_keys = set()
        for _pk, country, percentage in self.countries.get(pk, ()):
            code = country.upper()[:2]
            if code and code not in codes:
                codes[code] = float(percentage) / 100 if percentage is not None else 1.0
                region_keys.add(region_of(code))
        for _pk, code, vocabulary in self.regions.get(pk, ()):
            region_keys.add(region_of_iati_region(code, vocabulary))
        categories = set()
        for _pk, code, vocabulary in self.sectors.get(pk, ()):
            if vocabulary in ("", "1") and code[:3].isdigit():
                categories.add(code[:3])
            elif vocabulary == "2":
                categories.add(code)
        self.rows[IndexedCountry].extend((pk, code, share) for code, share in codes.items())
        self.rows[IndexedRegion].extend((pk, key) for key in region_keys)
        self.rows[IndexedSector].extend((pk, code) for code in categories)
        self.rows[IndexedYear].extend((pk, year, c, d) for year, (c, d) in years.items())

    def write(self) -> None:
        _insert(IndexedCountry, ("activity", "code", "share"), self.rows[IndexedCountry])
        _insert(IndexedRegion, ("activity", "code"), self.rows[IndexedRegion])
        _insert(IndexedSector, ("activity", "code"), self.rows[IndexedSector])
        _insert(
            IndexedYear,
            ("activity", "year", "commitment_jpy", "disbursement_jpy"),
            self.rows[IndexedYear],
        )
