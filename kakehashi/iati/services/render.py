"""IATI 2.03 XML of one activity as a string, built from plain rows (no element tree).

Each modelled element is written by a small function straight into a list of strings, with
text and attribute values escaped as libxml2 does; preserved XML (already serialised on
import) is copied as it is. The exporter checks each activity once for characters XML cannot
hold.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
KNOWN_PREFIXES = {  # the prefixes lxml picks for these
    "http://www.w3.org/2001/XMLSchema-instance": "xsi",
    "http://www.w3.org/2001/XMLSchema": "xs",
}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FRAGMENT_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False
)


def text(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#9;"}
)  # fmt: skip
_PLAIN = re.compile(r'[&<>"\n\r\t]')


def attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE) if _PLAIN.search(value) else value


def number(value: Decimal) -> str:
    result = format(value, "f")
    if "." in result:
        result = result.rstrip("0").rstrip(".")
    return result or "0"


def boolean(value: bool) -> str:
    return "1" if value else "0"


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def attributes(pairs, keep=()) -> str:
    """` name="value"` for each pair whose value is not None or "" (unless the name is kept).

    A namespaced name ("{uri}local") gets a prefix declared on the element, as lxml does."""
    out = ""
    prefixes = None
    for key, value in pairs:
        if value is None or (value == "" and key not in keep):
            continue
        if key[0] == "{":
            uri, _, local = key[1:].partition("}")
            if uri == XML_NAMESPACE:
                key = f"xml:{local}"
            else:
                prefixes = prefixes if prefixes is not None else {}
                if uri not in prefixes:
                    prefixes[uri] = KNOWN_PREFIXES.get(uri) or f"ns{len(prefixes)}"
                    out += f' xmlns:{prefixes[uri]}="{attribute(uri)}"'
                key = f"{prefixes[uri]}:{local}"
        out += f' {key}="{attribute(value if isinstance(value, str) else str(value))}"'
    return out


def element(out: list, tag: str, pairs=(), content: str | None = None, keep=()) -> None:
    if content is None:
        out.append(f"<{tag}{attributes(pairs, keep)}/>")
    else:
        out.append(f"<{tag}{attributes(pairs, keep)}>{text(content)}</{tag}>")


def narratives(out: list, items) -> None:
    for item in items or ():
        lang = item.get("lang")
        body = text(item.get("text") or "")
        if lang:
            out.append(f'<narrative xml:lang="{attribute(lang)}">{body}</narrative>')
        else:
            out.append(f"<narrative>{body}</narrative>")


def narrative_element(out: list, tag: str, items, pairs=(), keep=()) -> None:
    if not items:
        out.append(f"<{tag}{attributes(pairs, keep)}/>")
        return
    out.append(f"<{tag}{attributes(pairs, keep)}>")
    narratives(out, items)
    out.append(f"</{tag}>")


def value(out: list, row, fallback) -> None:
    """value-date is required by the schema: records made by hand may lack it."""
    when = row["value_date"] or fallback
    pairs = (("currency", row["currency"]), ("value-date", iso(when)))
    out.append(f"<value{attributes(pairs)}>{number(row['value'])}</value>")


def org(out: list, tag: str, row, prefix: str) -> None:
    ref, kind = row[f"{prefix}_ref"], row[f"{prefix}_type"]
    activity_id, names = row[f"{prefix}_activity_id"], row[f"{prefix}_narratives"]
    if ref or kind or activity_id or names:
        pairs = (("ref", ref), (f"{prefix}-activity-id", activity_id), ("type", kind))
        narrative_element(out, tag, names, pairs)


def _pct(value):
    return number(value) if value is not None else None


# -- one writer per modelled element ---------------------------------------------------------
def w_description(out, row):
    narrative_element(out, "description", row["narratives"], (("type", row["type"]),))


def w_participant(out, row):
    pairs = (
        ("ref", row["ref"]),
        ("type", row["type"]),
        ("role", row["role"]),
        ("activity-id", row["org_activity_id"]),
        ("crs-channel-code", row["crs_channel_code"]),
    )
    narrative_element(out, "participating-org", row["narratives"], pairs, ("role",))


def w_country(out, row):
    pairs = (("code", row["country_code"]), ("percentage", _pct(row["percentage"])))
    narrative_element(out, "recipient-country", row["narratives"], pairs, ("code",))


def _vocab(row, *extra) -> tuple:
    return (
        ("vocabulary", row["vocabulary"]),
        ("vocabulary-uri", row["vocabulary_uri"]),
        ("code", row["code"]),
        *extra,
    )


def w_region(out, row):
    pairs = _vocab(row, ("percentage", _pct(row["percentage"])))
    narrative_element(out, "recipient-region", row["narratives"], pairs, ("code",))


def w_sector(out, row):
    pairs = _vocab(row, ("percentage", _pct(row["percentage"])))
    narrative_element(out, "sector", row["narratives"], pairs, ("code",))


def w_tag(out, row):
    narrative_element(out, "tag", row["narratives"], _vocab(row), ("code",))


def w_policy_marker(out, row):
    pairs = _vocab(row, ("significance", row["significance"]))
    narrative_element(out, "policy-marker", row["narratives"], pairs, ("code",))


def w_location(out, row):
    if row["xml"]:
        out.append(row["xml"])
        return
    out.append(f"<location{attributes((('ref', row['ref']),))}>")
    if row["name"]:
        narrative_element(out, "name", row["name"])
    if row["description"]:
        narrative_element(out, "description", row["description"])
    if row["latitude"] is not None and row["longitude"] is not None:
        out.append(
            '<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326">'
            f"<pos>{number(row['latitude'])} {number(row['longitude'])}</pos></point>"
        )
    out.append("</location>")


def w_budget(out, row):
    out.append(f"<budget{attributes((('type', row['type']), ('status', row['status'])))}>")
    out.append(f'<period-start iso-date="{iso(row["period_start"])}"/>')
    out.append(f'<period-end iso-date="{iso(row["period_end"])}"/>')
    value(out, row, row["period_start"])
    out.append("</budget>")


def w_planned_disbursement(out, row):
    out.append(f"<planned-disbursement{attributes((('type', row['type']),))}>")
    out.append(f'<period-start iso-date="{iso(row["period_start"])}"/>')
    if row["period_end"]:
        out.append(f'<period-end iso-date="{iso(row["period_end"])}"/>')
    value(out, row, row["period_start"])
    org(out, "provider-org", row, "provider")
    org(out, "receiver-org", row, "receiver")
    out.append("</planned-disbursement>")


def w_transaction(out, row):
    humanitarian = row["humanitarian"]
    pairs = (
        ("ref", row["ref"]),
        ("humanitarian", None if humanitarian is None else boolean(humanitarian)),
    )
    out.append(f"<transaction{attributes(pairs)}>")
    out.append(f'<transaction-type code="{attribute(row["type"])}"/>')
    out.append(f'<transaction-date iso-date="{iso(row["date"])}"/>')
    value(out, row, row["date"])
    if row["description"]:
        narrative_element(out, "description", row["description"])
    org(out, "provider-org", row, "provider")
    org(out, "receiver-org", row, "receiver")
    if row["disbursement_channel"]:
        element(out, "disbursement-channel", (("code", row["disbursement_channel"]),))
    for sector in row["sectors"] or ():
        narrative_element(out, "sector", sector.get("narratives"), _vocab(sector))
    if row["recipient_country"]:
        element(out, "recipient-country", (("code", row["recipient_country"]),))
    if row["recipient_region"]:
        pairs = (
            ("code", row["recipient_region"]),
            ("vocabulary", row["recipient_region_vocabulary"]),
        )
        element(out, "recipient-region", pairs)
    if row["flow_type"]:
        element(out, "flow-type", (("code", row["flow_type"]),))
    if row["finance_type"]:
        element(out, "finance-type", (("code", row["finance_type"]),))
    for aid in row["aid_types"] or ():
        element(out, "aid-type", (("code", aid.get("code")), ("vocabulary", aid.get("vocabulary"))))
    if row["tied_status"]:
        element(out, "tied-status", (("code", row["tied_status"]),))
    out.append("</transaction>")


def w_document(out, row):
    pairs = (("url", row["url"]), ("format", row["format"]))
    out.append(f"<document-link{attributes(pairs, ('url',))}>")
    narrative_element(out, "title", row["title"])
    if row["description"]:
        narrative_element(out, "description", row["description"])
    for code in row["categories"] or ():
        element(out, "category", (("code", code),))
    for code in row["languages"] or ():
        element(out, "language", (("code", code),))
    if row["document_date"]:
        element(out, "document-date", (("iso-date", iso(row["document_date"])),))
    out.append("</document-link>")


def w_related(out, row):
    pairs = (("ref", row["ref"]), ("type", row["type"]))
    element(out, "related-activity", pairs, keep=("ref", "type"))


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


# -- results ---------------------------------------------------------------------------------
def fragments(xml: str) -> list:
    if not xml:
        return []
    wrapper = etree.fromstring(f"<wrapper>{xml}</wrapper>", FRAGMENT_PARSER)
    return [child for child in wrapper if isinstance(child.tag, str)]


def _xml(node) -> str:
    return etree.tostring(node, encoding="unicode", with_tail=False)


def _measured(out: list, tag: str, item: dict) -> None:
    pairs = [("year", item.get("year")), ("iso-date", item.get("iso_date"))]
    pairs.append(("value", item.get("value")))
    pairs.extend((item.get("attributes") or {}).items())
    pairs = list(dict(pairs).items())  # a foreign attribute may override, as set() did
    extra = item.get("xml") or []
    head = f"<{tag}{attributes(pairs, ('value', 'year', 'iso-date'))}"
    if not extra and item.get("comment") is None:
        out.append(head + "/>")
        return
    out.append(head + ">")
    tags = [etree.fromstring(xml, FRAGMENT_PARSER).tag for xml in extra]
    out.extend(xml for xml, name in zip(extra, tags, strict=True) if name in _BEFORE_COMMENT)
    if item.get("comment") is not None:
        narrative_element(out, "comment", item["comment"])
    out.extend(xml for xml, name in zip(extra, tags, strict=True) if name not in _BEFORE_COMMENT)
    out.append(f"</{tag}>")


_BEFORE_COMMENT = ("location", "dimension")


def _split(extra_xml: str, known: tuple) -> tuple[list, list]:
    children = fragments(extra_xml)
    return (
        [_xml(c) for c in children if c.tag in known],
        [_xml(c) for c in children if c.tag not in known],
    )


def w_result(out: list, result, indicators, periods) -> None:
    pairs = [("type", result["type"])]
    if result["aggregation_status"] is not None:
        pairs.append(("aggregation-status", boolean(result["aggregation_status"])))
    out.append(f"<result{attributes(pairs)}>")
    narrative_element(out, "title", result["title"])
    if result["description"]:
        narrative_element(out, "description", result["description"])
    known, other = _split(result["extra_xml"], ("document-link", "reference"))
    out.extend(known)
    for indicator in indicators.get(result["id"], ()):
        pairs = [("measure", indicator["measure"])]
        for name in ("ascending", "aggregation_status"):
            if indicator[name] is not None:
                pairs.append((name.replace("_", "-"), boolean(indicator[name])))
        out.append(f"<indicator{attributes(pairs)}>")
        narrative_element(out, "title", indicator["title"])
        if indicator["description"]:
            narrative_element(out, "description", indicator["description"])
        ind_known, ind_other = _split(indicator["extra_xml"], ("document-link", "reference"))
        out.extend(ind_known)
        for baseline in indicator["baselines"] or ():
            _measured(out, "baseline", baseline)
        for period in periods.get(indicator["id"], ()):
            out.append("<period>")
            element(out, "period-start", (("iso-date", iso(period["period_start"])),))
            element(out, "period-end", (("iso-date", iso(period["period_end"])),))
            for target in period["targets"] or ():
                _measured(out, "target", target)
            for actual in period["actuals"] or ():
                _measured(out, "actual", actual)
            out.append(period["extra_xml"] or "")
            out.append("</period>")
        out.extend(ind_other)
        out.append("</indicator>")
    out.extend(other)
    out.append("</result>")
