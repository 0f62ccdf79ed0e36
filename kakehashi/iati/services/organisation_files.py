"""Import IATI organisation files (`iati-organisations`) into the registry.

Each `iati-organisation` is read as a stream (the activity parser's safe settings: no
entities, no DTD, no network), checked against the official 2.03 organisation schema, mapped
(`organisation_mapping`) and written in its own transaction: the Organisation is matched by
organisation-identifier (created or updated) and its budgets, expenditure and documents are
replaced. An identical organisation is "unchanged" (fingerprint of its XML), and one whose
last-updated-datetime is older than the stored one never overwrites it. With `strict`, any
error rejects the whole file. Problems read `file:line: organisation-identifier: message`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.db import DatabaseError, transaction
from lxml import etree

from kakehashi.iati.services import writer
from kakehashi.iati.services.activity_rows import fingerprint as xml_fingerprint
from kakehashi.iati.services.elements import MappingError
from kakehashi.iati.services.organisation_mapping import OrganisationData, map_organisation
from kakehashi.iati.services.parser import (
    PARSER_OPTIONS,
    FileHeader,
    IatiFileError,
    Problem,
    Source,
    _parse_error,
    check_root,
    file_source,
    open_for_parsing,
)
from kakehashi.iati.services.validator import organisation_schema, schema_errors
from kakehashi.iati.services.writer import ORGANISATION_KINDS
from kakehashi.registry.models import (
    Organisation,
    OrganisationBudget,
    OrganisationBudgetLine,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationExpenseLine,
    OrganisationIati,
    OrganisationKind,
)

ROOT_TAG = "iati-organisations"
ORGANISATION_TAG = "iati-organisation"


@dataclass
class OrganisationCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    rejected: bool = False  # the whole file (strict mode, or unreadable)

    def __str__(self) -> str:
        return (
            f"organisations: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped; {self.errors} errors"
        )


class _Rollback(Exception):
    """Raised inside a strict file's transaction to undo everything written for it."""


def fingerprint(element) -> str:
    """As the activity importer's: an identical organisation is not mapped again."""
    return xml_fingerprint(etree.tostring(element))


# -- reading ---------------------------------------------------------------------------------
def read_organisations(
    source: Source, header: FileHeader, check_version: bool = True
) -> Iterator[etree._Element]:
    """Yield each `iati-organisation` of an organisation file, freeing memory as it goes."""
    target, header.encoding = open_for_parsing(source)
    context = etree.iterparse(target, events=("start", "end"), **PARSER_OPTIONS)
    depth = 0
    try:
        for event, element in context:
            if event == "start":
                if depth == 0:
                    check_root(element, header, check_version, root=ROOT_TAG)
                depth += 1
                continue
            depth -= 1
            if depth != 1 or element.tag != ORGANISATION_TAG:
                continue
            yield element
            element.clear(keep_tail=True)
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise _parse_error(error) from None
    finally:
        target.close()


# -- importing -------------------------------------------------------------------------------
def import_organisation_file(
    source,
    strict: bool = False,
    problem: Callable[[Problem], None] | None = None,
    *,
    check_version: bool = True,
    record=None,
) -> OrganisationCounts:
    """Import one organisation file (a path or a parser.Source); returns the counts.

    `problem` is called with each Problem; `record` (an iati.ImportRecord) is named in the
    history entries."""
    source = source if isinstance(source, Source) else file_source(source)
    counts = OrganisationCounts()

    def report(line, identifier: str, message: str) -> None:
        counts.errors += 1
        if problem:
            problem(Problem(source.name, line, identifier, message))

    extra = {"source": "iati import", "import_record": record.pk if record else None}
    if not strict:
        _read(source, counts, report, check_version, strict, extra)
        return counts
    try:
        with transaction.atomic():
            if not _read(source, counts, report, check_version, strict, extra):
                raise _Rollback
    except _Rollback:
        counts.skipped += counts.created + counts.updated + counts.unchanged
        counts.created = counts.updated = counts.unchanged = 0
        counts.rejected = True
        report(None, "", "file rejected (strict mode): nothing of it written")
    return counts


