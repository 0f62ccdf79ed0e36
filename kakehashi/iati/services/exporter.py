"""Publish registry activities as IATI 2.03 XML, as a stream.

Activities are read in chunks (keyset pagination; one plain SELECT per part table per chunk,
rows converted as the ORM would, JSON decoded once) and each is rendered as a string by
`render` (no element tree) and written out, so memory stays flat whatever the number of
activities; on PostgreSQL the next chunk is read in a second thread while this one is
rendered. Children are written in the order the 2.03 schema fixes, modelled and preserved
elements (Activity.preserved_xml) interleaved; a modelled element that was kept whole on
import (`replaces`) is written as the publisher wrote it.
"""

from __future__ import annotations

import gc
import json
import json.scanner
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

from django.db import connection, connections, models
from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from kakehashi.iati.services import render
from kakehashi.iati.services.mapping import ACTIVITY_ORDER
from kakehashi.iati.services.render import (
    FRAGMENT_PARSER,
    WRITERS,
    attributes,
    boolean,
    iso,
    narrative_element,
    w_result,
)
from kakehashi.iati.services.writer import PART_MODELS
from kakehashi.registry.models import Activity, Indicator, IndicatorPeriod, Organisation, Result

CHUNK = 500
UNUSED = {"created", "updated", "source_hash"}  # not exported (timestamps are slow to load)
SLOTS = {tag: index for index, tag in enumerate(ACTIVITY_ORDER)}
DATE_TYPES = [
    ("1", "planned_start"),
    ("2", "actual_start"),
    ("3", "planned_end"),
    ("4", "actual_end"),
]
PLAN = [(tag, WRITERS.get(tag)) for tag in ACTIVITY_ORDER]  # (tag, (part, writer) or None)
SINGLE_CODES = {
    "activity-status": "activity_status",
    "activity-scope": "activity_scope",
    "collaboration-type": "collaboration_type",
    "default-flow-type": "default_flow_type",
    "default-finance-type": "default_finance_type",
    "default-tied-status": "default_tied_status",
}


def fragment(xml: str):
    return etree.fromstring(xml, FRAGMENT_PARSER)


@lru_cache(maxsize=1024)
def _attribute(xml: str, name: str) -> str | None:
    """An attribute of preserved XML (the same reporting-org comes with every activity)."""
    return fragment(xml).get(name)


# -- reading ---------------------------------------------------------------------------------
_scan = json.scanner.make_scanner(json.JSONDecoder())  # the C scanner, one call a value


def _json(value, expression, connection):
    if value is None or value.__class__ is not str:
        return value
    if value == "[]":
        return []
    try:
        result, end = _scan(value, 0)
    except StopIteration:
        return json.loads(value)  # leading white space…: the full decoder
    return result if end == len(value) else json.loads(value)


_DECODED: dict = {}  # JSON text -> decoded value (bounded, see Query.rows)


class Query:
    """SELECT the exported columns of `model` for some keys, rows as dicts converted as the ORM
    does, except that dates read from SQLite stay ISO text."""

    _cache: dict = {}

    def __new__(cls, model):
        key = (model, connection.vendor)
        if key not in cls._cache:
            cls._cache[key] = super().__new__(cls)
            cls._cache[key].setup(model)
        return cls._cache[key]

    def setup(self, model):
        ops = connection.ops
        table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if f.name not in UNUSED]
        self.names = [f.attname for f in self.fields]
        self.converters = []
        columns = []
        for field in self.fields:
            columns.append(ops.quote_name(field.column))
            if isinstance(field, models.JSONField):
                self.converters.append((field.attname, [_json], None))
                continue
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                if connection.vendor == "sqlite":
                    # Stored as ISO text, which is what the XML wants: without the declared
                    # type the driver does not parse it into a date for each row.
                    columns[-1] = f"CAST({columns[-1]} AS TEXT)"
                continue  # psycopg gives dates
            if isinstance(field, models.BooleanField):
                continue  # the drivers already give bool (SQLite: declared type)
            column = field.get_col(table)
            found = ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((field.attname, found, column))
        self.select = f"SELECT {', '.join(columns)} FROM {ops.quote_name(table)}"

    def rows(self, key: str, values: list, order: str) -> list[dict]:
        if not values:
            return []
        if connection.vendor == "postgresql":
            # One array parameter: psycopg's client-side binding of hundreds of %s costs more
            # than running the query.
            sql, values = f"{self.select} WHERE {key} = ANY(%s) ORDER BY {order}", [values]
        else:
            marks = ", ".join(["%s"] * len(values))
            sql = f"{self.select} WHERE {key} IN ({marks}) ORDER BY {order}"
        names = self.names
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            rows = [dict(zip(names, raw, strict=True)) for raw in cursor.fetchall()]
        decoded = _DECODED
        if len(decoded) > 20000:
            decoded.clear()
        for name, found, column in self.converters:  # column by column
            if found[0] is _json:
                for row in rows:
                    value = row[name]
                    if value.__class__ is str:
                        # Names and descriptions repeat (orgs in every transaction): decode once.
                        # The decoded values are shared, read only.
                        result = decoded.get(value)
                        if result is None:
                            result = decoded[value] = _json(value, None, None)
                        row[name] = result
                continue
            for row in rows:
                value = row[name]
                for converter in found:
                    value = converter(value, column, connection)
                row[name] = value
        return rows


