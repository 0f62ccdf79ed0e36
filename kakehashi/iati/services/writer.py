"""Fast writing of mapped activities: plain rows, prepared INSERTs, ids assigned in Python.

No model instances are built. Activities, results, indicators and periods get their ids from a
range reserved in the database (SQLite: past the table's maximum and its AUTOINCREMENT sequence,
under the write lock the import transaction holds; PostgreSQL: `nextval` of the table's
sequence, safe for concurrent writers), so rows can be inserted in bulk without asking for
ids back: on SQLite many rows a statement (`core.services.bulk`), on PostgreSQL with `COPY`
(one statement per table and batch, far less work for the server than an INSERT per row).
The parts arrive as value rows already laid out in column order (`layouts()`, filled in by
the mapping: activity_rows.encode).
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cache
from operator import itemgetter

from django.db import DataError, connection, models
from django.utils import timezone

from kakehashi.core.services.bulk import insert_rows
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

    def __init__(self, model, with_id: bool = False, order: list[str] | None = None):
        ops = connection.ops
        self.model = model
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        if order is not None:
            by_name = {f.attname: f for f in fields}
            fields = [by_name[name] for name in order]
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
        self.column_names = [f.column for f in fields]
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
        adapt = self.adapt_datetime
        values = [list(map(row.get, attnames, defaults)) for row in dicts]
        for index in self.json:
            for item in values:
                value = item[index]
                if value is not None and value.__class__ is not str:  # str: encoded already
                    item[index] = "[]" if value == [] else _dumps(value)
        for index in self.datetimes:
            adapted: dict = {}  # a batch's timestamps are mostly one `now`: adapt it once
            for item in values:
                value = item[index]
                if value not in adapted:
                    adapted[value] = adapt(value)
                item[index] = adapted[value]
        self.check(values)
        return values

    def repeat(self, template: dict, names: list[str], values: list[tuple]) -> list[list]:
        """Rows that are `template` but for the columns `names`, which take each tuple of
        `values` in turn (as the database takes them): the template is laid out, encoded
        and adapted once, not once a row."""
        base = self.rows([template])[0]
        indices = [self.attnames.index(name) for name in names]
        rows = []
        for item in values:
            row = base.copy()
            for index, value in zip(indices, item, strict=True):
                row[index] = value
            rows.append(row)
        self.check(rows)
        return rows

    def check(self, values: list) -> None:
        """Refuse a value longer than its column allows (in C: the rows turned into columns
        once, the longest value of each limited column; then one by one only to name the
        culprit)."""
        if not values or not self.limits:
            return
        columns = list(zip(*values, strict=True))  # one pass over the rows
        try:
            if all(max(map(len, columns[index])) <= limit for index, limit in self.limits):
                return
        except TypeError:  # None in a nullable column
            pass
        for index, limit in self.limits:
            column = list(map(itemgetter(index), values))
            try:
                longest = max(map(len, column))
            except TypeError:  # None in a nullable column
                longest = max((len(v) for v in column if isinstance(v, str)), default=0)
            if longest > limit:
                value = next(v for v in column if isinstance(v, str) and len(v) > limit)
                # The same clear error on every database (SQLite would store it silently).
                raise DataError(
                    f"{self.model._meta.verbose_name} {self.attnames[index]}: {value[:40]!r}… "
                    f"is longer than {limit} characters"
                )

    def write(self, dicts: list[dict], copy: bool = False) -> None:
        if dicts:
            self.insert_values(self.rows(dicts), copy)

    def insert_values(self, values: list, copy: bool = False) -> None:
        """Insert value rows, already in column order and checked."""
        if not values:
            return
        if connection.vendor == "sqlite":
            insert_rows(self.name, self.column_names, values)
            return
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


def stored_fingerprints(identifiers: list[str]) -> dict[str, str]:
    """{iati-identifier: fingerprint} of the stored activities among `identifiers` (the
    importer asks for every chunk of 25)."""
    return dict(_select_in(Activity, "iati_identifier", identifiers, ["source_hash"]))


def stored_activities(identifiers: list[str]) -> dict[str, tuple]:
    """{iati-identifier: (pk, last-updated-datetime, fingerprint)} of the stored activities
    among `identifiers`, as stored_fingerprints (for every batch: the ORM's query cost
    0.33 ms, this 0.06)."""
    found = {}
    convert = getattr(connection.ops, "convert_datetimefield_value", None)  # (SQLite: text)
    columns = ["id", "last_updated_datetime", "source_hash"]
    for identifier, pk, updated, fingerprint in _select_in(
        Activity, "iati_identifier", identifiers, columns
    ):
        if convert is not None and updated is not None:
            updated = convert(updated, None, connection)
        found[identifier] = (pk, updated, fingerprint)
    return found


def _select_in(model, key: str, values: list, columns) -> list[tuple]:
    """(key, *columns) of the rows of `model` whose `key` is among `values`: a plain
    statement (the ORM's query costs five times as much as the database's answer)."""
    found: list[tuple] = []
    table_name = connection.ops.quote_name(model._meta.db_table)
    selected = ", ".join([key, *columns])
    size = connection.features.max_query_params or 999
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            part = values[start : start + size]
            cursor.execute(
                f"SELECT {selected} FROM {table_name} "
                f"WHERE {key} IN ({', '.join(['%s'] * len(part))})",
                part,
            )
            found += cursor.fetchall()
    return found


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
        """Look up the organisations of `wanted` ({ref: {"type", "narratives"}}) not known
        yet and create those missing: plain statements and rows, as for the activities (the
        ORM's query and bulk_create cost 2 ms a batch)."""
        missing = [ref for ref in wanted if ref not in self.ids]
        if not missing:
            return
        self.ids.update(_select_in(Organisation, "iati_identifier", missing, ["id"]))
        new = [ref for ref in missing if ref not in self.ids]
        if not new:
            return
        now = timezone.now()
        rows = []
        for pk, ref in zip(reserve_ids(Organisation, len(new)), new, strict=True):
            info = wanted[ref]
            kind = info.get("type") or ""
            rows.append(
                {
                    "id": pk,
                    "created": now,
                    "updated": now,
                    "iati_identifier": ref,
                    "iati_type": kind[:10],
                    "kind": ORGANISATION_KINDS.get(kind, OrganisationKind.OTHER),
                    **organisation_names(info.get("narratives") or [], ref),
                }
            )
        table(Organisation, True).write(rows, copy=True)
        self.ids.update((row["iati_identifier"], row["id"]) for row in rows)


@contextmanager
def import_connection():
    """SQLite settings for a bulk import, on this connection only, put back afterwards."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # (temp_store cannot be changed inside a transaction)
        return
    settings = {
        "temp_store": "MEMORY",
        "cache_size": -32768,  # 32 MB of page cache
        # Checkpoint the write-ahead log every 64 MB rather than every 4 MB: each commit of
        # a batch no longer copies (and syncs) the pages it shares with the previous ones.
        # Durability is that of WAL mode as configured (synchronous is left alone).
        "wal_autocheckpoint": 16384,
        # The rows' CHECK constraints hold by construction: JSON columns come from the
        # json encoder (`elements.dumps`), sequences count from 0 and the mapper bounds the
        # hierarchy. Checking them again (JSON_VALID parses every narrative and the preserved
        # XML) cost an eighth of the inserts.
        "ignore_check_constraints": 1,
        # The same for the foreign keys: every key the import writes is an id it reserved
        # or looked up in the same transaction. Checking one looks the parent row up (a
        # B-tree search for every part, 3 % of the import).
        "foreign_keys": 0,
    }
    before = {}
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


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


# The columns after the mapped ones: the sequence (set by the mapping), then the keys (here).
PART_KEYS = ["sequence", "activity_id"]
TAILS = {
    "participants": ["sequence", "organisation_id", "activity_id"],
    "result": ["sequence", "id", "activity_id"],
    "indicator": ["sequence", "id", "result_id"],
    "period": ["sequence", "indicator_id"],
}
RESULT_MODELS = {"result": Result, "indicator": Indicator, "period": IndicatorPeriod}
_KEY_COLUMNS = {"id", "sequence", "activity_id", "organisation_id", "result_id", "indicator_id"}


@cache
def layouts() -> dict:
    """How the mapping lays out each part's value rows (activity_rows.encode), without Django:
    {part: (column names, their defaults, JSON / date / decimal column indices, key slots,
    a getter of the columns' values from a field dict)};
    the mapping gives the columns, the sequence and empty key slots; create_parts fills
    them."""
    result = {}
    for name, model in {**PART_MODELS, **RESULT_MODELS}.items():
        fields = [f for f in model._meta.concrete_fields if f.attname not in _KEY_COLUMNS]
        kinds = {"json": [], "date": [], "decimal": []}
        defaults = []
        for index, field in enumerate(fields):
            default = field.get_default()  # as Table.rows: "" for a CharField without one
            if isinstance(field, models.JSONField):
                kinds["json"].append(index)
                default = None if default is None else _dumps(default)
            elif isinstance(field, models.DateTimeField):
                raise TypeError(f"{model.__name__}.{field.name}: no datetimes in parts")
            elif isinstance(field, models.DateField):
                kinds["date"].append(index)
            elif isinstance(field, models.DecimalField):
                kinds["decimal"].append(index)
            defaults.append(default)
        names = [f.attname for f in fields]
        keys = len(TAILS.get(name, PART_KEYS)) - 1  # the tail after the sequence
        if len(names) < 2:  # itemgetter would give the value, not a tuple of one
            raise TypeError(f"{model.__name__}: a part needs at least two columns")
        result[name] = (
            names, defaults, kinds["json"], kinds["date"], kinds["decimal"], keys,
            itemgetter(*names),
        )  # fmt: skip
    return result


def refresh_statistics() -> None:
    """PostgreSQL plans its queries from table statistics, which autovacuum gathers only a
    while after a bulk load: right after a first large import, an export read the whole
    transaction table for every 500 activities (16 s instead of 7 for 20,000). Gather them
    now for the tables' sizes and the columns queries look rows up by (keys and indexed
    columns): a fourteenth of the time of every column (the narratives' JSON, the preserved
    XML), 40 ms instead of 550 for the samples. Autovacuum gathers the rest in its time.
    SQLite plans without them."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    tables = ", ".join(
        f"{quote(model._meta.db_table)} ({', '.join(map(quote, _looked_up_by(model)))})"
        for model in [Activity, *PART_MODELS.values(), *RESULT_MODELS.values()]
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _looked_up_by(model) -> list[str]:
    """The columns of `model` that queries select rows by: its keys, references and
    indexed columns."""
    meta = model._meta
    columns = [
        field.column
        for field in meta.concrete_fields
        if field.primary_key or field.is_relation or field.db_index or field.unique
    ]
    for index in meta.indexes:
        for name in index.fields:
            column = meta.get_field(name.lstrip("-")).column
            if column not in columns:
                columns.append(column)
    return columns


def _part_table(name: str) -> Table:
    model = PART_MODELS.get(name) or RESULT_MODELS[name]
    key = (name, connection.vendor)
    if key not in _TABLES:
        names = layouts()[name][0]
        _TABLES[key] = Table(model, True, names + TAILS.get(name, PART_KEYS))
    return _TABLES[key]


def create_parts(activities: list, organisations: dict) -> None:
    """Insert the parts, results, indicators and periods of [(activity pk, ActivityData)],
    their parts encoded as value rows by activity_rows.encode: the keys are set in the rows'
    last slots (in place: writing a batch again, one activity at a time, sets them again)."""
    copy = connection.vendor == "postgresql"
    for name in PART_MODELS:
        target = _part_table(name)
        # participants: the organisation's id goes in the slot before the activity's
        ref = target.attnames.index("ref") if name == "participants" else None
        rows: list = []
        for pk, data in activities:
            part = data.parts[name]
            for values in part:
                if ref is not None:
                    values[-2] = organisations.get(values[ref]) or None
                values[-1] = pk
            rows += part
        target.check(rows)
        target.insert_values(rows, copy)
    results = [(pk, result) for pk, data in activities for result in data.results]
    if not results:
        return
    result_rows, indicators, period_rows = [], [], []
    for result_id, (pk, (values, result_indicators)) in zip(
        reserve_ids(Result, len(results)), results, strict=True
    ):
        values[-2], values[-1] = result_id, pk
        result_rows.append(values)
        indicators.extend((result_id, indicator) for indicator in result_indicators)
    _write_checked("result", result_rows, copy)
    if not indicators:
        return
    indicator_rows = []
    for indicator_id, (result_id, (values, periods)) in zip(
        reserve_ids(Indicator, len(indicators)), indicators, strict=True
    ):
        values[-2], values[-1] = indicator_id, result_id
        indicator_rows.append(values)
        for period in periods:
            period[-1] = indicator_id
        period_rows += periods
    _write_checked("indicator", indicator_rows, copy)
    _write_checked("period", period_rows, copy)


def _write_checked(name: str, rows: list, copy: bool = False) -> None:
    target = _part_table(name)
    target.check(rows)
    target.insert_values(rows, copy)
