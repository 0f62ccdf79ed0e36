"""Validation of IATI files: the official 2.03 XSD, the codelists, optionally rulesets.

The schemas are loaded once per process. Activity files are read as a stream and each
`iati-activity` is validated on its own, so a problem is reported with its line and its
iati-identifier, and memory stays flat. Organisation files (`iati-organisations`, small by
nature) are parsed whole and validated as one document against the organisation schema;
each problem names its organisation-identifier. Codelist checks use the IATI Validator's
codelist rules (codelists/validator-rules/codelist_rules.json, derived from
codelists/mapping.xml): the codes each attribute may take, with the vocabulary conditions
(sector, aid type, tag...). Rulesets (IATI-Rulesets JSON, `services.rulesets`) are applied only
when the caller supplies them: Kakehashi ships none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from kakehashi.iati.services.archive import iter_sources
from kakehashi.iati.services.mapping import XML_LANG
from kakehashi.iati.services.parser import (
    PARSER_OPTIONS,
    FileHeader,
    IatiFileError,
    Problem,
    Source,
    _parse_error,
    check_dtd,
    open_for_parsing,
    read_activities,
    require_supported_version,
    root_tag,
)
from kakehashi.iati.services.rulesets import Ruleset, load_rulesets

DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
ROOT_ATTRIBUTES = {"version", "generated-datetime", "linked-data-default"}
ACTIVITY_PREFIX = "/iati-activities/iati-activity/"
ORGANISATION_PREFIX = "/iati-organisations/iati-organisation/"
ORGANISATION_PATH = re.compile(r"^/iati-organisations/iati-organisation(\[\d+\])?")


@dataclass
class RuleProblem(Problem):
    """A failed ruleset case: `rule` its type, `rule_id` the ruleInfo id (if any)."""

    rule: str = ""
    rule_id: str = ""


@dataclass
class ValidationReport:
    files: int = 0
    invalid_files: int = 0
    activities: int = 0
    invalid_activities: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.invalid_files == 0


def schema_dir() -> Path:
    return _data_dir() / "schemas" / "2.03"


def _data_dir() -> Path:
    """settings.IATI_DATA_DIR, Django imported only when asked: the mapping worker, which
    is given the schema's path, starts without it (a third of its start-up)."""
    from django.conf import settings

    return Path(settings.IATI_DATA_DIR)


def activity_schema_path() -> str:
    return str(schema_dir() / "iati-activities-schema.xsd")


@cache
def activity_schema(path: str | None = None) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.parse(path or activity_schema_path(), parser)
    return etree.XMLSchema(document)


def organisation_schema() -> etree.XMLSchema:
    return activity_schema(str(schema_dir() / "iati-organisations-schema.xsd"))


def schema_errors(element, schema=None) -> list[tuple[int | None, str]]:
    """XSD errors of one iati-activity element (validated on its own)."""
    schema = schema or activity_schema()
    if schema.validate(element):
        return []
    return [(_error_line(element, error), error.message) for error in schema.error_log]


def _error_line(activity, error) -> int | None:
    """libxml2 caps the line of a validation error at 65535: find the element instead."""
    if error.line and error.line < 65535:
        return error.line
    path = error.path or ""
    if path.startswith("/iati-activity"):
        try:
            found = (
                activity.xpath("." + path[len("/iati-activity") :])
                if path != "/iati-activity"
                else [activity]
            )
        except etree.XPathError:
            found = []
        if found and hasattr(found[0], "sourceline"):
            return found[0].sourceline
    return activity.sourceline


@cache
def codelist_rules(prefix: str = ACTIVITY_PREFIX) -> dict:
    """{path below iati-activity (or iati-organisation with ORGANISATION_PREFIX; "" for the
    element itself): {attribute: rule}} from the validator rules."""
    path = _data_dir() / "codelists" / "validator-rules" / "codelist_rules.json"
    rules = json.loads(path.read_text(encoding="utf-8"))
    result: dict[str, dict] = {}
    for context, attributes in rules.items():
        if context == prefix[:-1]:
            key = ""
        elif context.startswith(prefix):
            key = context[len(prefix) :]
        else:
            continue
        result[key] = {}
        for attribute, rule in attributes.items():
            result[key][attribute] = _compile(rule)
    language = rules.get("/", {}).get("xml:lang")
    result["@xml:lang"] = _compile(language) if language else None
    return result