def _read(source, counts, report, check_version: bool, strict: bool, extra: dict) -> bool:
    """Read and write one file; False when it had any error."""
    header = FileHeader()
    ok = True
    seen = 0
    try:
        for element in read_organisations(source, header, check_version):
            seen += 1
            identifier = (element.findtext("organisation-identifier") or "").strip()
            hash_ = fingerprint(element)
            if OrganisationIati.objects.filter(
                organisation__iati_identifier=identifier, source_hash=hash_
            ).exists():
                counts.unchanged += 1  # identical to what is stored: not even checked again
                continue
            errors = schema_errors(element, organisation_schema())
            if errors:
                ok = False
                counts.skipped += 1
                for line, message in errors[:5]:
                    report(line, identifier, message)
                continue
            try:
                data = map_organisation(element, header.version)
            except MappingError as error:
                ok = False
                counts.skipped += 1
                report(error.line or element.sourceline, identifier, error.message)
                continue
            if strict and not ok:
                continue  # keep reading to report every problem, write nothing more
            try:
                with transaction.atomic():
                    outcome = write_organisation(data, hash_, extra)
            except DatabaseError as error:
                ok = False
                counts.skipped += 1
                message = str(error).strip().splitlines()[0] if str(error).strip() else ""
                report(data.line, identifier, f"could not be written to the database: {message}")
                continue
            setattr(counts, outcome, getattr(counts, outcome) + 1)
    except IatiFileError as error:
        counts.rejected = counts.rejected or seen == 0
        report(error.line, "", error.message)
        return False
    if seen == 0:
        counts.rejected = True
        report(header.line, "", "no iati-organisation in the file")
        return False
    return ok


# -- writing ---------------------------------------------------------------------------------
def names_by_language(narratives: list[dict], default_lang: str) -> tuple[str, str]:
    """(Japanese, English) names among the narratives; a narrative without xml:lang is in the
    organisation's language (English when it gives none)."""
    found = {}
    for narrative in narratives:
        lang = (narrative.get("lang") or default_lang or "en")[:2].lower()
        text = (narrative.get("text") or "").strip()
        if text and lang in ("ja", "en"):
            found.setdefault(lang, text[:500])
    return found.get("ja", ""), found.get("en", "")


def write_organisation(data: OrganisationData, hash_: str, extra: dict) -> str:
    """Create or update one organisation and replace what the file gives it: "created",
    "updated" or "unchanged" (an older file does not overwrite a newer one)."""
    fields = data.fields
    organisation = Organisation.objects.filter(iati_identifier=data.identifier).first()
    stored = (
        OrganisationIati.objects.filter(organisation=organisation).first()
        if organisation is not None
        else None
    )
    if stored is not None:
        incoming = fields["last_updated_datetime"]
        older = (
            stored.last_updated_datetime and incoming and incoming < stored.last_updated_datetime
        )
        if stored.source_hash == hash_ or older:
            return "unchanged"
    name_ja, name_en = names_by_language(data.names, fields["default_lang"])
    own_type = (
        fields["reporting_org_type"] if fields["reporting_org_ref"] == data.identifier else ""
    )
    before = copy.copy(organisation)
    if organisation is None:
        if not name_ja and not name_en:  # a name in another language only: it is the name
            texts = [n["text"].strip() for n in data.names if n["text"].strip()]
            name_en = (texts[0] if texts else data.identifier)[:500]
        organisation = Organisation(
            iati_identifier=data.identifier,
            name_ja=name_ja,
            name_en=name_en,
            iati_type=own_type[:10],
            kind=ORGANISATION_KINDS.get(own_type, OrganisationKind.OTHER),
        )
    else:  # never blank out a name the registry has
        organisation.name_ja = name_ja or organisation.name_ja
        organisation.name_en = name_en or organisation.name_en
        organisation.iati_type = organisation.iati_type or own_type[:10]
    with disable_auditlog():  # one history entry per organisation, written below
        organisation.save()
        OrganisationIati.objects.update_or_create(
            organisation=organisation,
            defaults={**fields, "names": data.names, "source_hash": hash_},
        )
        _replace_parts(organisation, data)
    LogEntry.objects.log_create(
        organisation,
        action=LogEntry.Action.CREATE if before is None else LogEntry.Action.UPDATE,
        changes=model_instance_diff(before, organisation) or {},
        additional_data=extra,
    )
    return "created" if before is None else "updated"


def _replace_parts(organisation: Organisation, data: OrganisationData) -> None:
    """Budgets, expenditures (with their lines) and documents deleted and written again, in
    bulk from field dicts (model instances cost 20 ms an organisation of a few hundred)."""
    for model in (OrganisationBudget, OrganisationExpenditure, OrganisationDocument):
        model.objects.filter(organisation=organisation).delete()  # lines go with them
    for model, line_model, key, rows in (
        (OrganisationBudget, OrganisationBudgetLine, "budget_id", data.budgets),
        (OrganisationExpenditure, OrganisationExpenseLine, "expenditure_id", data.expenditures),
    ):
        ids = writer.reserve_ids(model, len(rows)) if rows else []
        writer.table(model, True).write(
            [
                {**row, "id": pk, "organisation_id": organisation.pk, "sequence": index}
                for index, (pk, row) in enumerate(zip(ids, rows, strict=True))
            ]
        )
        writer.table(line_model).write(
            [
                {**line, key: pk, "sequence": index}
                for pk, row in zip(ids, rows, strict=True)
                for index, line in enumerate(row["lines"])
            ]
        )
    writer.table(OrganisationDocument).write(
        [
            {**row, "organisation_id": organisation.pk, "sequence": index}
            for index, row in enumerate(data.documents)
        ]
    )
