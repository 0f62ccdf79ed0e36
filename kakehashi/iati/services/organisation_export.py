"""Publish the registry's organisations as an IATI 2.03 organisation file, as a stream.

Every organisation with an IATI organisation identifier is written, 200 at a time (their
budgets, expenditure and documents fetched per chunk), each rendered as a string with the
activity exporter's helpers and written out. Children come in the order the 2.03 schema
fixes; what an import preserved (OrganisationIati.preserved_xml) is written back where it
was, a modelled element kept whole (`replaces`) as the publisher wrote it.

An organisation that never came from an organisation file reports itself: reporting-org is
its own identifier and IATI type (90, "Other", when the registry does not know the type: the
schema requires one).
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kakehashi.iati.services.organisation_mapping import BUDGET_TAGS, ORGANISATION_ORDER
from kakehashi.iati.services.render import (
    NOT_XML,
    attributes,
    boolean,
    element,
    iso,
    narrative_element,
    narratives,
    number,
    w_document,
)
from kakehashi.registry.models import (
    Organisation,
    OrganisationBudget,
    OrganisationExpenditure,
)

CHUNK = 200
UNKNOWN_TYPE = "90"  # OrganisationType "Other"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def exported_organisations(queryset: QuerySet | None = None) -> QuerySet:
    queryset = queryset if queryset is not None else Organisation.objects.all()
    return (
        queryset.filter(iati_identifier__isnull=False)
        .exclude(iati_identifier="")
        .select_related("iati_file")
        .prefetch_related(
            Prefetch("iati_budgets", OrganisationBudget.objects.prefetch_related("lines")),
            Prefetch(
                "iati_expenditures", OrganisationExpenditure.objects.prefetch_related("lines")
            ),
            "iati_documents",
        )
        .order_by("iati_identifier")
    )


@contextmanager
def _binary(output):
    if hasattr(output, "write"):
        yield output
    else:
        with open(output, "wb") as stream:
            yield stream


def export_organisations(output, queryset: QuerySet | None = None) -> int:
    """Write the file to `output` (a path or a binary stream); the number of organisations."""
    count = 0
    generated = timezone.now().replace(microsecond=0).isoformat()
    with _binary(output) as stream:
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(
            f'<iati-organisations version="2.03" generated-datetime="{generated}">\n'.encode()
        )
        for organisation in exported_organisations(queryset).iterator(chunk_size=CHUNK):
            stream.write(render_organisation(organisation).encode("utf-8"))
            stream.write(b"\n")
            count += 1
        stream.write(b"</iati-organisations>\n")
    return count


def _value(out: list, row) -> None:
    currency = "" if row.currency_is_default else row.currency
    pairs = (("currency", currency), ("value-date", iso(row.value_date or row.period_start)))
    out.append(f"<value{attributes(pairs)}>{number(row.value)}</value>")


def _lines(out: list, tag: str, part) -> None:
    for line in part.lines.all():
        out.append(f"<{tag}{attributes((('ref', line.ref),))}>")
        currency = "" if line.currency_is_default else line.currency
        pairs = (("currency", currency), ("value-date", iso(line.value_date or part.period_start)))
        out.append(f"<value{attributes(pairs)}>{number(line.value)}</value>")
        narratives(out, line.narratives or [{"lang": "", "text": ""}])
        out.append(f"</{tag}>")


def _periodic(out: list, part, line_tag: str) -> None:
    out.append(f'<period-start iso-date="{iso(part.period_start)}"/>')
    out.append(f'<period-end iso-date="{iso(part.period_end)}"/>')
    _value(out, part)
    _lines(out, line_tag, part)


def w_budget(out: list, budget) -> None:
    tag = BUDGET_TAGS[budget.kind]
    out.append(f"<{tag}{attributes((('status', budget.status),))}>")
    names = budget.recipient_narratives
    if budget.kind == "recipient_org":
        narrative_element(
            out, "recipient-org", names or [{"lang": "", "text": budget.recipient_ref}],
            (("ref", budget.recipient_ref),),
        )  # fmt: skip
    elif budget.kind == "recipient_region":
        pairs = (
            ("vocabulary", budget.recipient_vocabulary),
            ("vocabulary-uri", budget.recipient_vocabulary_uri),
            ("code", budget.recipient_ref),
        )
        narrative_element(out, "recipient-region", names, pairs)
    elif budget.kind == "recipient_country":
        narrative_element(
            out, "recipient-country", names, (("code", budget.recipient_ref),), ("code",)
        )
    _periodic(out, budget, "budget-line")
    out.append(f"</{tag}>")


def w_expenditure(out: list, expenditure) -> None:
    out.append("<total-expenditure>")
    _periodic(out, expenditure, "expense-line")
    out.append("</total-expenditure>")


def w_organisation_document(out: list, document) -> None:
    row = {name: getattr(document, name) for name in (
        "url", "format", "title", "description", "categories", "languages", "document_date",
    )}  # fmt: skip
    inner: list = []
    w_document(inner, row)
    inner.pop()  # </document-link>: the recipient countries come last
    out.extend(inner)
    for country in document.recipient_countries or ():
        narrative_element(
            out, "recipient-country", country.get("narratives"), (("code", country["code"]),)
        )
    out.append("</document-link>")


def _names(organisation) -> list[dict]:
    """The name narratives as published, and the registry's names not among them."""
    record = getattr(organisation, "iati_file", None)
    names = list(record.names) if record is not None else []
    texts = {(n.get("text") or "").strip() for n in names}
    for lang in ("en", "ja"):
        name = getattr(organisation, f"name_{lang}")
        if name and name not in texts:
            names.append({"lang": lang, "text": name})
    return names


