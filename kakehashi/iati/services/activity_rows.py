"""One activity element on its way to the database: read, checked, mapped and encoded.

`cut_pending` (an activity cut out of the file's bytes) and `read_pending` (one parsed) give
what the importer needs before mapping: identifier, fingerprint, line, XML. `map_blob`
parses an activity's XML and `map_one` checks an element against the schema, maps it and
encodes its parts as value rows in the column order of `writer.layouts()` (`encode`),
ready to insert. `as_tuple` and
`from_tuple` carry a result between processes as built-in types only; `restore` gives back
the datetime the importer compares.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from kakehashi.iati.services.elements import dumps
from kakehashi.iati.services.mapping import ActivityData, MappingError, map_activity
from kakehashi.iati.services.raw_activities import parse_blob
from kakehashi.iati.services.validator import schema_errors

_datetime = datetime.fromisoformat


@dataclass(slots=True)
class Pending:
    """An activity read, on its way to the checks and the mapping."""

    identifier: str
    hash: str
    line: int | None
    element: object = None  # parsed already
    blob: bytes | None = None  # XML that parses to the activity (sent to the worker)
    unchanged: bool = False
    offset: int = 0  # to add to the lines of `element` (or of `blob` parsed) for the file's
    number: int = 0  # its place among the file's activities, from 0
    cut: bool = False  # cut out of the bytes: `blob` may still fail to parse on its own


def fingerprint(xml: bytes) -> str:
    return hashlib.blake2b(xml, digest_size=32).hexdigest()


def cut_pending(xml: bytes, blob: bytes, line: int, offset: int, namespaces: bytes, number):
    """An activity `raw_activities.Cutter` cut out of the bytes: fingerprinted (with the
    root's namespace declarations) and its identifier read from the bytes, not parsed."""
    identifier, element = identifier_in(xml), None
    if identifier is None:  # not the plain first child: parse (if that fails, mapping says)
        element = parse_blob(blob)
        identifier = identifier_of(element) if element is not None else ""
    hash_ = fingerprint(namespaces + xml if namespaces else xml)
    return Pending(identifier, hash_, line, element, blob, offset=offset, number=number, cut=True)


def read_pending(element, number: int) -> Pending:
    """An activity parsed from the file (mapped in-process: its lines are exact), with the
    fingerprint of the element serialised."""
    identifier, hash_ = identifier_of(element), fingerprint(etree.tostring(element))
    return Pending(identifier, hash_, element.sourceline or 1, element, number=number)


# The identifier as the schema places it: the activity's first child, plain text.
_IDENTIFIER = re.compile(rb"<iati-identifier\s*>([^<&\r]*)</iati-identifier\s*>")


def identifier_in(xml: bytes) -> str | None:
    """The iati-identifier read off the bytes (what `identifier_of` gives the parsed
    element), or None where only a parse can tell (a comment or another child before it,
    an entity or CDATA in it…)."""
    found = _IDENTIFIER.search(xml)
    if found is None or xml.count(b"<", 0, found.start()) != 1:  # only the activity's tag
        return None
    try:
        return found.group(1).decode("utf-8").strip()
    except UnicodeDecodeError:
        return None


def identifier_of(element) -> str:
    """The iati-identifier's text (a short walk: the schema puts it first; findtext or
    iterchildren would cost 7 µs)."""
    for child in element:
        if child.tag == "iati-identifier":
            return (child.text or "").strip()
    return ""


DOUBT = ("doubt",)  # the result of a blob cut out of the bytes that does not parse alone


def map_blob(blob: bytes, version: str, layouts: dict, offset: int, schema=None):
    """Parse the XML of an activity cut out of the bytes and map it (`map_one`); DOUBT if
    it does not parse on its own (the file is then read by a parse of the whole)."""
    element = parse_blob(blob)
    if element is None:
        return DOUBT
    return map_one(element, version, layouts, offset, schema)


def map_one(element, version: str, layouts: dict, line_offset: int = 0, schema=None):
    """Check `element` against the schema and map it: ActivityData (parts encoded) or a
    failure."""
    errors = schema_errors(element, schema)
    if errors:
        return ("schema", [(line + line_offset if line else None, m) for line, m in errors[:5]])
    try:
        data = map_activity(element, version)
    except MappingError as error:
        return ("mapping", error.line + line_offset if error.line else None, error.message)
    if line_offset and data.line:
        data.line += line_offset
    return encode(data, layouts)


def encode(data: ActivityData, layouts: dict) -> ActivityData:
    """Turn the parts' field dicts into value rows, in the column order of `layouts`
    (writer.layouts()) and then the sequence: JSON encoded, dates and decimals as text (what
    the drivers would send). Rows are cheaper to send than dicts and ready to insert.
    Results become [(values, [(indicator values, [period values…])…])…]."""
    fields = data.fields
    for name in DATE_FIELDS:
        if fields[name] is not None:
            fields[name] = fields[name].isoformat()
    for name in JSON_FIELDS:
        fields[name] = dumps(fields[name]) if fields[name] else "[]"
    parts = data.parts
    for name, rows in parts.items():
        if rows:
            parts[name] = _rows(rows, layouts[name])
    if data.results:
        result, indicator, period = layouts["result"], layouts["indicator"], layouts["period"]
        data.results = [
            (
                values,
                list(
                    zip(
                        _rows([ind["fields"] for ind in item["indicators"]], indicator),
                        [_rows(ind["periods"], period) for ind in item["indicators"]],
                        strict=True,
                    )
                ),
            )
            for values, item in zip(
                _rows([item["fields"] for item in data.results], result), data.results, strict=True
            )
        ]
    return data


def _rows(rows: list[dict], layout) -> list[list]:
    """Column by column: a few loops over the rows rather than a call per row. Each row
    ends with its sequence and empty slots for its keys, which the writer fills in place."""
    names, defaults, json_columns, dates, decimals, keys, getter = layout
    try:  # every column mapped (the usual): one call per row
        values = list(map(list, map(getter, rows)))
    except KeyError:
        values = [list(map(row.get, names, defaults)) for row in rows]
    for index in json_columns:
        for item in values:
            value = item[index]
            kind = value.__class__
            if kind is list:
                item[index] = dumps(value) if value else "[]"
            elif value is not None and kind is not str:  # str: encoded already
                item[index] = dumps(value)
    for index in dates:
        for item in values:
            if item[index] is not None:
                item[index] = item[index].isoformat()
    for index in decimals:
        for item in values:
            if item[index] is not None:
                item[index] = str(item[index])
    slots = [None] * keys  # for the keys the writer sets (activity, organisation, ids)
    for sequence, item in enumerate(values):
        item.append(sequence)
        item += slots
    return values


DATE_FIELDS = (
    "planned_start", "actual_start", "planned_end", "actual_end", "last_updated_datetime",
)  # fmt: skip
JSON_FIELDS = ("title", "default_aid_types", "preserved_xml")  # lists, sent as JSON text


def as_tuple(result):
    """A result as built-in types only (for marshal)."""
    if isinstance(result, ActivityData):
        return (
            "activity", result.identifier, result.line, result.fields, result.reporting_org,
            result.parts, result.results, result.org_refs,
        )  # fmt: skip
    return result


def from_tuple(result):
    return ActivityData(*result[1:]) if result[0] == "activity" else result


def restore(results: list) -> list:
    """The last-updated-datetime back to a datetime (the importer compares it, and the
    database adapters want one); the other dates stay ISO text, as they are inserted."""
    for data in results:
        if isinstance(data, ActivityData):
            fields = data.fields
            if fields["last_updated_datetime"] is not None:
                fields["last_updated_datetime"] = _datetime(fields["last_updated_datetime"])
    return results
