"""IATI `iati-activity` element -> plain dicts shaped like the registry models.

`map_activity(element, version)` returns an `ActivityData`: the Activity fields, the reporting
organisation, every part as a list of field dicts in document order, and `preserved`: the
elements and attributes Kakehashi does not model, as XML, written back on export in schema
order. A modelled element that carries something the models cannot hold (an extension
attribute, a narrative on a code element…) is kept whole as well (`replaces`), so nothing a
publisher wrote is lost. Values that cannot be read raise MappingError. The mappers of the
parts are in `elements`: each walks its element once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kakehashi.iati.services.elements import (  # noqa: F401  (re-exported)
    LEGACY_ACTIVITY_DATE_TYPES,
    LEGACY_ORGANISATION_ROLES,
    LEGACY_TRANSACTION_TYPES,
    MAPPERS,
    PART_LISTS,
    XML_LANG,
    MappingError,
    narratives,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_decimal,
    raw_xml,
    read_narratives,
)

HIERARCHY_MAX = 32767  # a positive small integer (Activity.hierarchy)
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}

# Children of iati-activity in the order the 2.03 schema fixes.
ACTIVITY_ORDER = [
    "iati-identifier", "reporting-org", "title", "description", "participating-org",
    "other-identifier", "activity-status", "activity-date", "contact-info", "activity-scope",
    "recipient-country", "recipient-region", "location", "sector", "tag",
    "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type",
    "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status",
    "budget", "planned-disbursement", "capital-spend", "transaction", "document-link",
    "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss",
]  # fmt: skip
ACTIVITY_ATTRIBUTES = {
    "last-updated-datetime", XML_LANG, "default-currency", "humanitarian", "hierarchy",
    "linked-data-uri", "budget-not-provided",
}  # fmt: skip


@dataclass
class ActivityData:
    identifier: str
    line: int | None
    fields: dict
    reporting_org: dict
    parts: dict = field(default_factory=dict)  # related name -> [field dicts]
    results: list = field(default_factory=list)  # [{fields, indicators: [{fields, periods}]}]
    org_refs: dict = field(default_factory=dict)  # ref -> {"type", "narratives"}


SINGLE_CODES = {
    "activity-status": "activity_status",
    "activity-scope": "activity_scope",
    "collaboration-type": "collaboration_type",
    "default-flow-type": "default_flow_type",
    "default-finance-type": "default_finance_type",
    "default-tied-status": "default_tied_status",
}


# -- results -------------------------------------------------------------------------------------
def _measured(el) -> dict:
    """A baseline, target or actual: value, comment, and its other children as XML."""
    item = {"value": el.get("value"), "comment": None}
    for name in ("year", "iso-date"):
        if el.get(name) is not None:
            item[name.replace("-", "_")] = el.get(name)
    extra = []
    for child in el:
        if child.tag == "comment":
            if item["comment"] is None:
                item["comment"] = narratives(child)
        elif isinstance(child.tag, str):
            extra.append(raw_xml(child))
    if extra:
        item["xml"] = extra
    other = {k: v for k, v in el.attrib.items() if k not in ("value", "year", "iso-date")}
    if other:
        item["attributes"] = other
    return item


def _period(period) -> dict:
    data = {"targets": [], "actuals": []}
    start = end = None
    extra = []
    for child in period:
        tag = child.tag
        if tag == "period-start":
            if start is None:
                start = child
        elif tag == "period-end":
            if end is None:
                end = child
        elif tag == "target":
            data["targets"].append(_measured(child))
        elif tag == "actual":
            data["actuals"].append(_measured(child))
        elif isinstance(tag, str):
            extra.append(raw_xml(child))
    data["period_start"] = parse_date(
        start.get("iso-date") if start is not None else None, "indicator period-start"
    )
    data["period_end"] = parse_date(
        end.get("iso-date") if end is not None else None, "indicator period-end"
    )
    data["extra_xml"] = "".join(extra)
    return data


def _walk(el, parts: dict) -> tuple[list, list, str]:
    """One walk over a result's or an indicator's children (find and iterchildren would each
    walk them again): each child named in `parts` ({tag: (list, mapper)}) mapped into its
    list; the narratives of the first title and description; the other children as XML."""
    title = description = None
    extra = []
    for child in el:
        tag = child.tag
        part = parts.get(tag)
        if part is not None:
            part[0].append(part[1](child))
        elif tag == "title":
            if title is None:
                title = child
        elif tag == "description":
            if description is None:
                description = child
        elif isinstance(tag, str):
            extra.append(raw_xml(child))
    return narratives(title), narratives(description), "".join(extra)


def _indicator(ind) -> dict:
    baselines, periods = [], []
    title, description, extra = _walk(
        ind, {"period": (periods, _period), "baseline": (baselines, _measured)}
    )
    return {
        "fields": {
            "measure": ind.get("measure") or "",
            "ascending": parse_bool(ind.get("ascending")),
            "aggregation_status": parse_bool(ind.get("aggregation-status")),
            "title": title,
            "description": description,
            "baselines": baselines,
            "extra_xml": extra,
        },
        "periods": periods,
    }


def map_result(el) -> dict:
    indicators: list = []
    title, description, extra = _walk(el, {"indicator": (indicators, _indicator)})
    return {
        "fields": {
            "type": el.get("type") or "",
            "aggregation_status": parse_bool(el.get("aggregation-status")),
            "title": title,
            "description": description,
            "extra_xml": extra,
        },
        "indicators": indicators,
    }


def map_activity(element, version: str = "2.03") -> ActivityData:
    line = element.sourceline
    identifier = ""
    for child in element:  # iati-identifier comes first: a short walk
        if child.tag == "iati-identifier":
            identifier = (child.text or "").strip()
            break
    if not identifier:
        raise MappingError("activity without an iati-identifier", line)
    attrib = element.attrib
    fields = {
        "iati_identifier": identifier,
        "default_lang": attrib.get(XML_LANG, ""),
        "default_currency": attrib.get("default-currency", ""),
        "humanitarian": parse_bool(attrib.get("humanitarian")),
        "budget_not_provided": attrib.get("budget-not-provided", ""),
        "linked_data_uri": attrib.get("linked-data-uri", ""),
        "last_updated_datetime": parse_datetime(
            attrib.get("last-updated-datetime"), "last-updated-datetime", line
        ),
        "iati_version": version,
        "title": [],
        "default_aid_types": [],
        "activity_status": "",
        "activity_scope": "",
        "collaboration_type": "",
        "default_flow_type": "",
        "default_finance_type": "",
        "default_tied_status": "",
        "planned_start": None,
        "actual_start": None,
        "planned_end": None,
        "actual_end": None,
        "hierarchy": None,
    }
    hierarchy = attrib.get("hierarchy")
    if hierarchy:
        try:
            fields["hierarchy"] = int(hierarchy)
        except ValueError:
            raise MappingError(f"hierarchy {hierarchy!r} is not a number", line) from None
        if not 0 <= fields["hierarchy"] <= HIERARCHY_MAX:  # what the column holds, everywhere
            raise MappingError(
                f"hierarchy {hierarchy!r} is not a level from 0 to {HIERARCHY_MAX}", line
            )
    preserved = []
    extra_attributes = {k: v for k, v in attrib.items() if k not in ACTIVITY_ATTRIBUTES}
    if extra_attributes:
        preserved.append({"attributes": extra_attributes})
    data = ActivityData(identifier, line, fields, {}, {name: [] for name in PART_LISTS})
    data.parts["descriptions"] = []
    counts: dict[str, int] = {}
    previous = ""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        index = counts.get(tag, 0)
        counts[tag] = index + 1
        entry = MAPPERS.get(tag)
        try:
            if entry is not None:
                part_list, mapper = entry
                row, lossless = mapper(child)
                data.parts[part_list].append(row)
                if not lossless:
                    preserved.append(
                        {"after": previous, "tag": tag, "replaces": index, "xml": raw_xml(child)}
                    )
            elif tag in SINGLE_CODES:
                fields[SINGLE_CODES[tag]] = (child.get("code") or "").strip()
                if len(child.attrib) > 1 or len(child):
                    preserved.append(
                        {"after": previous, "tag": tag, "replaces": 0, "xml": raw_xml(child)}
                    )
            elif tag == "title":
                fields["title"], lossless = read_narratives(child)
                if not lossless:
                    preserved.append(
                        {"after": previous, "tag": tag, "replaces": 0, "xml": raw_xml(child)}
                    )
            elif tag == "iati-identifier":
                pass
            elif tag == "reporting-org":
                data.reporting_org = {
                    "ref": (child.get("ref") or "").strip(),
                    "type": child.get("type") or "",
                    "secondary": parse_bool(child.get("secondary-reporter")) or False,
                    "narratives": narratives(child),
                }
                preserved.append(
                    {"after": previous, "tag": tag, "replaces": 0, "xml": raw_xml(child)}
                )
            elif tag == "activity-date":
                kind = child.get("type") or ""
                kind = LEGACY_ACTIVITY_DATE_TYPES.get(kind, kind)
                name = DATE_FIELDS.get(kind)
                when = parse_date(child.get("iso-date"), "activity-date", child.sourceline)
                if name and fields[name] is None and len(child) == 0 and len(child.attrib) == 2:
                    fields[name] = when
                else:
                    if name and fields[name] is None:
                        fields[name] = when
                    preserved.append({"after": previous, "tag": tag, "xml": raw_xml(child)})
            elif tag == "default-aid-type":
                fields["default_aid_types"].append(
                    {"code": child.get("code") or "", "vocabulary": child.get("vocabulary") or ""}
                )
            elif tag == "result":
                data.results.append(map_result(child))
            else:
                preserved.append({"after": previous, "tag": tag, "xml": raw_xml(child)})
        except MappingError as error:
            error.line = error.line or child.sourceline
            raise
        previous = tag
    for participant in data.parts["participants"]:
        role = participant["role"]
        participant["role"] = LEGACY_ORGANISATION_ROLES.get(role.lower(), role)
        if participant["ref"]:
            data.org_refs.setdefault(
                participant["ref"],
                {"type": participant["type"], "narratives": participant["narratives"]},
            )
    if not data.reporting_org:
        raise MappingError("activity without a reporting-org", line)
    fields["preserved_xml"] = preserved
    return data
