"""Fast writing of mapped activities: plain rows, prepared INSERTs, ids assigned in Python.

No model instances are built. Activities, results, indicators and periods get their ids from a
range reserved in the database (SQLite: past the table's maximum and its AUTOINCREMENT sequence,
under the write lock the import transaction holds; PostgreSQL: `nextval` of the table's
sequence, safe for concurrent writers), so every row can be inserted with `executemany` (or
`COPY` on PostgreSQL for the parts) without asking for ids back.
"""

from __future__ import annotations

from contextlib import contextmanager
from operator import itemgetter

from django.db import DataError, connection, models

from kakehashi.iati.services.elements import dumps
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Budget,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    Organisation,
    ParticipatingOrg,
    PlannedDisbursement,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Tag,
    Transaction,
)
from kakehashi.registry.models.organisations import OrganisationKind

PART_MODELS = {
    "descriptions": ActivityDescription,
    "participants": ParticipatingOrg,
    "recipient_countries": RecipientCountry,
    "recipient_regions": RecipientRegion,
    "sectors": ActivitySector,
    "tags": Tag,
    "policy_markers": PolicyMarker,
    "locations": Location,
    "budgets": Budget,
    "planned_disbursements": PlannedDisbursement,
    "transactions": Transaction,
    "documents": DocumentLink,
    "related": RelatedActivity,
}
ORGANISATION_KINDS = {
    "10": OrganisationKind.GOVERNMENT,
    "11": OrganisationKind.GOVERNMENT,
    "15": OrganisationKind.GOVERNMENT,
    "21": OrganisationKind.NGO,
    "22": OrganisationKind.NGO,
    "23": OrganisationKind.NGO,
    "24": OrganisationKind.NGO,
    "40": OrganisationKind.INTERNATIONAL_ORGANISATION,
    "70": OrganisationKind.COMPANY,
    "71": OrganisationKind.COMPANY,
    "72": OrganisationKind.COMPANY,
    "73": OrganisationKind.COMPANY,
    "80": OrganisationKind.RESEARCH_INSTITUTE,
}
_dumps = dumps
_MISSING = object()


