"""Publish registry activities as IATI 2.03 XML, as a stream.

Activities are read in chunks (keyset pagination, one query per part table per chunk) and each
is built as a small element tree and written out with `lxml.etree.xmlfile`, so memory stays
flat whatever the number of activities. Children are written in the order the 2.03 schema
fixes, modelled and preserved elements (Activity.preserved_xml) interleaved; a modelled
element that was kept whole on import (`replaces`) is written as the publisher wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from kakehashi.iati.services.importer import PART_MODELS
from kakehashi.iati.services.mapping import ACTIVITY_ORDER, XML_LANG
from kakehashi.registry.models import Activity, Indicator, IndicatorPeriod, Organisation, Result

CHUNK = 500
FRAGMENT_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False
)
SLOTS = {tag: index for index, tag in enumerate(ACTIVITY_ORDER)}
ACTIVITY_FIELDS = [
    "pk",
    "iati_identifier",
    "reporting_org_id",
    "reporting_org_secondary",
    "title",
    "default_lang",
    "default_currency",
    "hierarchy",
    "humanitarian",
    "budget_not_provided",
    "linked_data_uri",
    "last_updated_datetime",
    "activity_status",
    "activity_scope",
    "collaboration_type",
    "default_flow_type",
    "default_finance_type",
    "default_tied_status",
    "default_aid_types",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "preserved_xml",
]
DATE_TYPES = [
    ("1", "planned_start"),
    ("2", "actual_start"),
    ("3", "planned_end"),
    ("4", "actual_end"),
]


def number(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def boolean(value: bool) -> str:
    return "1" if value else "0"


def fragment(xml: str):
    return etree.fromstring(xml, FRAGMENT_PARSER)


def fragments(xml: str) -> list:
    if not xml:
        return []
    wrapper = etree.fromstring(f"<wrapper>{xml}</wrapper>", FRAGMENT_PARSER)
    return [child for child in wrapper if isinstance(child.tag, str)]


def sub(parent, tag: str, attributes: dict | None = None, text: str | None = None, keep=()):
    element = etree.SubElement(parent, tag)
    if attributes:
        for key, value in attributes.items():
            if value is not None and (value != "" or key in keep):
                element.set(key, value if isinstance(value, str) else str(value))
    if text is not None:
        element.text = text
    return element


def add_narratives(parent, narratives) -> None:
    for narrative in narratives or []:
        element = etree.SubElement(parent, "narrative")
        if narrative.get("lang"):
            element.set(XML_LANG, narrative["lang"])
        element.text = narrative.get("text") or ""


def narrative_element(parent, tag: str, narratives, attributes=None, keep=()):
    element = sub(parent, tag, attributes, keep=keep)
    add_narratives(element, narratives)
    return element


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)


def add_value(parent, row, fallback) -> None:
    """value-date is required by the schema: records made by hand may lack it."""
    when = row["value_date"] or fallback
    sub(
        parent,
        "value",
        {"currency": row["currency"], "value-date": iso(when)},
        number(row["value"]),
    )


def add_org(parent, tag: str, row, prefix: str) -> None:
    ref, kind = row[f"{prefix}_ref"], row[f"{prefix}_type"]
    activity_id, names = row[f"{prefix}_activity_id"], row[f"{prefix}_narratives"]
    if ref or kind or activity_id or names:
        attributes = {"ref": ref, f"{prefix}-activity-id": activity_id, "type": kind}
        narrative_element(parent, tag, names, attributes)


# -- one writer per modelled element ---------------------------------------------------------
def w_description(parent, row):
    narrative_element(parent, "description", row["narratives"], {"type": row["type"]})


def w_participant(parent, row):
    attributes = {
        "ref": row["ref"],
        "type": row["type"],
        "role": row["role"],
        "activity-id": row["org_activity_id"],
        "crs-channel-code": row["crs_channel_code"],
    }
    narrative_element(parent, "participating-org", row["narratives"], attributes, ("role",))


def w_country(parent, row):
    attributes = {"code": row["country_code"], "percentage": _pct(row["percentage"])}
    narrative_element(parent, "recipient-country", row["narratives"], attributes, ("code",))


def _pct(value):
    return number(value) if value is not None else None


def _vocab(row, extra=None) -> dict:
    attributes = {
        "vocabulary": row["vocabulary"],
        "vocabulary-uri": row["vocabulary_uri"],
        "code": row["code"],
    }
    attributes.update(extra or {})
    return attributes


def w_region(parent, row):
    attributes = _vocab(row, {"percentage": _pct(row["percentage"])})
    narrative_element(parent, "recipient-region", row["narratives"], attributes, ("code",))


def w_sector(parent, row):
    attributes = _vocab(row, {"percentage": _pct(row["percentage"])})
    narrative_element(parent, "sector", row["narratives"], attributes, ("code",))


def w_tag(parent, row):
    narrative_element(parent, "tag", row["narratives"], _vocab(row), ("code",))


def w_policy_marker(parent, row):
    attributes = _vocab(row, {"significance": row["significance"]})
    narrative_element(parent, "policy-marker", row["narratives"], attributes, ("code",))


def w_location(parent, row):
    if row["xml"]:
        parent.append(fragment(row["xml"]))
        return
    element = sub(parent, "location", {"ref": row["ref"]})
    if row["name"]:
        narrative_element(element, "name", row["name"])
    if row["description"]:
        narrative_element(element, "description", row["description"])
    if row["latitude"] is not None and row["longitude"] is not None:
        point = sub(element, "point", {"srsName": "http://www.opengis.net/def/crs/EPSG/0/4326"})
        sub(point, "pos", text=f"{number(row['latitude'])} {number(row['longitude'])}")


def w_budget(parent, row):
    element = sub(parent, "budget", {"type": row["type"], "status": row["status"]})
    sub(element, "period-start", {"iso-date": iso(row["period_start"])})
    sub(element, "period-end", {"iso-date": iso(row["period_end"])})
    add_value(element, row, row["period_start"])


def w_planned_disbursement(parent, row):
    element = sub(parent, "planned-disbursement", {"type": row["type"]})
    sub(element, "period-start", {"iso-date": iso(row["period_start"])})
    if row["period_end"]:
        sub(element, "period-end", {"iso-date": iso(row["period_end"])})
    add_value(element, row, row["period_start"])
    add_org(element, "provider-org", row, "provider")
    add_org(element, "receiver-org", row, "receiver")


def w_transaction(parent, row):
    attributes = {"ref": row["ref"]}
    if row["humanitarian"] is not None:
        attributes["humanitarian"] = boolean(row["humanitarian"])
    element = sub(parent, "transaction", attributes)
    sub(element, "transaction-type", {"code": row["type"]}, keep=("code",))
    sub(element, "transaction-date", {"iso-date": iso(row["date"])})
    add_value(element, row, row["date"])
    if row["description"]:
        narrative_element(element, "description", row["description"])
    add_org(element, "provider-org", row, "provider")
    add_org(element, "receiver-org", row, "receiver")
    if row["disbursement_channel"]:
        sub(element, "disbursement-channel", {"code": row["disbursement_channel"]})
    for sector in row["sectors"] or []:
        narrative_element(element, "sector", sector.get("narratives"), _vocab(sector))
    if row["recipient_country"]:
        sub(element, "recipient-country", {"code": row["recipient_country"]})
    if row["recipient_region"]:
        sub(
            element,
            "recipient-region",
            {"code": row["recipient_region"], "vocabulary": row["recipient_region_vocabulary"]},
        )
    for tag in ("flow_type", "finance_type"):
        if row[tag]:
            sub(element, tag.replace("_", "-"), {"code": row[tag]})
    for aid in row["aid_types"] or []:
        sub(element, "aid-type", {"code": aid.get("code"), "vocabulary": aid.get("vocabulary")})
    if row["tied_status"]:
        sub(element, "tied-status", {"code": row["tied_status"]})


def w_document(parent, row):
    element = sub(
        parent, "document-link", {"url": row["url"], "format": row["format"]}, keep=("url",)
    )
    narrative_element(element, "title", row["title"])
    if row["description"]:
        narrative_element(element, "description", row["description"])
    for code in row["categories"] or []:
        sub(element, "category", {"code": code})
    for code in row["languages"] or []:
        sub(element, "language", {"code": code})
    if row["document_date"]:
        sub(element, "document-date", {"iso-date": iso(row["document_date"])})


def w_related(parent, row):
    sub(parent, "related-activity", {"ref": row["ref"], "type": row["type"]}, keep=("ref", "type"))


WRITERS = {
    "description": ("descriptions", w_description),
    "participating-org": ("participants", w_participant),
    "recipient-country": ("recipient_countries", w_country),
    "recipient-region": ("recipient_regions", w_region),
    "location": ("locations", w_location),
    "sector": ("sectors", w_sector),
    "tag": ("tags", w_tag),
    "policy-marker": ("policy_markers", w_policy_marker),
    "budget": ("budgets", w_budget),
    "planned-disbursement": ("planned_disbursements", w_planned_disbursement),
    "transaction": ("transactions", w_transaction),
    "document-link": ("documents", w_document),
    "related-activity": ("related", w_related),
}
SINGLE_CODES = {
    "activity-status": "activity_status",
    "activity-scope": "activity_scope",
    "collaboration-type": "collaboration_type",
    "default-flow-type": "default_flow_type",
    "default-finance-type": "default_finance_type",
    "default-tied-status": "default_tied_status",
}


# -- results ---------------------------------------------------------------------------------
def _measured(parent, tag: str, item: dict) -> None:
    attributes = {"year": item.get("year"), "iso-date": item.get("iso_date")}
    attributes["value"] = item.get("value")
    attributes.update(item.get("attributes") or {})
    element = sub(parent, tag, attributes, keep=("value", "year", "iso-date"))
    extra = [fragment(xml) for xml in item.get("xml") or []]
    for child in extra:
        if child.tag in ("location", "dimension"):
            element.append(child)
    if item.get("comment") is not None:
        narrative_element(element, "comment", item["comment"])
    for child in extra:
        if child.tag not in ("location", "dimension"):
            element.append(child)


def _split(extra_xml: str, known: tuple) -> tuple[list, list]:
    children = fragments(extra_xml)
    return [c for c in children if c.tag in known], [c for c in children if c.tag not in known]


def w_result(parent, result, indicators, periods):
    attributes = {"type": result["type"]}
    if result["aggregation_status"] is not None:
        attributes["aggregation-status"] = boolean(result["aggregation_status"])
    element = sub(parent, "result", attributes)
    narrative_element(element, "title", result["title"])
    if result["description"]:
        narrative_element(element, "description", result["description"])
    known, other = _split(result["extra_xml"], ("document-link", "reference"))
    element.extend(known)
    for indicator in indicators.get(result["pk"], []):
        attributes = {"measure": indicator["measure"]}
        for name in ("ascending", "aggregation_status"):
            if indicator[name] is not None:
                attributes[name.replace("_", "-")] = boolean(indicator[name])
        ind = sub(element, "indicator", attributes)
        narrative_element(ind, "title", indicator["title"])
        if indicator["description"]:
            narrative_element(ind, "description", indicator["description"])
        ind_known, ind_other = _split(indicator["extra_xml"], ("document-link", "reference"))
        ind.extend(ind_known)
        for baseline in indicator["baselines"] or []:
            _measured(ind, "baseline", baseline)
        for period in periods.get(indicator["pk"], []):
            per = sub(ind, "period")
            sub(per, "period-start", {"iso-date": iso(period["period_start"])})
            sub(per, "period-end", {"iso-date": iso(period["period_end"])})
            for target in period["targets"] or []:
                _measured(per, "target", target)
            for actual in period["actuals"] or []:
                _measured(per, "actual", actual)
            per.extend(fragments(period["extra_xml"]))
        ind.extend(ind_other)
    element.extend(other)


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

    def load(self, pks: list[int]) -> tuple[list, dict, dict, dict]:
        activities = list(
            Activity.objects.filter(pk__in=pks).order_by("pk").values(*ACTIVITY_FIELDS)
        )
        parts: dict[str, dict] = {}
        for name, model in PART_MODELS.items():
            rows = defaultdict(list)
            for row in (
                model.objects.filter(activity_id__in=pks)
                .order_by("activity_id", "sequence")
                .values()
            ):
                rows[row["activity_id"]].append(row)
            parts[name] = rows
        results = defaultdict(list)
        for row in (
            Result.objects.filter(activity_id__in=pks).order_by("activity_id", "sequence").values()
        ):
            row["pk"] = row["id"]
            results[row["activity_id"]].append(row)
        indicators = defaultdict(list)
        periods = defaultdict(list)
        result_ids = [row["pk"] for rows in results.values() for row in rows]
        if result_ids:
            for row in (
                Indicator.objects.filter(result_id__in=result_ids)
                .order_by("result_id", "sequence")
                .values()
            ):
                row["pk"] = row["id"]
                indicators[row["result_id"]].append(row)
            for row in (
                IndicatorPeriod.objects.filter(indicator__result_id__in=result_ids)
                .order_by("indicator_id", "sequence")
                .values()
            ):
                periods[row["indicator_id"]].append(row)
        return activities, parts, results, (indicators, periods)

    def build(self, activity: dict, parts: dict, results: list, nested: tuple):
        attributes = {
            "last-updated-datetime": iso(activity["last_updated_datetime"]),
            XML_LANG: activity["default_lang"],
            "default-currency": activity["default_currency"],
            "humanitarian": None
            if activity["humanitarian"] is None
            else boolean(activity["humanitarian"]),
            "hierarchy": activity["hierarchy"],
            "linked-data-uri": activity["linked_data_uri"],
            "budget-not-provided": activity["budget_not_provided"],
        }
        element = etree.Element("iati-activity")
        for key, value in attributes.items():
            if value is not None and value != "":
                element.set(key, str(value))
        preserved = defaultdict(list)
        replaces = {}
        foreign = []
        for entry in activity["preserved_xml"] or []:
            if "attributes" in entry:
                for key, value in entry["attributes"].items():
                    element.set(key, value)
            elif "replaces" in entry:
                replaces[(entry["tag"], entry["replaces"])] = entry["xml"]
            elif entry.get("tag") in SLOTS:
                preserved[entry["tag"]].append(entry["xml"])
            else:
                foreign.append(entry["xml"])
        organisation = self.organisation(activity["reporting_org_id"])
        for tag in ACTIVITY_ORDER:
            replacement = replaces.get((tag, 0))
            if tag == "iati-identifier":
                sub(element, tag, text=activity["iati_identifier"])
            elif tag == "reporting-org":
                if (
                    replacement
                    and fragment(replacement).get("ref") == organisation["iati_identifier"]
                ):
                    element.append(fragment(replacement))
                else:
                    names = []
                    if organisation["name_en"]:
                        names.append({"lang": "en", "text": organisation["name_en"]})
                    if organisation["name_ja"]:
                        names.append({"lang": "ja", "text": organisation["name_ja"]})
                    attributes = {
                        "ref": organisation["iati_identifier"],
                        "type": organisation["iati_type"],
                    }
                    if activity["reporting_org_secondary"]:
                        attributes["secondary-reporter"] = "1"
                    narrative_element(element, tag, names, attributes)
            elif tag == "title":
                if replacement:
                    element.append(fragment(replacement))
                else:
                    narrative_element(element, tag, activity["title"])
            elif tag in WRITERS:
                name, writer = WRITERS[tag]
                for index, row in enumerate(parts[name].get(activity["pk"], ())):
                    xml = replaces.get((tag, index))
                    if xml:
                        element.append(fragment(xml))
                    else:
                        writer(element, row)
            elif tag in SINGLE_CODES:
                if replacement:
                    element.append(fragment(replacement))
                elif activity[SINGLE_CODES[tag]]:
                    sub(element, tag, {"code": activity[SINGLE_CODES[tag]]})
            elif tag == "activity-date":
                kept = [fragment(xml) for xml in preserved.pop(tag, [])]
                covered = {child.get("type") for child in kept}
                for code, name in DATE_TYPES:
                    if activity[name] and code not in covered:
                        sub(element, tag, {"type": code, "iso-date": iso(activity[name])})
                element.extend(kept)
            elif tag == "default-aid-type":
                for aid in activity["default_aid_types"] or []:
                    sub(
                        element, tag, {"code": aid.get("code"), "vocabulary": aid.get("vocabulary")}
                    )
            elif tag == "result":
                indicators, periods = nested
                for result in results:
                    w_result(element, result, indicators, periods)
            for xml in preserved.get(tag, ()):
                element.append(fragment(xml))
        for xml in foreign:
            element.append(fragment(xml))
        return element


def export_activities(output, queryset: QuerySet | None = None, chunk: int = CHUNK) -> int:
    """Write the activities of `queryset` (default: all) to `output` (a path or binary file)."""
    queryset = Activity.objects.all() if queryset is None else queryset
    exporter = Exporter()
    count = 0
    root_attributes = {"version": "2.03", "generated-datetime": timezone.now().isoformat()}
    with etree.xmlfile(output, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", root_attributes):
            last = 0
            while True:
                pks = list(
                    queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk]
                )
                if not pks:
                    break
                last = pks[-1]
                activities, parts, results, nested = exporter.load(pks)
                for activity in activities:
                    element = exporter.build(
                        activity, parts, results.get(activity["pk"], []), nested
                    )
                    xf.write(element)
                    xf.write("\n")
                    count += 1
    return count


def activities_for(reporting_org: str | None = None) -> QuerySet:
    queryset = Activity.objects.all()
    if reporting_org:
        queryset = queryset.filter(reporting_org__iati_identifier=reporting_org)
    return queryset