def _grouped(rows: list[dict], key: str) -> dict:
    """{key value: its rows}, for rows ordered by `key`."""
    return {value: list(group) for value, group in groupby(rows, itemgetter(key))}


# -- activities ------------------------------------------------------------------------------
class Exporter:
    def __init__(self):
        self.organisations: dict[int, dict] = {}

    def organisation(self, pk: int) -> dict:
        if pk not in self.organisations:
            if len(self.organisations) > 10000:
                self.organisations.clear()
            self.organisations[pk] = Organisation.objects.values(
                "iati_identifier", "iati_type", "name_en", "name_ja"
            ).get(pk=pk)
        return self.organisations[pk]

    def load(self, pks: list[int]) -> tuple[list, dict, dict, tuple]:
        """The activities `pks` (dicts, "pk" and "reporting_org" included), their parts, results
        and indicators.

        Decoded JSON values are shared between rows (memoised): read them, do not change them."""
        activities = Query(Activity).rows("id", pks, "id")
        for row in activities:
            row["pk"] = row["id"]
            # Read here, not while rendering: export_activities renders while the next chunk
            # is read through the same connection.
            row["reporting_org"] = self.organisation(row["reporting_org_id"])
        parts = {
            name: _grouped(
                Query(model).rows("activity_id", pks, "activity_id, sequence"), "activity_id"
            )
            for name, model in PART_MODELS.items()
        }
        results = _grouped(
            Query(Result).rows("activity_id", pks, "activity_id, sequence"), "activity_id"
        )
        result_ids = [row["id"] for rows in results.values() for row in rows]
        indicators = _grouped(
            Query(Indicator).rows("result_id", result_ids, "result_id, sequence"), "result_id"
        )
        indicator_ids = [row["id"] for rows in indicators.values() for row in rows]
        periods = _grouped(
            Query(IndicatorPeriod).rows("indicator_id", indicator_ids, "indicator_id, sequence"),
            "indicator_id",
        )
        return activities, parts, results, (indicators, periods)

    def build(self, activity: dict, parts: dict, results: list, nested: tuple):
        """The activity as an element (for callers that write element trees)."""
        return fragment(self.render(activity, parts, results, nested))

    def render(self, activity: dict, parts: dict, results: list, nested: tuple) -> str:
        humanitarian = activity["humanitarian"]
        pairs = [
            ("last-updated-datetime", iso(activity["last_updated_datetime"])),
            ("{http://www.w3.org/XML/1998/namespace}lang", activity["default_lang"]),
            ("default-currency", activity["default_currency"]),
            ("humanitarian", None if humanitarian is None else boolean(humanitarian)),
            ("hierarchy", activity["hierarchy"]),
            ("linked-data-uri", activity["linked_data_uri"]),
            ("budget-not-provided", activity["budget_not_provided"]),
        ]
        preserved = {}
        replaces = {}
        foreign = []
        keep = ()
        for entry in activity["preserved_xml"] or ():
            if "attributes" in entry:
                pairs.extend(entry["attributes"].items())
                keep += tuple(entry["attributes"])
            elif "replaces" in entry:
                replaces[(entry["tag"], entry["replaces"])] = entry["xml"]
            elif entry.get("tag") in SLOTS:
                preserved.setdefault(entry["tag"], []).append(entry["xml"])
            else:
                foreign.append(entry["xml"])
        pairs = list(dict(pairs).items())  # a foreign attribute overrides, as set() did
        out = [f"<iati-activity{attributes(pairs, keep)}>"]
        pk = activity["id"]
        for tag, part in PLAN:
            if part is not None:  # a part table
                rows = parts[part[0]].get(pk)
                if rows:
                    self._parts(out, tag, part[1], rows, replaces)
            elif tag in SINGLE_CODES:
                replacement = replaces.get((tag, 0))
                code = activity[SINGLE_CODES[tag]]
                if replacement:
                    out.append(replacement)
                elif code:
                    out.append(f"<{tag}{attributes((('code', code),))}/>")
            elif tag == "iati-identifier":
                out.append(f"<iati-identifier>{render.text(activity['iati_identifier'])}")
                out.append("</iati-identifier>")
            elif tag == "reporting-org":
                self._reporting_org(out, activity, replaces.get((tag, 0)))
            elif tag == "title":
                replacement = replaces.get((tag, 0))
                if replacement:
                    out.append(replacement)
                else:
                    narrative_element(out, tag, activity["title"])
            elif tag == "activity-date":
                kept = preserved.pop(tag, [])
                covered = {_attribute(xml, "type") for xml in kept}
                for code, name in DATE_TYPES:
                    if activity[name] and code not in covered:
                        out.append(f'<{tag} type="{code}" iso-date="{iso(activity[name])}"/>')
                out.extend(kept)
            elif tag == "default-aid-type":
                for aid in activity["default_aid_types"] or ():
                    pairs = (("code", aid.get("code")), ("vocabulary", aid.get("vocabulary")))
                    out.append(f"<{tag}{attributes(pairs)}/>")
            elif tag == "result":
                indicators, periods = nested
                for result in results:
                    w_result(out, result, indicators, periods)
            if tag in preserved:
                out.extend(preserved[tag])
        out.extend(foreign)
        out.append("</iati-activity>")
        xml = "".join(out)
        bad = render.NOT_XML.search(xml)
        if bad:
            raise ValueError(
                f"activity {activity['iati_identifier']}: character {bad.group()!r} "
                "cannot be written in XML"
            )
        return xml

    @staticmethod
    def _parts(out: list, tag: str, writer, rows: list, replaces: dict) -> None:
        if not replaces:
            for row in rows:
                writer(out, row)
            return
        for index, row in enumerate(rows):
            xml = replaces.get((tag, index))
            if xml:
                out.append(xml)
            else:
                writer(out, row)

    def _reporting_org(self, out: list, activity: dict, replacement: str | None) -> None:
        organisation = activity["reporting_org"]
        if replacement and _attribute(replacement, "ref") == organisation["iati_identifier"]:
            out.append(replacement)
            return
        names = []
        if organisation["name_en"]:
            names.append({"lang": "en", "text": organisation["name_en"]})
        if organisation["name_ja"]:
            names.append({"lang": "ja", "text": organisation["name_ja"]})
        pairs = [("ref", organisation["iati_identifier"]), ("type", organisation["iati_type"])]
        if activity["reporting_org_secondary"]:
            pairs.append(("secondary-reporter", "1"))
        narrative_element(out, "reporting-org", names, pairs)


