"""IATI `iati-organisation` element -> plain dicts shaped like the organisation-file models.

`map_organisation(element, version)` returns an `OrganisationData`: the names, the file's own
data (`OrganisationIati` fields), budgets (four kinds, with their lines), expenditure (with
expense lines) and documents, in document order, and `preserved`: what the models do not
hold, as XML, as the activity mapping does. A modelled element carrying more than the models
hold (an extension attribute on a budget, xsi:type on the identifier…) is mapped *and* kept
whole (`replaces`), so export writes it back as published.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from kakehashi.iati.services.elements import (
    CODE,
    LANG_ONLY,
    NO_ATTRIBUTES,
    VALUE,
    XML_LANG,
    MappingError,
    map_document,
    parse_bool,
    parse_date,
    parse_datetime,
    period_part,
    plain,
    read_narratives,
    value_fields,
)

# Children of iati-organisation in the order the 2.03 schema fixes.
ORGANISATION_ORDER = [
    "organisation-identifier", "name", "reporting-org", "total-budget", "recipient-org-budget",
    "recipient-region-budget", "recipient-country-budget", "total-expenditure", "document-link",
]  # fmt: skip
BUDGET_KINDS = {
    "total-budget": "total",
    "recipient-org-budget": "recipient_org",
    "recipient-region-budget": "recipient_region",
    "recipient-country-budget": "recipient_country",
}
BUDGET_TAGS = {kind: tag for tag, kind in BUDGET_KINDS.items()}
# The recipient child of each kind of budget and the attributes the models hold for it.
RECIPIENTS = {
    "recipient_org": ("recipient-org", frozenset({"ref"})),
    "recipient_region": ("recipient-region", frozenset({"code", "vocabulary", "vocabulary-uri"})),
    "recipient_country": ("recipient-country", CODE),
}
ORGANISATION_ATTRIBUTES = frozenset({"last-updated-datetime", XML_LANG, "default-currency"})
REPORTING_ORG = frozenset({"ref", "type", "secondary-reporter"})
STATUS = frozenset({"status"})
REF = frozenset({"ref"})


@dataclass
class OrganisationData:
    identifier: str
    line: int | None
    names: list  # every name narrative, as published
    fields: dict  # OrganisationIati fields
    budgets: list = field(default_factory=list)  # [{fields…, "lines": [...]}]
    expenditures: list = field(default_factory=list)
    documents: list = field(default_factory=list)


def raw_xml(element) -> str:
    """The element as XML, with the namespace declarations it needs (and those written on it:
    a value such as xsi:type="xs:string" uses a prefix no tool can see is used)."""
    element = copy.deepcopy(element)
    parent_map = element.getparent().nsmap if element.getparent() is not None else {}
    own = [prefix for prefix, uri in element.nsmap.items() if parent_map.get(prefix) != uri]
    etree.cleanup_namespaces(element, keep_ns_prefixes=[p for p in own if p])
    return etree.tostring(element, encoding="unicode", with_tail=False)


def _money(element, what: str, default_currency: str, data: dict) -> None:
    value_fields(element, what, data)
    data["currency_is_default"] = not data["currency"]
    if not data["currency"]:
        data["currency"] = default_currency


def _line(el, what: str, default_currency: str) -> tuple[dict, bool]:
    """A budget-line or expense-line: value and narratives."""
    value = None
    ok = REF.issuperset(el.keys())
    for child in el:
        if child.tag == "value":
            value = child if value is None else value
            ok = ok and plain(child, VALUE)
        elif child.tag == "narrative":
            ok = ok and plain(child, LANG_ONLY)
        elif isinstance(child.tag, str):
            ok = False
    data = {"ref": el.get("ref") or "", "narratives": read_narratives(el)[0]}
    _money(value, what, default_currency, data)
    return data, ok


def _periodic(
    el, what: str, default_currency: str, data: dict, line_tag: str, recipient: str = ""
) -> bool:
    """period-start, period-end, value and lines of a budget or an expenditure."""
    found: dict = {}
    ok = True
    lines = data["lines"] = []
    for child in el:
        tag = child.tag
        part = period_part(child, found)
        if part is not None:
            ok = ok and part
        elif tag == line_tag:
            line, plain_line = _line(child, f"{what} {line_tag}", default_currency)
            lines.append(line)
            ok = ok and plain_line
        elif isinstance(tag, str) and tag != recipient:
            ok = False
    for name, element in (
        ("period_start", found.get("period-start")),
        ("period_end", found.get("period-end")),
    ):
        data[name] = parse_date(
            element.get("iso-date") if element is not None else None,
            f"{what} {name.replace('_', '-')}",
        )
        if data[name] is None:
            raise MappingError(f"{what} without {name.replace('_', '-')}", el.sourceline)
    _money(found.get("value"), what, default_currency, data)
    return ok


def map_budget(el, default_currency: str) -> tuple[dict, bool]:
    kind = BUDGET_KINDS[el.tag]
    data = {
        "kind": kind,
        "status": el.get("status") or "",
        "recipient_ref": "",
        "recipient_vocabulary": "",
        "recipient_vocabulary_uri": "",
        "recipient_narratives": [],
    }
    ok = STATUS.issuperset(el.keys())
    tag = ""
    if kind in RECIPIENTS:
        tag, allowed = RECIPIENTS[kind]
        recipient = el.find(tag)
        if recipient is not None:
            names, ok_names = read_narratives(recipient, allowed)
            ok = ok and ok_names and len(el.findall(tag)) == 1
            data["recipient_ref"] = (
                recipient.get("ref" if kind == "recipient_org" else "code") or ""
            )
            data["recipient_vocabulary"] = recipient.get("vocabulary") or ""
            data["recipient_vocabulary_uri"] = recipient.get("vocabulary-uri") or ""
            data["recipient_narratives"] = names
    ok = _periodic(el, el.tag, default_currency, data, "budget-line", tag) and ok
    return data, ok


def map_expenditure(el, default_currency: str) -> tuple[dict, bool]:
    data: dict = {}
    ok = _periodic(el, "total-expenditure", default_currency, data, "expense-line")
    return data, ok and not el.keys()


def map_organisation_document(el) -> tuple[dict, bool]:
    """A document-link: as an activity's, plus the recipient countries it concerns."""
    countries = []
    ok = True
    if el.find("recipient-country") is not None:
        el = copy.deepcopy(el)
        for child in el.findall("recipient-country"):
            names, plain_country = read_narratives(child, CODE)
            countries.append({"code": child.get("code") or "", "narratives": names})
            ok = ok and plain_country
            el.remove(child)
    data, plain_document = map_document(el)
    data["recipient_countries"] = countries
    return data, ok and plain_document


