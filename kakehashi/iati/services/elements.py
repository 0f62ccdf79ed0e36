"""Mappers of the modelled IATI elements (parts of an activity) to plain field dicts.

Each mapper walks the element's children once, dispatching on the tag, and returns
`(fields, lossless)`: `lossless` is False when the element carries something the models cannot
hold (an attribute or child beyond what is mapped), so that the caller keeps it whole as XML.
Values that cannot be read raise MappingError.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from json.encoder import c_make_encoder, encode_basestring_ascii

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_date = date.fromisoformat

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


# json.dumps as Django's JSONField does it, without building an encoder for every value.
_encode = c_make_encoder and c_make_encoder(
    None, json.JSONEncoder().default, encode_basestring_ascii, None, ": ", ", ", False, False, True
)


def dumps(value) -> str:
    if value.__class__ is list and len(value) == 1:  # the usual: one narrative, built here
        item = value[0]
        if item.__class__ is dict and len(item) == 2 and next(iter(item)) == "lang":
            lang, text = item["lang"], item.get("text")
            if lang.__class__ is str and text.__class__ is str:
                return f'[{{"lang": {_quote(lang)}, "text": {_quote(text)}}}]'
    return "".join(_encode(value, 0)) if _encode else json.dumps(value)


_quote = encode_basestring_ascii


class MappingError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


# -- values ------------------------------------------------------------------------------------
def raw_xml(element) -> str:
    """The element as XML, without the namespace declarations it inherited but does not use
    (serialised, an element declares every namespace in scope)."""
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    nsmap = element.nsmap
    if not nsmap:
        return text
    # The declarations of unused prefixes taken out of the start tag, which is what a copy
    # cleaned of them gives (a copy cost 3 µs an element); a copy where this cannot tell.
    end = text.find(">")
    head = text[:end]
    if None not in nsmap and "xmlns" not in text[end:]:
        for prefix, uri in nsmap.items():
            if f"<{prefix}:" in text or f" {prefix}:" in text:
                continue  # used (or named in a text: kept, harmlessly)
            declaration = f' xmlns:{prefix}="{uri}"'  # (not found if written escaped)
            if declaration not in head:
                break
            head = head.replace(declaration, "", 1)
        else:
            return head + text[end:]
    element = copy.deepcopy(element)
    etree.cleanup_namespaces(element)
    return etree.tostring(element, encoding="unicode", with_tail=False)


def parse_date(value: str | None, what: str, line=None) -> date | None:
    if not value:
        return None
    try:
        return _date(value[:10]) if len(value) == 10 else _date(value.strip()[:10])
    except ValueError:
        raise MappingError(f"{what}: {value.strip()!r} is not a date (YYYY-MM-DD)", line) from None


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


# -- lossless checks -----------------------------------------------------------------------------
def _bare(element) -> bool:
    """No element children (comments and processing instructions are not data)."""
    return not len(element) or not any(isinstance(c.tag, str) for c in element)


def plain(element, allowed: frozenset) -> bool:
    """Only `allowed` attributes and no element children."""
    return allowed.issuperset(element.keys()) and _bare(element)


NO_ATTRIBUTES: frozenset = frozenset()
LANG_ONLY = frozenset({XML_LANG})


def narratives(element) -> list[dict]:
    return read_narratives(element)[0] if element is not None else []


def read_narratives(element, allowed: frozenset = NO_ATTRIBUTES) -> tuple[list[dict], bool]:
    """The narratives of `element` and whether it holds nothing else (beyond `allowed`)."""
    items = []
    ok = allowed.issuperset(element.keys())
    for child in element:
        tag = child.tag
        if tag == "narrative":
            attrib = child.attrib
            if attrib:
                lang = attrib.get(XML_LANG) or ""
                if len(attrib) > 1 or XML_LANG not in attrib:
                    ok = False
            else:
                lang = ""
            if len(child) and not _bare(child):
                ok = False
            items.append({"lang": lang, "text": child.text or ""})
        elif isinstance(tag, str):
            ok = False
    return items, ok


# -- parts ---------------------------------------------------------------------------------------
CODE = frozenset({"code"})
CODE_VOCABULARY = frozenset({"code", "vocabulary"})
VALUE = frozenset({"currency", "value-date"})
ISO_DATE = frozenset({"iso-date"})
ORG = frozenset({"ref", "type", "provider-activity-id", "receiver-activity-id"})
VOCAB_CODE = frozenset({"code", "vocabulary", "vocabulary-uri"})
TRANSACTION = frozenset({"ref", "humanitarian"})


# prefix -> (the fields' names, the activity-id attribute): not formatted for every element
_ORG_NAMES = {
    prefix: ((f"{prefix}_ref", f"{prefix}_type", f"{prefix}_activity_id", f"{prefix}_narratives"),
             f"{prefix}-activity-id")
    for prefix in ("provider", "receiver")
}  # fmt: skip


def org_fields(element, prefix: str, data: dict) -> bool:
    names, ok = read_narratives(element, ORG)
    (ref, kind, activity, narratives_), attribute = _ORG_NAMES[prefix]
    get = element.get
    data[ref] = get("ref") or ""
    data[kind] = get("type") or ""
    data[activity] = get(attribute) or ""
    data[narratives_] = names
    return ok


def no_org(prefix: str, data: dict) -> None:
    ref, kind, activity, narratives_ = _ORG_NAMES[prefix][0]
    data[ref] = data[kind] = data[activity] = ""
    data[narratives_] = []


def value_fields(element, what: str, data: dict) -> None:
    if element is None:
        raise MappingError(f"{what}: no value")
    text, get = element.text, element.get
    try:  # (the messages, with the element's line, only for a value that fails)
        amount = parse_decimal(text, what)
        value_date = parse_date(get("value-date"), what)
    except MappingError:
        parse_decimal(text, f"{what} value", element.sourceline)
        parse_date(get("value-date"), f"{what} value-date")
        raise
    if amount is None:
        raise MappingError(f"{what}: empty value", element.sourceline)
    data["value"] = amount
    data["currency"] = (get("currency") or "").strip()
    data["value_date"] = value_date


def map_transaction(el) -> tuple[dict, bool]:
    line = el.sourceline
    ok = TRANSACTION.issuperset(el.keys())
    kind = when = value = provider = receiver = description = region = None
    codes: dict = {}
    sectors, aid_types = [], []
    data = {"ref": el.get("ref") or "", "humanitarian": parse_bool(el.get("humanitarian"))}
    for child in el:
        tag = child.tag
        if tag == "transaction-type":
            if kind is None:
                kind = (child.get("code") or "").strip()
                if kind.upper() in LEGACY_TRANSACTION_TYPES:
                    kind = LEGACY_TRANSACTION_TYPES[kind.upper()]
                    child.set("code", kind)  # so a preserved copy is 2.03 too
            ok = ok and plain(child, CODE)
        elif tag == "transaction-date":
            when = child if when is None else when
            ok = ok and plain(child, ISO_DATE)
        elif tag == "value":
            value = child if value is None else value
            ok = ok and plain(child, VALUE)
        elif tag == "provider-org":
            if provider is None:
                provider = child
                ok = org_fields(child, "provider", data) and ok
            else:
                ok = ok and read_narratives(child, ORG)[1]
        elif tag == "receiver-org":
            if receiver is None:
                receiver = child
                ok = org_fields(child, "receiver", data) and ok
            else:
                ok = ok and read_narratives(child, ORG)[1]
        elif tag == "sector":
            names, plain_sector = read_narratives(child, VOCAB_CODE)
            ok = ok and plain_sector
            sectors.append(
                {
                    "code": child.get("code") or "",
                    "vocabulary": child.get("vocabulary") or "",
                    "vocabulary_uri": child.get("vocabulary-uri") or "",
                    "narratives": names,
                }
            )
        elif tag == "description":
            names, plain_description = read_narratives(child)
            description = names if description is None else description
            ok = ok and plain_description
        elif tag == "aid-type":
            aid_types.append(
                {"code": child.get("code") or "", "vocabulary": child.get("vocabulary") or ""}
            )
            ok = ok and plain(child, CODE_VOCABULARY)
        elif tag == "recipient-region":
            region = child if region is None else region
            ok = ok and plain(child, CODE_VOCABULARY)
        elif tag in TRANSACTION_CODES:
            if tag not in codes:
                codes[tag] = (child.get("code") or "").strip()
            ok = ok and plain(child, CODE)
        elif isinstance(tag, str):
            ok = False
    if not kind:
        raise MappingError("transaction without a transaction-type code", line)
    when = parse_date(when.get("iso-date") if when is not None else None, "transaction-date", line)
    if when is None:
        raise MappingError("transaction without a transaction-date", line)
    data["type"] = kind
    data["date"] = when
    value_fields(value, "transaction", data)
    data["description"] = description or []
    if provider is None:
        no_org("provider", data)
    if receiver is None:
        no_org("receiver", data)
    data.update(NO_TRANSACTION_CODES)
    for tag, code in codes.items():
        data[TRANSACTION_CODES[tag]] = code
    data["sectors"] = sectors
    data["recipient_region"] = (region.get("code") or "") if region is not None else ""
    data["recipient_region_vocabulary"] = (
        (region.get("vocabulary") or "") if region is not None else ""
    )
    data["aid_types"] = aid_types
    return data, ok


TRANSACTION_CODES = {
    "disbursement-channel": "disbursement_channel",
    "recipient-country": "recipient_country",
    "flow-type": "flow_type",
    "finance-type": "finance_type",
    "tied-status": "tied_status",
}
NO_TRANSACTION_CODES = dict.fromkeys(TRANSACTION_CODES.values(), "")


PERIOD_PARTS = {"period-start": ISO_DATE, "period-end": ISO_DATE, "value": VALUE}


def period_part(child, found: dict) -> bool | None:
    """A period-start, period-end or value child: the first of each kind is kept in `found`;
    whether it is plain. None for any other child."""
    allowed = PERIOD_PARTS.get(child.tag)
    if allowed is None:
        return None
    found.setdefault(child.tag, child)
    return plain(child, allowed)


def _periodic(el, what: str, data: dict, orgs: bool) -> bool:
    """period-start, period-end, value (and provider/receiver orgs) of a budget-like element."""
    found: dict = {}
    provider = receiver = None
    ok = True
    for child in el:
        tag = child.tag
        part = period_part(child, found)
        if part is not None:
            ok = ok and part
        elif orgs and tag == "provider-org" and provider is None:
            provider = child
            ok = org_fields(child, "provider", data) and ok
        elif orgs and tag == "receiver-org" and receiver is None:
            receiver = child
            ok = org_fields(child, "receiver", data) and ok
        elif orgs and tag in ("provider-org", "receiver-org"):
            ok = ok and read_narratives(child, ORG)[1]
        elif isinstance(tag, str):
            ok = False
    start, end = found.get("period-start"), found.get("period-end")
    data["period_start"] = parse_date(
        start.get("iso-date") if start is not None else None, f"{what} period-start"
    )
    data["period_end"] = parse_date(
        end.get("iso-date") if end is not None else None, f"{what} period-end"
    )
    value_fields(found.get("value"), what, data)
    if orgs:
        if provider is None:
            no_org("provider", data)
        if receiver is None:
            no_org("receiver", data)
    return ok


BUDGET = frozenset({"type", "status"})
TYPE_ONLY = frozenset({"type"})


def map_budget(el) -> tuple[dict, bool]:
    data = {"type": el.get("type") or "", "status": el.get("status") or ""}
    ok = _periodic(el, "budget", data, False) and BUDGET.issuperset(el.keys())
    if data["period_start"] is None or data["period_end"] is None:
        raise MappingError("budget without period-start or period-end", el.sourceline)
    return data, ok


def map_planned_disbursement(el) -> tuple[dict, bool]:
    data = {"type": el.get("type") or ""}
    ok = _periodic(el, "planned-disbursement", data, True) and TYPE_ONLY.issuperset(el.keys())
    if data["period_start"] is None:
        raise MappingError("planned-disbursement without period-start", el.sourceline)
    return data, ok


DOCUMENT = frozenset({"url", "format"})


def map_document(el) -> tuple[dict, bool]:
    ok = DOCUMENT.issuperset(el.keys())
    title = description = document_date = None
    categories, languages = [], []
    for child in el:
        tag = child.tag
        if tag == "title":
            names, plain_title = read_narratives(child)
            title = names if title is None else title
            ok = ok and plain_title
        elif tag == "description":
            names, plain_description = read_narratives(child)
            description = names if description is None else description
            ok = ok and plain_description
        elif tag == "category":
            categories.append(child.get("code") or "")
            ok = ok and plain(child, CODE)
        elif tag == "language":
            languages.append(child.get("code") or "")
            ok = ok and plain(child, CODE)
        elif tag == "document-date":
            document_date = child if document_date is None else document_date
            ok = ok and plain(child, ISO_DATE)
        elif isinstance(tag, str):
            ok = False
    data = {
        "url": (el.get("url") or "").strip(),
        "format": el.get("format") or "",
        "title": title or [],
        "description": description or [],
        "categories": categories,
        "languages": languages,
        "document_date": parse_date(
            document_date.get("iso-date") if document_date is not None else None, "document-date"
        ),
    }
    return data, ok


def map_location(el) -> tuple[dict, bool]:
    latitude = longitude = None
    pos = el.findtext("point/pos")
    if pos:
        try:
            lat, lon = (Decimal(p) for p in pos.split())
            if abs(lat) <= 90 and abs(lon) <= 180:
                latitude, longitude = round(lat, 6), round(lon, 6)
        except (ValueError, InvalidOperation):
            pass
    data = {
        "ref": el.get("ref") or "",
        "name": narratives(el.find("name")),
        "description": narratives(el.find("description")),
        "latitude": latitude,
        "longitude": longitude,
        "xml": raw_xml(el),
    }
    return data, True  # kept whole in Location.xml


def simple(attributes: list[tuple[str, str]], percentage: bool = False):
    """A mapper for an element with attributes and narratives only."""
    allowed = frozenset(name for name, _field in attributes) | (
        {"percentage"} if percentage else set()
    )

    def mapper(el) -> tuple[dict, bool]:
        names, ok = read_narratives(el, allowed)
        data = {"narratives": names}
        get = el.get
        for attribute, name in attributes:
            data[name] = get(attribute) or ""
        if percentage:
            try:
                data["percentage"] = parse_decimal(get("percentage"), "percentage")
            except MappingError:
                parse_decimal(get("percentage"), f"{el.tag} percentage")
                raise
        return data, ok

    return mapper


def map_related(el) -> tuple[dict, bool]:
    data = {"ref": el.get("ref") or "", "type": el.get("type") or ""}
    return data, plain(el, TYPE_ONLY | {"ref"})


VOCABULARY = [("code", "code"), ("vocabulary", "vocabulary"), ("vocabulary-uri", "vocabulary_uri")]
MAPPERS = {
    # tag: (part list, mapper)
    "description": ("descriptions", simple([("type", "type")])),
    "participating-org": (
        "participants",
        simple(
            [
                ("role", "role"),
                ("ref", "ref"),
                ("type", "type"),
                ("activity-id", "org_activity_id"),
                ("crs-channel-code", "crs_channel_code"),
            ]
        ),
    ),
    "recipient-country": ("recipient_countries", simple([("code", "country_code")], True)),
    "recipient-region": ("recipient_regions", simple(VOCABULARY, True)),
    "sector": ("sectors", simple(VOCABULARY, True)),
    "tag": ("tags", simple(VOCABULARY)),
    "policy-marker": ("policy_markers", simple([*VOCABULARY, ("significance", "significance")])),
    "location": ("locations", map_location),
    "budget": ("budgets", map_budget),
    "planned-disbursement": ("planned_disbursements", map_planned_disbursement),
    "transaction": ("transactions", map_transaction),
    "document-link": ("documents", map_document),
    "related-activity": ("related", map_related),
}
PART_LISTS = [name for name, _mapper in MAPPERS.values()]
