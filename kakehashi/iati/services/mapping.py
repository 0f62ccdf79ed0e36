"""IATI `iati-activity` element -> plain dicts shaped like the registry models.

`map_activity(element, version)` returns an `ActivityData`: the Activity fields, the reporting
organisation, every part as a list of field dicts in document order, and `preserved`: the
elements and attributes Kakehashi does not model, as XML, written back on export in schema
order. A modelled element that carries something the models cannot hold (an extension
attribute, a narrative on a code element…) is kept whole as well (`replaces`), so nothing a
publisher wrote is lost. Values that cannot be read raise MappingError.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI 1.0x letter codes still found in 2.0x files, mapped to the 2.03 codes.
LEGACY_TRANSACTION_TYPES = {
    "IF": "1", "C": "2", "D": "3", "E": "4", "IR": "5",
    "LR": "6", "R": "7", "QP": "8", "QS": "9", "CG": "10",
}  # fmt: skip
LEGACY_ACTIVITY_DATE_TYPES = {
    "start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4",
}  # fmt: skip
LEGACY_ORGANISATION_ROLES = {
    "funding": "1", "accountable": "2", "extending": "3", "implementing": "4",
}  # fmt: skip
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

# What the models hold of each modelled element: attributes and children (recursively).
# Anything beyond this makes the element "lossy": it is then also preserved whole.
NARRATIVE = {"narrative": ({XML_LANG}, None)}
ORG = ({"ref", "type", "provider-activity-id", "receiver-activity-id"}, NARRATIVE)
CODE = ({"code"}, {})
VOCAB_CODE = ({"code", "vocabulary", "vocabulary-uri"}, NARRATIVE)
VALUE = ({"currency", "value-date"}, {})
DATE = ({"iso-date"}, {})
SPEC = {
    "title": (set(), NARRATIVE),
    "description": ({"type"}, NARRATIVE),
    "participating-org": ({"ref", "type", "role", "activity-id", "crs-channel-code"}, NARRATIVE),
    "recipient-country": ({"code", "percentage"}, NARRATIVE),
    "recipient-region": ({"code", "vocabulary", "vocabulary-uri", "percentage"}, NARRATIVE),
    "sector": ({"code", "vocabulary", "vocabulary-uri", "percentage"}, NARRATIVE),
    "tag": VOCAB_CODE,
    "policy-marker": ({"code", "vocabulary", "vocabulary-uri", "significance"}, NARRATIVE),
    "budget": (
        {"type", "status"},
        {"period-start": DATE, "period-end": DATE, "value": VALUE},
    ),
    "planned-disbursement": (
        {"type"},
        {
            "period-start": DATE,
            "period-end": DATE,
            "value": VALUE,
            "provider-org": ORG,
            "receiver-org": ORG,
        },
    ),
    "transaction": (
        {"ref", "humanitarian"},
        {
            "transaction-type": CODE,
            "transaction-date": DATE,
            "value": VALUE,
            "description": (set(), NARRATIVE),
            "provider-org": ORG,
            "receiver-org": ORG,
            "disbursement-channel": CODE,
            "sector": VOCAB_CODE,
            "recipient-country": CODE,
            "recipient-region": ({"code", "vocabulary"}, {}),
            "flow-type": CODE,
            "finance-type": CODE,
            "aid-type": ({"code", "vocabulary"}, {}),
            "tied-status": CODE,
        },
    ),
    "document-link": (
        {"url", "format"},
        {
            "title": (set(), NARRATIVE),
            "description": (set(), NARRATIVE),
            "category": CODE,
            "language": CODE,
            "document-date": DATE,
        },
    ),
    "related-activity": ({"ref", "type"}, {}),
}


class MappingError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class ActivityData:
    identifier: str
    line: int | None
    fields: dict
    reporting_org: dict
    parts: dict = field(default_factory=dict)  # related name -> [field dicts]
    results: list = field(default_factory=list)  # [{fields, indicators: [{fields, periods}]}]
    org_refs: dict = field(default_factory=dict)  # ref -> {"type", "narratives"}


def raw_xml(element) -> str:
    if element.nsmap:  # drop the declarations it inherited but does not use
        element = copy.deepcopy(element)
        etree.cleanup_namespaces(element)
    return etree.tostring(element, encoding="unicode", with_tail=False)


def narratives(element) -> list[dict]:
    if element is None:
        return []
    return [
        {"lang": n.get(XML_LANG) or "", "text": n.text or ""}
        for n in element.iterchildren("narrative")
    ]


def is_lossless(element, spec) -> bool:
    attributes, children = spec
    for name in element.attrib:
        if name not in attributes:
            return False
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if children is None:
            return False
        child_spec = children.get(tag)
        if child_spec is None or not is_lossless(child, child_spec):
            return False
    return True


def text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_date(value: str | None, what: str, line=None) -> date | None:
    if not value:
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise MappingError(f"{what}: {value!r} is not a date (YYYY-MM-DD)", line) from None


def parse_datetime(value: str | None, what: str, line=None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise MappingError(f"{what}: {value!r} is not a date and time", line) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_decimal(value: str | None, what: str, line=None) -> Decimal | None:
    if value is None or not value.strip():
        return None
    try:
        number = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise MappingError(f"{what}: {value!r} is not a number", line) from None
    if not number.is_finite():
        raise MappingError(f"{what}: {value!r} is not a number", line)
    return number


def parse_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value in ("1", "true"):
        return True
    if value in ("0", "false"):
        return False
    return None


def org_fields(element, prefix: str) -> dict:
    if element is None:
        return {}
    return {
        f"{prefix}_ref": element.get("ref") or "",
        f"{prefix}_type": element.get("type") or "",
        f"{prefix}_activity_id": element.get(f"{prefix}-activity-id") or "",
        f"{prefix}_narratives": narratives(element),
    }


def value_fields(element, what: str) -> dict:
    if element is None:
        raise MappingError(f"{what}: no value")
    amount = parse_decimal(element.text, f"{what} value", element.sourceline)
    if amount is None:
        raise MappingError(f"{what}: empty value", element.sourceline)
    return {
        "value": amount,
        "currency": (element.get("currency") or "").strip(),
        "value_date": parse_date(element.get("value-date"), f"{what} value-date"),
    }


def code_of(parent, tag: str) -> str:
    child = parent.find(tag)
    return (child.get("code") or "").strip() if child is not None else ""


def map_transaction(el) -> dict:
    line = el.sourceline
    kind = code_of(el, "transaction-type")
    if kind.upper() in LEGACY_TRANSACTION_TYPES:
        kind = LEGACY_TRANSACTION_TYPES[kind.upper()]
        el.find("transaction-type").set("code", kind)  # so a preserved copy is 2.03 too
    if not kind:
        raise MappingError("transaction without a transaction-type code", line)
    date_el = el.find("transaction-date")
    when = parse_date(
        date_el.get("iso-date") if date_el is not None else None, "transaction-date", line
    )
    if when is None:
        raise MappingError("transaction without a transaction-date", line)
    region = el.find("recipient-region")
    data = {
        "ref": el.get("ref") or "",
        "humanitarian": parse_bool(el.get("humanitarian")),
        "type": kind,
        "date": when,
        **value_fields(el.find("value"), "transaction"),
        "description": narratives(el.find("description")),
        **org_fields(el.find("provider-org"), "provider"),
        **org_fields(el.find("receiver-org"), "receiver"),
        "disbursement_channel": code_of(el, "disbursement-channel"),
        "sectors": [
            {
                "code": s.get("code") or "",
                "vocabulary": s.get("vocabulary") or "",
                "vocabulary_uri": s.get("vocabulary-uri") or "",
                "narratives": narratives(s),
            }
            for s in el.iterchildren("sector")
        ],
        "recipient_country": code_of(el, "recipient-country"),
        "recipient_region": (region.get("code") or "") if region is not None else "",
        "recipient_region_vocabulary": (region.get("vocabulary") or "")
        if region is not None
        else "",
        "flow_type": code_of(el, "flow-type"),
        "finance_type": code_of(el, "finance-type"),
        "aid_types": [
            {"code": a.get("code") or "", "vocabulary": a.get("vocabulary") or ""}
            for a in el.iterchildren("aid-type")
        ],
        "tied_status": code_of(el, "tied-status"),
    }
    return data


def _period(el, what) -> tuple:
    start = el.find("period-start")
    end = el.find("period-end")
    return (
        parse_date(start.get("iso-date") if start is not None else None, f"{what} period-start"),
        parse_date(end.get("iso-date") if end is not None else None, f"{what} period-end"),
    )


def map_budget(el) -> dict:
    start, end = _period(el, "budget")
    if start is None or end is None:
        raise MappingError("budget without period-start or period-end", el.sourceline)
    return {
        "type": el.get("type") or "",
        "status": el.get("status") or "",
        "period_start": start,
        "period_end": end,
        **value_fields(el.find("value"), "budget"),
    }


def map_planned_disbursement(el) -> dict:
    start, end = _period(el, "planned-disbursement")
    if start is None:
        raise MappingError("planned-disbursement without period-start", el.sourceline)
    return {
        "type": el.get("type") or "",
        "period_start": start,
        "period_end": end,
        **value_fields(el.find("value"), "planned-disbursement"),
        **org_fields(el.find("provider-org"), "provider"),
        **org_fields(el.find("receiver-org"), "receiver"),
    }


def map_document(el) -> dict:
    date_el = el.find("document-date")
    return {
        "url": (el.get("url") or "").strip(),
        "format": el.get("format") or "",
        "title": narratives(el.find("title")),
        "description": narratives(el.find("description")),
        "categories": [c.get("code") or "" for c in el.iterchildren("category")],
        "languages": [c.get("code") or "" for c in el.iterchildren("language")],
        "document_date": parse_date(
            date_el.get("iso-date") if date_el is not None else None, "document-date"
        ),
    }


def map_location(el) -> dict:
    latitude = longitude = None
    pos = el.findtext("point/pos")
    if pos:
        try:
            lat, lon = (Decimal(p) for p in pos.split())
            if abs(lat) <= 90 and abs(lon) <= 180:
                latitude, longitude = round(lat, 6), round(lon, 6)
        except (ValueError, InvalidOperation):
            pass
    return {
        "ref": el.get("ref") or "",
        "name": narratives(el.find("name")),
        "description": narratives(el.find("description")),
        "latitude": latitude,
        "longitude": longitude,
        "xml": raw_xml(el),
    }


def _measured(el) -> dict:
    """A baseline, target or actual: value, comment, and its other children as XML."""
    item = {"value": el.get("value"), "comment": narratives(el.find("comment"))}
    for name in ("year", "iso-date"):
        if el.get(name) is not None:
            item[name.replace("-", "_")] = el.get(name)
    extra = [raw_xml(c) for c in el if isinstance(c.tag, str) and c.tag != "comment"]
    if extra:
        item["xml"] = extra
    other = {k: v for k, v in el.attrib.items() if k not in ("value", "year", "iso-date")}
    if other:
        item["attributes"] = other
    if el.find("comment") is None:
        item["comment"] = None
    return item


def _extra(el, known: set) -> str:
    return "".join(raw_xml(c) for c in el if isinstance(c.tag, str) and c.tag not in known)


def map_result(el) -> dict:
    indicators = []
    for ind in el.iterchildren("indicator"):
        periods = []
        for period in ind.iterchildren("period"):
            start, end = _period(period, "indicator period")
            periods.append(
                {
                    "period_start": start,
                    "period_end": end,
                    "targets": [_measured(t) for t in period.iterchildren("target")],
                    "actuals": [_measured(a) for a in period.iterchildren("actual")],
                    "extra_xml": _extra(period, {"period-start", "period-end", "target", "actual"}),
                }
            )
        indicators.append(
            {
                "fields": {
                    "measure": ind.get("measure") or "",
                    "ascending": parse_bool(ind.get("ascending")),
                    "aggregation_status": parse_bool(ind.get("aggregation-status")),
                    "title": narratives(ind.find("title")),
                    "description": narratives(ind.find("description")),
                    "baselines": [_measured(b) for b in ind.iterchildren("baseline")],
                    "extra_xml": _extra(ind, {"title", "description", "baseline", "period"}),
                },
                "periods": periods,
            }
        )
    return {
        "fields": {
            "type": el.get("type") or "",
            "aggregation_status": parse_bool(el.get("aggregation-status")),
            "title": narratives(el.find("title")),
            "description": narratives(el.find("description")),
            "extra_xml": _extra(el, {"title", "description", "indicator"}),
        },
        "indicators": indicators,
    }


def _simple(kind):
    def mapper(el) -> dict:
        data = {"narratives": narratives(el)}
        for attribute, name in kind:
            data[name] = el.get(attribute) or ""
        return data

    return mapper


def _with_percentage(mapper):
    def wrapped(el) -> dict:
        data = mapper(el)
        data["percentage"] = parse_decimal(el.get("percentage"), f"{el.tag} percentage")
        return data

    return wrapped


MAPPERS = {
    # tag: (part list, mapper)
    "description": ("descriptions", _simple([("type", "type")])),
    "participating-org": (
        "participants",
        _simple(
            [
                ("role", "role"),
                ("ref", "ref"),
                ("type", "type"),
                ("activity-id", "org_activity_id"),
                ("crs-channel-code", "crs_channel_code"),
            ]
        ),
    ),
    "recipient-country": (
        "recipient_countries",
        _with_percentage(_simple([("code", "country_code")])),
    ),
    "recipient-region": (
        "recipient_regions",
        _with_percentage(
            _simple(
                [
                    ("code", "code"),
                    ("vocabulary", "vocabulary"),
                    ("vocabulary-uri", "vocabulary_uri"),
                ]
            )
        ),
    ),
    "sector": (
        "sectors",
        _with_percentage(
            _simple(
                [
                    ("code", "code"),
                    ("vocabulary", "vocabulary"),
                    ("vocabulary-uri", "vocabulary_uri"),
                ]
            )
        ),
    ),
    "tag": (
        "tags",
        _simple(
            [("code", "code"), ("vocabulary", "vocabulary"), ("vocabulary-uri", "vocabulary_uri")]
        ),
    ),
    "policy-marker": (
        "policy_markers",
        _simple(
            [
                ("code", "code"),
                ("vocabulary", "vocabulary"),
                ("vocabulary-uri", "vocabulary_uri"),
                ("significance", "significance"),
            ]
        ),
    ),
    "location": ("locations", map_location),
    "budget": ("budgets", map_budget),
    "planned-disbursement": ("planned_disbursements", map_planned_disbursement),
    "transaction": ("transactions", map_transaction),
    "document-link": ("documents", map_document),
    "related-activity": (
        "related",
        lambda el: {"ref": el.get("ref") or "", "type": el.get("type") or ""},
    ),
}
PART_LISTS = [name for name, _mapper in MAPPERS.values()]
SINGLE_CODES = {
    "activity-status": "activity_status",
    "activity-scope": "activity_scope",
    "collaboration-type": "collaboration_type",
    "default-flow-type": "default_flow_type",
    "default-finance-type": "default_finance_type",
    "default-tied-status": "default_tied_status",
}


def map_activity(element, version: str = "2.03") -> ActivityData:
    line = element.sourceline
    identifier = text(element.find("iati-identifier"))
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
                data.parts[part_list].append(mapper(child))
                spec = SPEC.get(tag)
                if spec is not None and not is_lossless(child, spec):
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
                fields["title"] = narratives(child)
                if not is_lossless(child, SPEC["title"]):
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
