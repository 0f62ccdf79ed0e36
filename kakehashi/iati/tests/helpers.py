"""Shared test helpers: where the real IATI data lives, and a comparable view of the registry."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from kakehashi.iati.services.importer import PART_MODELS
from kakehashi.registry.models import Activity, Indicator, IndicatorPeriod, Result

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "iati"
XMLNS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')
SKIP_PARTS = {"id", "activity", "activity_id", "organisation", "organisation_id"}


def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared IATI data is not here: {SHARED}")
    return SHARED


def _canonical(xml: str) -> str:
    element = etree.fromstring(xml)
    for node in element.iter():
        if node.text is not None and not node.text.strip() and len(node):
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    # Namespace declarations may come out in another order: the data is the same.
    return XMLNS.sub("", etree.tostring(element, encoding="unicode"))


def _preserved(entries) -> list:
    result = []
    for entry in entries or []:
        if "attributes" in entry:
            result.append(("@", sorted(entry["attributes"].items())))
        else:
            result.append((entry.get("tag"), entry.get("replaces"), _canonical(entry["xml"])))
    return sorted(result, key=repr)


def _grouped(queryset, key: str) -> dict:
    groups = defaultdict(list)
    for row in queryset:
        groups[row[key]].append(row)
    return groups


def snapshot() -> dict:
    """Everything the registry holds of every activity, keyed by iati-identifier."""
    skip = {"id", "created", "updated", "source_hash", "reporting_org", "preserved_xml"}
    names = [f.attname for f in Activity._meta.concrete_fields if f.name not in skip]
    parts = {
        name: _grouped(model.objects.order_by("activity_id", "sequence").values(), "activity_id")
        for name, model in PART_MODELS.items()
    }
    periods = _grouped(
        IndicatorPeriod.objects.order_by("indicator_id", "sequence").values(), "indicator_id"
    )
    indicators = _grouped(Indicator.objects.order_by("result_id", "sequence").values(), "result_id")
    results = _grouped(Result.objects.order_by("activity_id", "sequence").values(), "activity_id")
    data = {}
    rows = Activity.objects.values(*names, "id", "preserved_xml", "reporting_org__iati_identifier")
    for row in rows:
        pk = row.pop("id")
        fields = {k: v for k, v in row.items() if k != "preserved_xml"}
        fields["preserved"] = _preserved(row["preserved_xml"])
        for name in PART_MODELS:
            cleaned = []
            for part in parts[name].get(pk, []):
                part = {k: v for k, v in part.items() if k not in SKIP_PARTS}
                if part.get("xml"):
                    part["xml"] = _canonical(part["xml"])
                cleaned.append(part)
            fields[name] = cleaned
        fields["results"] = [
            (
                _clean(result),
                [
                    (_clean(indicator), [_clean(p) for p in periods.get(indicator["id"], [])])
                    for indicator in indicators.get(result["id"], [])
                ],
            )
            for result in results.get(pk, [])
        ]
        data[row["iati_identifier"]] = fields
    return data


def _clean(row: dict) -> dict:
    row = {
        k: v for k, v in row.items() if k not in {"id", "result_id", "indicator_id"} | SKIP_PARTS
    }
    if row.get("extra_xml"):
        row["extra_xml"] = XMLNS.sub("", row["extra_xml"])
    return row


def wipe_activities() -> None:
    """Delete every activity and its parts fast (raw deletes: no per-row signals)."""
    from kakehashi.iati.services.importer import Importer

    pks = list(Activity.objects.values_list("pk", flat=True))
    for start in range(0, len(pks), 500):
        Importer._delete_parts(pks[start : start + 500])
    queryset = Activity.objects.all()
    queryset._raw_delete(queryset.db)