def _compile(rule: dict) -> dict:
    if "conditions" in rule:
        conditions = rule["conditions"]
        return {
            "linked": conditions["linkedAttribute"],
            "default": conditions.get("defaultLink"),
            "mapping": {k: _compile(v) for k, v in conditions["mapping"].items()},
        }
    return {**rule, "allowed": frozenset(rule.get("allowedCodes", []))}


def _check(rule: dict, value: str, element) -> str | None:
    if "linked" in rule:
        link = element.get(rule["linked"]) or rule["default"]
        inner = rule["mapping"].get(link)
        return _check(inner, value, element) if inner else None
    if value not in rule["allowed"]:
        return f"{rule['message']} ({rule['codelist']}: {value!r}) [{rule['id']}]"
    return None


def codelist_errors(activity, prefix: str = ACTIVITY_PREFIX) -> list[tuple[int | None, str]]:
    rules = codelist_rules(prefix)
    language_rule = rules.get("@xml:lang")
    problems = []

    def visit(element, path: str) -> None:
        for attribute, rule in (rules.get(path) or {}).items():
            if attribute == "text()":
                value = (element.text or "").strip()
            else:
                value = element.get(attribute)
            if value is None:
                continue
            message = _check(rule, value.strip(), element)
            if message:
                problems.append((element.sourceline, message))
        if language_rule is not None:
            value = element.get(XML_LANG)
            if value is not None:
                message = _check(language_rule, value.strip().lower(), element)
                if message:
                    problems.append((element.sourceline, message))
        for child in element:
            if isinstance(child.tag, str) and child.tag[0] != "{":
                visit(child, f"{path}/{child.tag}" if path else child.tag)

    visit(activity, "")
    return problems


def _root_problems(header: FileHeader) -> list[tuple[int | None, str]]:
    problems = []
    for name in header.attributes:
        if name not in ROOT_ATTRIBUTES and not name.startswith("{"):
            problems.append(
                (header.line, f"attribute '{name}' is not allowed on <iati-activities>")
            )
    generated = header.attributes.get("generated-datetime")
    if generated is not None and not DATETIME.match(generated.strip()):
        problems.append(
            (
                header.line,
                f"<iati-activities> attribute 'generated-datetime': '{generated}' is not a "
                "valid value of the atomic type 'xs:dateTime'",
            )
        )
    return problems


def _well_formedness_error(source: Source) -> IatiFileError | None:
    """The first syntax error anywhere in the file, if any (for files that are not IATI)."""
    try:
        target, _encoding = open_for_parsing(source)
    except IatiFileError as error:
        return error
    try:
        for _event, element in etree.iterparse(target, events=("end",), **PARSER_OPTIONS):
            element.clear()
    except etree.XMLSyntaxError as error:
        return _parse_error(error)
    finally:
        target.close()
    return None


def _rule_problems(name: str, node, rulesets, id_sets, scope=None) -> Iterator[Problem]:
    """Failed ruleset cases (whose context is inside `scope`, when given)."""
    for ruleset in rulesets:
        for result in ruleset.evaluate(node, scope=scope, id_sets=id_sets):
            if result.result is False:
                yield RuleProblem(
                    name,
                    result.line or result.element.sourceline,
                    result.identifier,
                    result.message,
                    level=result.severity,
                    kind="ruleset",
                    rule=result.rule,
                    rule_id=result.info.get("id", ""),
                )