def render_organisation(organisation) -> str:
    record = getattr(organisation, "iati_file", None)
    pairs = []
    if record is not None:
        pairs = [
            ("last-updated-datetime", iso(record.last_updated_datetime)),
            (XML_LANG, record.default_lang),
            ("default-currency", record.default_currency),
        ]
    preserved, replaces, foreign, keep = defaultdict(list), {}, [], ()
    for entry in record.preserved_xml if record is not None else ():
        if "attributes" in entry:
            pairs.extend(entry["attributes"].items())
            keep += tuple(entry["attributes"])
        elif "replaces" in entry:
            replaces[(entry["tag"], entry["replaces"])] = entry["xml"]
        elif entry.get("tag") in ORGANISATION_ORDER:
            preserved[entry["tag"]].append(entry["xml"])
        else:
            foreign.append(entry["xml"])
    out = [f"<iati-organisation{attributes(list(dict(pairs).items()), keep)}>"]
    budgets = defaultdict(list)
    for budget in organisation.iati_budgets.all():
        budgets[BUDGET_TAGS[budget.kind]].append(budget)
    parts = {
        **budgets,
        "total-expenditure": list(organisation.iati_expenditures.all()),
        "document-link": list(organisation.iati_documents.all()),
    }
    for tag in ORGANISATION_ORDER:
        replacement = replaces.get((tag, 0))
        if tag in parts:
            writer = {"total-expenditure": w_expenditure, "document-link": w_organisation_document}
            for index, row in enumerate(parts[tag]):
                xml = replaces.get((tag, index))
                if xml:
                    out.append(xml)
                else:
                    writer.get(tag, w_budget)(out, row)
        elif replacement:
            out.append(replacement)
        elif tag == "organisation-identifier":
            element(out, tag, content=organisation.iati_identifier)
        elif tag == "name":
            narrative_element(out, tag, _names(organisation))
        elif tag == "reporting-org":
            _reporting_org(out, organisation, record)
        out.extend(preserved.get(tag, ()))
    out.extend(foreign)
    out.append("</iati-organisation>")
    xml = "".join(out)
    bad = NOT_XML.search(xml)
    if bad:
        raise ValueError(
            f"organisation {organisation.iati_identifier}: character {bad.group()!r} "
            "cannot be written in XML"
        )
    return xml


def _reporting_org(out: list, organisation, record) -> None:
    if record is not None:
        pairs = [("ref", record.reporting_org_ref), ("type", record.reporting_org_type)]
        if record.reporting_org_secondary is not None:
            pairs.append(("secondary-reporter", boolean(record.reporting_org_secondary)))
        names = record.reporting_org_narratives
    else:
        pairs = [
            ("ref", organisation.iati_identifier),
            ("type", organisation.iati_type or UNKNOWN_TYPE),
        ]
        names = _names(organisation)
    narrative_element(out, "reporting-org", names or [{"lang": "", "text": ""}], pairs)
