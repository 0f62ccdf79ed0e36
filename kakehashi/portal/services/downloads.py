"""Downloads of a search result, streamed: CSV (UTF-8 with BOM, for Excel), JSON, IATI XML.

Rows are read in chunks of ids (in the search's order), so memory stays flat for the whole
registry. IATI XML is written by the IATI exporter's activity builder (iati.services.exporter)
when that app is installed.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from kakehashi.portal.models import ActivityIndex, IndexedCountry, IndexedRegion, IndexedSector
from kakehashi.registry.models import Activity, Organisation, Programme

CHUNK = 500
CSV_COLUMNS = [
    "iati_identifier",
    "title_ja",
    "title_en",
    "kind",
    "activity_status",
    "reporting_org",
    "reporting_org_identifier",
    "programme",
    "recipient_countries",
    "regions",
    "sector_categories",
    "start_date",
    "end_date",
    "default_currency",
    "commitments_jpy",
    "disbursements_jpy",
    "last_updated",
    "url",
]


def _title(narratives, lang: str) -> str:
    for narrative in narratives or []:
        if (narrative.get("lang") or "")[:2] == lang and narrative.get("text"):
            return narrative["text"]
    if lang == "en":  # untagged narratives are in the publisher's default language
        for narrative in narratives or []:
            if not narrative.get("lang") and narrative.get("text"):
                return narrative["text"]
    return ""


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def records(ids: Iterable[int]) -> Iterator[dict]:
    """One flat dict per activity, in the order of ``ids``."""
    ids = list(ids)
    organisations: dict[int, tuple[str, str, str]] = {}
    programmes = {p.pk: (p.slug, p.name_en or p.name_ja) for p in Programme.objects.public()}
    for chunk in _chunks(ids):
        activities = {
            a["pk"]: a
            for a in Activity.objects.filter(pk__in=chunk).values(
                "pk",
                "iati_identifier",
                "title",
                "kind",
                "activity_status",
                "reporting_org_id",
                "programme_id",
                "planned_start",
                "actual_start",
                "planned_end",
                "actual_end",
                "default_currency",
                "last_updated_datetime",
            )
        }
        index = {
            row["pk"]: row
            for row in ActivityIndex.objects.filter(pk__in=chunk).values(
                "pk", "commitment_jpy", "disbursement_jpy"
            )
        }
        links: dict[str, dict[int, list[str]]] = {}
        for name, model in (
            ("countries", IndexedCountry),
            ("regions", IndexedRegion),
            ("sectors", IndexedSector),
        ):
            grouped = defaultdict(list)
            for activity_id, code in (
                model.objects.filter(activity_id__in=chunk)
                .order_by("activity_id", "code")
                .values_list("activity_id", "code")
            ):
                grouped[activity_id].append(code)
            links[name] = grouped
        wanted = {a["reporting_org_id"] for a in activities.values()} - set(organisations)
        for org in Organisation.objects.filter(pk__in=wanted).values(
            "pk", "name_en", "name_ja", "iati_identifier", "is_published"
        ):
            name = (org["name_en"] or org["name_ja"]) if org["is_published"] else ""
            organisations[org["pk"]] = (name, org["iati_identifier"] or "", org["name_ja"])
        for pk in chunk:
            activity = activities.get(pk)
            if activity is None:
                continue
            org_name, org_ref, _ = organisations.get(activity["reporting_org_id"], ("", "", ""))
            programme = programmes.get(activity["programme_id"])
            start = activity["actual_start"] or activity["planned_start"]
            end = activity["actual_end"] or activity["planned_end"]
            updated = activity["last_updated_datetime"]
            yield {
                "iati_identifier": activity["iati_identifier"],
                "title_ja": _title(activity["title"], "ja"),
                "title_en": _title(activity["title"], "en"),
                "kind": activity["kind"],
                "activity_status": activity["activity_status"],
                "reporting_org": org_name,
                "reporting_org_identifier": org_ref,
                "programme": programme[0] if programme else "",
                "recipient_countries": links["countries"].get(pk, []),
                "regions": links["regions"].get(pk, []),
                "sector_categories": links["sectors"].get(pk, []),
                "start_date": start.isoformat() if start else "",
                "end_date": end.isoformat() if end else "",
                "default_currency": activity["default_currency"],
                "commitments_jpy": index.get(pk, {}).get("commitment_jpy", 0),
                "disbursements_jpy": index.get(pk, {}).get("disbursement_jpy", 0),
                "last_updated": updated.isoformat() if updated else "",
                "url": reverse("portal:activity", args=[activity["iati_identifier"]]),
            }


def _csv_rows(ids) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for count, record in enumerate(records(ids), 1):
        writer.writerow(
            [";".join(v) if isinstance(v, list) else v for v in (record[c] for c in CSV_COLUMNS)]
        )
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_rows(ids, meta: dict) -> Iterator[str]:
    head = json.dumps(meta, ensure_ascii=False)[:-1]
    yield head + ', "activities": [\n'
    first = True
    for record in records(ids):
        yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]}\n"


class _Sink:
    """A file-like object lxml writes into; the generator drains it between activities."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(bytes(data))

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def iati_xml_available() -> bool:
    return "kakehashi.iati" in settings.INSTALLED_APPS


def _xml_rows(ids) -> Iterator[bytes]:
    from lxml import etree

    from kakehashi.iati.services.exporter import Exporter

    exporter = Exporter()
    sink = _Sink()
    attributes = {"version": "2.03", "generated-datetime": timezone.now().isoformat()}
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", attributes):
            xf.write("\n")
            for chunk in _chunks(list(ids)):
                activities, parts, results, nested = exporter.load(chunk)
                by_pk = {a["pk"]: a for a in activities}
                for pk in chunk:
                    if pk in by_pk:
                        xf.write(exporter.build(by_pk[pk], parts, results.get(pk, []), nested))
                        xf.write("\n")
                yield sink.drain()
    yield sink.drain()


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def response(fmt: str, ids, basename: str, meta: dict | None = None):
    """A streamed download of the activities ``ids`` in ``fmt`` (csv, json or xml)."""
    ids = list(ids)
    if fmt == "csv":
        return _attachment(
            StreamingHttpResponse(_csv_rows(ids), content_type="text/csv; charset=utf-8"),
            f"{basename}.csv",
        )
    if fmt == "json":
        meta = {"generated": timezone.now().isoformat(), "count": len(ids), **(meta or {})}
        return _attachment(
            StreamingHttpResponse(
                _json_rows(ids, meta), content_type="application/json; charset=utf-8"
            ),
            f"{basename}.json",
        )
    return _attachment(
        StreamingHttpResponse(_xml_rows(ids), content_type="application/xml; charset=utf-8"),
        f"{basename}.xml",
    )