def validate_organisations(
    source: Source, codelists=True, check_version=True, rulesets=(), id_sets=None
) -> Iterator[Problem]:
    """Problems of an organisation file, validated whole against the organisation schema.

    Raises IatiFileError for a file that cannot be read (malformed, DTD, version)."""
    target, _encoding = open_for_parsing(source)
    try:
        tree = etree.parse(target, etree.XMLParser(**PARSER_OPTIONS))
    except etree.XMLSyntaxError as error:
        raise _parse_error(error) from None
    finally:
        if hasattr(target, "close"):
            target.close()
    root = tree.getroot()
    check_dtd(root)
    if check_version:
        require_supported_version((root.get("version") or "").strip(), root.sourceline)
    schema = organisation_schema()
    if not schema.validate(tree):
        for error in schema.error_log:
            found = ORGANISATION_PATH.match(error.path or "")
            organisation = tree.xpath(found.group(0)) if found else []
            identifier = _organisation_identifier(organisation[0]) if organisation else ""
            yield Problem(source.name, error.line, identifier, error.message, kind="schema")
    for organisation in root.iterchildren("iati-organisation") if codelists else ():
        identifier = _organisation_identifier(organisation)
        for line, message in codelist_errors(organisation, ORGANISATION_PREFIX):
            yield Problem(source.name, line, identifier, message, kind="codelist")
    yield from _rule_problems(source.name, tree, rulesets, id_sets)


def _organisation_identifier(organisation) -> str:
    return (organisation.findtext("organisation-identifier") or "").strip()


def validate_source(
    source: Source,
    codelists: bool = True,
    check_version: bool = True,
    rulesets: Iterable[Ruleset] = (),
    id_sets: dict | None = None,
) -> Iterator[Problem]:
    """Problems of one file. `check_version=False` checks the XSD alone (any version).

    `rulesets`: parsed IATI-Rulesets (services.rulesets.Ruleset) to apply to each activity
    or organisation; `id_sets` the Registry lists some rules need ({"ORG-ID": set of
    organisation identifiers, "ORG-ID-PREFIX": set of agency prefixes}), without which
    those rules are skipped."""
    header = FileHeader()
    seen: dict[str, int] = {}
    count = 0
    rulesets = list(rulesets)
    try:
        for activity in read_activities(source, header, check_version):
            if count == 0:
                for line, message in _root_problems(header):
                    yield Problem(source.name, line, "", message, kind="schema")
            count += 1
            identifier = (activity.findtext("iati-identifier") or "").strip()
            for line, message in schema_errors(activity):
                yield Problem(source.name, line, identifier, message, kind="schema")
            if codelists:
                for line, message in codelist_errors(activity):
                    yield Problem(source.name, line, identifier, message, kind="codelist")
            yield from _rule_problems(source.name, activity, rulesets, id_sets, scope=activity)
            if identifier:
                if identifier in seen:
                    yield Problem(
                        source.name,
                        activity.sourceline,
                        identifier,
                        f"duplicate iati-identifier (first at line {seen[identifier]})",
                        kind="data",
                    )
                else:
                    seen[identifier] = activity.sourceline
    except IatiFileError as error:
        if count == 0 and root_tag(source) == "iati-organisations":
            try:
                yield from validate_organisations(
                    source, codelists, check_version, rulesets, id_sets
                )
            except IatiFileError as failure:
                yield Problem(source.name, failure.line, "", failure.message)
            return
        if count == 0 and "not an XML document" not in error.message:
            syntax = _well_formedness_error(source)  # a broken file says so first
            if syntax is not None and syntax.message != error.message:
                yield Problem(source.name, syntax.line, "", syntax.message)
        yield Problem(source.name, error.line, "", error.message)
        return
    if count == 0:
        yield Problem(source.name, header.line, "", "no iati-activity in the file", kind="schema")


def validate_paths(
    paths: Iterable,
    codelists: bool = True,
    on_problem=None,
    rulesets: Iterable = (),
    id_sets: dict | None = None,
) -> ValidationReport:
    """Validate files, folders and archives. `rulesets`: Ruleset objects or paths of
    IATI-Rulesets JSON files (a failed rule with severity "warning" does not make a file
    invalid; any other does). Raises RulesetError for a ruleset that cannot be used."""
    rulesets = [r if isinstance(r, Ruleset) else load_rulesets([r])[0] for r in rulesets]
    report = ValidationReport()
    for source in iter_sources(paths):
        report.files += 1
        invalid = False
        if isinstance(source, Problem):
            problems = [source]
        else:
            problems = validate_source(source, codelists, rulesets=rulesets, id_sets=id_sets)
        for problem in problems:
            invalid = invalid or problem.level == "error"
            report.problems.append(problem)
            if on_problem:
                on_problem(problem)
        report.invalid_files += invalid
    return report
