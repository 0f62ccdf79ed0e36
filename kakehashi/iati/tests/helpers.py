"""Shared test helpers: where the real IATI data lives, and a comparable view of the registry."""

import re
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


def snapshot() -> dict:
    """Everything the registry holds of every activity, keyed by iati-identifier."""
    data = {}
    for activity in Activity.objects.select_related("reporting_org").order_by("pk"):
        fields = {
            f.name: getattr(activity, f.attname)
            for f in Activity._meta.concrete_fields
            if f.name
            not in {"id", "created", "updated", "source_hash", "reporting_org", "preserved_xml"}
        }
        fields["reporting_org"] = activity.reporting_org.iati_identifier
        fields["preserved"] = _preserved(activity.preserved_xml)
        parts = {}
        for name, model in PART_MODELS.items():
            rows = []
            for row in model.objects.filter(activity=activity).order_by("sequence").values():
                row = {k: v for k, v in row.items() if k not in SKIP_PARTS}
                if "xml" in row and row["xml"]:
                    row["xml"] = _canonical(row["xml"])
                rows.append(row)
            parts[name] = rows
        results = []
        for result in Result.objects.filter(activity=activity).order_by("sequence"):
            indicators = []
            for indicator in Indicator.objects.filter(result=result).order_by("sequence"):
                periods = list(
                    IndicatorPeriod.objects.filter(indicator=indicator)
                    .order_by("sequence")
                    .values("period_start", "period_end", "targets", "actuals", "extra_xml")
                )
                for period in periods:
                    period["extra_xml"] = XMLNS.sub("", period["extra_xml"])
                indicators.append(
                    (
                        indicator.measure,
                        indicator.ascending,
                        indicator.aggregation_status,
                        indicator.title,
                        indicator.description,
                        indicator.baselines,
                        XMLNS.sub("", indicator.extra_xml),
                        periods,
                    )
                )
            results.append(
                (
                    result.type,
                    result.aggregation_status,
                    result.title,
                    result.description,
                    XMLNS.sub("", result.extra_xml),
                    indicators,
                )
            )
        fields["results"] = results
        data[activity.iati_identifier] = {**fields, **parts}
    return data