@contextmanager
def _binary(output):
    if hasattr(output, "write"):
        yield output
    else:
        with open(output, "wb") as stream:
            yield stream


def _at_once(function, *args) -> Future:
    future = Future()
    future.set_result(function(*args))
    return future


@contextmanager
def _background(alias: str):
    """`submit` of a one-thread pool whose queries use this thread's connection to `alias`.

    The exporter reads the next chunk there while it renders this one, so PostgreSQL and
    psycopg (which releases the GIL while it waits for rows) work alongside the rendering. The
    connection is shared, as Django's LiveServerThread shares it, so both threads see the same
    transaction; only the pool's thread uses it until the pool is shut down. SQLite reads at
    once: its driver releases the GIL for every row and would wait to get it back each time."""
    shared = connections[alias]
    if shared.vendor != "postgresql":
        yield _at_once
        return

    def share():
        connections[alias] = shared

    shared.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(1, initializer=share) as pool:
            yield pool.submit
    finally:
        shared.dec_thread_sharing()


@contextmanager
def _no_cycle_collection():
    """The export makes millions of dicts and lists, none in a cycle (reference counting frees
    them); the cycle collector would walk every live object again and again (12% of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_activities(output, queryset: QuerySet | None = None, chunk: int = CHUNK) -> int:
    """Write the activities of `queryset` (default: all) to `output` (a path or binary file)."""
    queryset = Activity.objects.all() if queryset is None else queryset
    exporter = Exporter()

    def read(after: int):
        """The chunk after the key `after`: its last key and Exporter.load(), or None."""
        pks = list(
            queryset.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:chunk]
        )
        return (pks[-1], exporter.load(pks)) if pks else None

    count = 0
    root = attributes([("version", "2.03"), ("generated-datetime", timezone.now().isoformat())])
    with _binary(output) as stream, _background(queryset.db) as submit, _no_cycle_collection():
        stream.write(f"<?xml version='1.0' encoding='UTF-8'?>\n<iati-activities{root}>".encode())
        reading = submit(read, 0)
        while chunk_read := reading.result():
            last, (activities, parts, results, nested) = chunk_read
            reading = submit(read, last)
            text = [
                exporter.render(activity, parts, results.get(activity["id"], []), nested)
                for activity in activities
            ]
            text.append("")
            stream.write("\n".join(text).encode("utf-8"))
            count += len(activities)
        stream.write(b"</iati-activities>")
    return count


def activities_for(reporting_org: str | None = None) -> QuerySet:
    queryset = Activity.objects.all()
    if reporting_org:
        queryset = queryset.filter(reporting_org__iati_identifier=reporting_org)
    return queryset