def map_organisation(element, version: str = "2.03") -> OrganisationData:
    line = element.sourceline
    identifier = (element.findtext("organisation-identifier") or "").strip()
    if not identifier:
        raise MappingError("organisation without an organisation-identifier", line)
    attrib = element.attrib
    default_currency = (attrib.get("default-currency") or "").strip()
    fields = {
        "default_lang": attrib.get(XML_LANG, ""),
        "default_currency": default_currency,
        "last_updated_datetime": parse_datetime(
            attrib.get("last-updated-datetime"), "last-updated-datetime", line
        ),
        "iati_version": version,
        "reporting_org_ref": "",
        "reporting_org_type": "",
        "reporting_org_secondary": None,
        "reporting_org_narratives": [],
    }
    preserved = []
    extra = {k: v for k, v in attrib.items() if k not in ORGANISATION_ATTRIBUTES}
    if extra:
        preserved.append({"attributes": extra})
    data = OrganisationData(identifier, line, [], fields)
    counts: dict[str, int] = {}
    previous = ""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        index = counts.get(tag, 0)
        counts[tag] = index + 1
        try:
            if tag == "organisation-identifier":
                lossless = plain(child, NO_ATTRIBUTES)
            elif tag == "name":
                data.names, lossless = read_narratives(child)
            elif tag == "reporting-org":
                names, lossless = read_narratives(child, REPORTING_ORG)
                fields["reporting_org_ref"] = (child.get("ref") or "").strip()
                fields["reporting_org_type"] = child.get("type") or ""
                fields["reporting_org_secondary"] = parse_bool(child.get("secondary-reporter"))
                fields["reporting_org_narratives"] = names
            elif tag in BUDGET_KINDS:
                row, lossless = map_budget(child, default_currency)
                data.budgets.append(row)
            elif tag == "total-expenditure":
                row, lossless = map_expenditure(child, default_currency)
                data.expenditures.append(row)
            elif tag == "document-link":
                row, lossless = map_organisation_document(child)
                data.documents.append(row)
            else:
                preserved.append({"after": previous, "tag": tag, "xml": raw_xml(child)})
                lossless = True
            if not lossless:
                preserved.append(
                    {"after": previous, "tag": tag, "replaces": index, "xml": raw_xml(child)}
                )
        except MappingError as error:
            error.line = error.line or child.sourceline
            raise
        previous = tag
    if not fields["reporting_org_ref"]:
        raise MappingError("organisation without a reporting-org ref", line)
    fields["preserved_xml"] = preserved
    return data