class Table:
    """The columns of a model and its INSERT; `rows()` turns field dicts into value tuples.

    A str in a JSON column is taken as JSON already encoded (the mapping worker does that);
    any other value is encoded as Django's JSONField would."""

    def __init__(self, model, with_id: bool = False):
        ops = connection.ops
        self.model = model
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.attnames = [f.attname for f in fields]
        self.defaults = []
        self.json, self.datetimes, self.limits = [], [], []
        for index, field in enumerate(fields):
            if field.has_default() and callable(field.default):
                self.defaults.append(_MISSING)  # computed per call (timestamp=now…)
            else:
                self.defaults.append(None if field.primary_key else field.get_default())
            if isinstance(field, models.JSONField):
                self.json.append(index)
            elif isinstance(field, models.DateTimeField):
                self.datetimes.append(index)
            elif isinstance(field, models.CharField) and field.max_length:
                self.limits.append((index, field.max_length))
        self.fields = fields
        self.adapt_datetime = ops.adapt_datetimefield_value
        names = ", ".join(ops.quote_name(f.column) for f in fields)
        self.columns = names
        self.insert = (
            f"INSERT INTO {ops.quote_name(self.name)} ({names}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )

    def rows(self, dicts: list[dict]) -> list[list]:
        defaults = [
            field.get_default() if default is _MISSING else default
            for field, default in zip(self.fields, self.defaults, strict=True)
        ]
        attnames = self.attnames
        json_columns, datetimes, limits = self.json, self.datetimes, self.limits
        adapt = self.adapt_datetime
        values = [list(map(row.get, attnames, defaults)) for row in dicts]
        for index in json_columns:
            for item in values:
                value = item[index]
                if value is not None and value.__class__ is not str:  # str: encoded already
                    item[index] = "[]" if value == [] else _dumps(value)
        for index in datetimes:
            for item in values:
                item[index] = adapt(item[index])
        for index, limit in limits:  # column by column, in C
            column = list(map(itemgetter(index), values))
            try:
                longest = max(map(len, column))
            except TypeError:  # None in a nullable column
                longest = max((len(v) for v in column if isinstance(v, str)), default=0)
            if longest > limit:
                value = next(v for v in column if isinstance(v, str) and len(v) > limit)
                # The same clear error on every database (SQLite would store it silently).
                raise DataError(
                    f"{self.model._meta.verbose_name} {attnames[index]}: {value[:40]!r}… "
                    f"is longer than {limit} characters"
                )
        return values

    def write(self, dicts: list[dict], copy: bool = False) -> None:
        if not dicts:
            return
        values = self.rows(dicts)
        with connection.cursor() as cursor:
            if copy and connection.vendor == "postgresql":
                sql = f"COPY {connection.ops.quote_name(self.name)} ({self.columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as stream:
                    write_row = stream.write_row
                    for item in values:
                        write_row(item)
            else:
                cursor.executemany(self.insert, values)


_TABLES: dict = {}


def table(model, with_id: bool = False) -> Table:
    key = (model, with_id, connection.vendor)
    if key not in _TABLES:
        _TABLES[key] = Table(model, with_id)
    return _TABLES[key]


def fast_insert(model, rows: list[dict]) -> None:
    """Insert rows (field dicts) of `model` without building model instances."""
    table(model).write(rows)


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys of `model` (call inside the transaction that uses them)."""
    name = model._meta.db_table
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [quoted, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE) from here on.
        cursor.execute(f"SELECT MAX(id) FROM {quoted}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [name])
        row = cursor.fetchone()
        start = max(highest, row[0] if row and row[0] else 0) + 1
        return list(range(start, start + count))


def organisation_names(narratives: list[dict], fallback: str) -> dict:
    name_ja = next((n["text"] for n in narratives if n["lang"][:2] == "ja" and n["text"]), "")
    name_en = next((n["text"] for n in narratives if n["lang"][:2] in ("en", "") and n["text"]), "")
    if not name_en and not name_ja:
        name_en = next((n["text"] for n in narratives if n["text"]), "") or fallback
    return {"name_ja": name_ja.strip()[:500], "name_en": name_en.strip()[:500]}


class OrganisationCache:
    """IATI organisation identifier -> Organisation pk, creating what is missing in bulk."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def clear(self) -> None:
        self.ids.clear()

    def resolve(self, wanted: dict[str, dict]) -> None:
        missing = [ref for ref in wanted if ref not in self.ids]
        if not missing:
            return
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            self.ids.update(
                Organisation.objects.filter(iati_identifier__in=chunk).values_list(
                    "iati_identifier", "pk"
                )
            )
        new = []
        for ref in missing:
            if ref in self.ids:
                continue
            info = wanted[ref]
            new.append(
                Organisation(
                    iati_identifier=ref,
                    iati_type=(info.get("type") or "")[:10],
                    kind=ORGANISATION_KINDS.get(info.get("type") or "", OrganisationKind.OTHER),
                    **organisation_names(info.get("narratives") or [], ref),
                )
            )
        if new:
            Organisation.objects.bulk_create(new)
            for organisation in new:
                self.ids[organisation.iati_identifier] = organisation.pk


@contextmanager
def import_connection():
    """SQLite settings for a bulk import, on this connection only, put back afterwards."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # (temp_store cannot be changed inside a transaction)
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA temp_store")
        temp_store = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA cache_size = -32768")  # 32 MB of page cache
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA temp_store = {int(temp_store)}")
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


UPDATED_COLUMNS = [
    "iati_identifier", "default_lang", "default_currency", "humanitarian", "budget_not_provided",
    "linked_data_uri", "last_updated_datetime", "iati_version", "title", "default_aid_types",
    "activity_status", "activity_scope", "collaboration_type", "default_flow_type",
    "default_finance_type", "default_tied_status", "planned_start", "actual_start",
    "planned_end", "actual_end", "hierarchy", "preserved_xml", "reporting_org_id",
    "reporting_org_secondary", "source_hash", "updated",
]  # fmt: skip


def update_activities(rows: list[dict], now) -> None:
    """Overwrite what an import sets of existing activities (rows carry their "id")."""
    activities = table(Activity, True)
    ops = connection.ops
    indices = [activities.attnames.index(name) for name in UPDATED_COLUMNS]
    key = activities.attnames.index("id")
    assignments = ", ".join(f"{ops.quote_name(activities.fields[i].column)} = %s" for i in indices)
    sql = f"UPDATE {ops.quote_name(activities.name)} SET {assignments} WHERE id = %s"
    for row in rows:
        row["updated"] = now
    values = [[item[i] for i in indices] + [item[key]] for item in activities.rows(rows)]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def delete_parts(pks: list[int]) -> None:
    """Delete every part of the activities `pks` (raw deletes: no per-row signals)."""
    for queryset in [
        IndicatorPeriod.objects.filter(indicator__result__activity_id__in=pks),
        Indicator.objects.filter(result__activity_id__in=pks),
        Result.objects.filter(activity_id__in=pks),
        *(model.objects.filter(activity_id__in=pks) for model in PART_MODELS.values()),
    ]:
        queryset._raw_delete(queryset.db)


def create_parts(activities: list, organisations: dict) -> None:
    """Insert the parts, results, indicators and periods of [(activity pk, ActivityData)]."""
    copy = connection.vendor == "postgresql"
    for name, model in PART_MODELS.items():
        rows = []
        append = rows.append
        for pk, data in activities:
            sequence = 0
            for fields in data.parts[name]:
                fields["activity_id"] = pk
                fields["sequence"] = sequence
                sequence += 1
                append(fields)
        if name == "participants":
            for fields in rows:
                fields["organisation_id"] = organisations.get(fields["ref"]) or None
        table(model).write(rows, copy)
    results = [
        (pk, sequence, result)
        for pk, data in activities
        for sequence, result in enumerate(data.results)
    ]
    if not results:
        return
    result_rows, indicator_rows, period_rows = [], [], []
    result_ids = reserve_ids(Result, len(results))
    for result_id, (pk, sequence, result) in zip(result_ids, results, strict=True):
        result_rows.append(
            {**result["fields"], "id": result_id, "activity_id": pk, "sequence": sequence}
        )
        for index, indicator in enumerate(result["indicators"]):
            indicator_rows.append(
                ({**indicator["fields"], "result_id": result_id, "sequence": index}, indicator)
            )
    table(Result, True).write(result_rows)
    if not indicator_rows:
        return
    indicator_ids = reserve_ids(Indicator, len(indicator_rows))
    rows = []
    for indicator_id, (row, indicator) in zip(indicator_ids, indicator_rows, strict=True):
        row["id"] = indicator_id
        rows.append(row)
        for index, period in enumerate(indicator["periods"]):
            period_rows.append({**period, "indicator_id": row["id"], "sequence": index})
    table(Indicator, True).write(rows)
    table(IndicatorPeriod).write(period_rows, copy)
