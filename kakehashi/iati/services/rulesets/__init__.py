"""IATI-Rulesets: the JSON rules of the IATI Standard ruleset (and any other), evaluated with lxml.

A ruleset is `{context XPath: {rule type: {"cases": [case, ...]}}}` (IATI-Rulesets, SPEC.rst and
SPEC_JS.rst). Each element the context selects is checked against each case; a case's
`condition` (an XPath) that is false skips it. Rule types are accepted in both spellings
(`atleast_one` / `atLeastOne`...). The semantics follow the IATI Validator's (js-validator-api)
where its unit tests define them, the older Python implementation elsewhere:

- a result is True (passed), False (failed) or None (not evaluated: condition false, a date
  missing or not a date, an identifier list not supplied);
- the text of an element is its XPath string value (all its text), of an attribute its value;
- regex rules pass an empty text; dates are xs:date or xs:dateTime (a date is midnight UTC,
  a dateTime without time zone is UTC); `between_dates` is inclusive; `time_limit` allows one
  calendar year; `sum` passes when nothing matches, `strict_sum` does not.

XPath is lxml's (libxml2, XPath 1.0): no entity resolution, no network, no extension
functions. Rule data is never shipped with Kakehashi: the user supplies the JSON files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kakehashi.iati.services.rulesets.rules import (
    ONE_OR_ALL,
    RULES,
    Case,
    RulesetError,
    number,
    select,
    text,
    truth,
    xpath,
)

__all__ = ["RuleResult", "Ruleset", "RulesetError", "canonical", "load_rulesets"]

CONTAINERS = {"iati-activity": "iati-identifier", "iati-organisation": "organisation-identifier"}
ALIASES = {"at_least_one": "atleast_one", "starts_with": "startswith"}


@dataclass
class RuleResult:
    ruleset: str
    context: str  # the context XPath
    rule: str  # canonical (snake_case) rule type
    case: dict
    element: etree._Element  # the context element
    result: bool | None
    line: int | None = None  # where the failure is (else the context element)

    @property
    def info(self) -> dict:
        return self.case.get("ruleInfo") or {}

    @property
    def severity(self) -> str:
        """'error' or 'warning' (rules without ruleInfo are errors)."""
        return "warning" if self.info.get("severity") == "warning" else "error"

    @property
    def message(self) -> str:
        info = self.info
        text = info.get("message") or _describe(self.rule, self.case)
        label = " ".join(filter(None, [info.get("id"), self.rule]))
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{text} [{label}; ruleset {self.ruleset}]"

    @property
    def container(self) -> etree._Element | None:
        """The iati-activity or iati-organisation the context element belongs to."""
        if self.element.tag in CONTAINERS:
            return self.element
        return next(self.element.iterancestors(*CONTAINERS), None)

    @property
    def identifier(self) -> str:
        container = self.container
        if container is None:
            return ""
        return (container.findtext(CONTAINERS[container.tag]) or "").strip()


def _describe(rule: str, case: dict) -> str:
    keys = {k: v for k, v in case.items() if k not in ("ruleInfo", "condition")}
    return f"rule {rule} failed ({json.dumps(keys, ensure_ascii=False)})"


def canonical(rule: str) -> str:
    """`atLeastOne` -> `atleast_one`, `strictSum` -> `strict_sum`, snake_case unchanged."""
    name = re.sub(r"(?<=[a-z])([A-Z])", r"_\1", rule).lower()
    return ALIASES.get(name, name)


REQUIRED = {  # keys a case of each rule type must have
    "only_one_of": ("excluded",), "one_or_all": ("one", "all"), "sum": ("sum",),
    "strict_sum": ("sum",), "regex_matches": ("regex",), "regex_no_matches": ("regex",),
    "if_then": ("if", "then"), "evaluates_to_true": ("eval",), "date_order": ("less", "more"),
    "date_now": ("date",), "time_limit": ("start", "end"),
    "between_dates": ("date", "start", "end"), "loop": ("foreach", "do"),
}  # fmt: skip
XPATH_KEYS = ("paths", "excluded", "prefix", "condition", "if", "then", "eval", "one", "foreach")
LISTS = ("paths", "excluded", "prefix", "subs")
STRINGS = ("condition", "if", "then", "eval", "one", "all", "foreach", "regex", "idCondition")
STRINGS += ("separator", "start", "date", "end", "less", "more")


class Ruleset:
    """A parsed, checked ruleset. `evaluate(node)` yields a RuleResult per case and element."""

    def __init__(self, data: dict, name: str = "ruleset"):
        if not isinstance(data, dict):
            raise RulesetError(f"{name}: a ruleset is a JSON object of context XPaths")
        self.name = name
        self.contexts: list[tuple[str, list[tuple[str, dict]]]] = []
        for context, rules in data.items():
            xpath(context)
            if not isinstance(rules, dict):
                raise RulesetError(f"{context}: expected an object of rule types")
            cases = [
                self._checked(canonical(rule), case)
                for rule, body in rules.items()
                for case in _cases(rule, body)
            ]
            self.contexts.append((context, cases))

    @classmethod
    def load(cls, path) -> Ruleset:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise RulesetError(f"{path}: cannot read the ruleset: {error}") from None
        try:
            return cls(data, path.name)
        except RulesetError as error:
            raise RulesetError(f"{path}: {error}") from None

    def _checked(self, rule: str, case: dict) -> tuple[str, dict]:
        if rule not in RULES:
            raise RulesetError(f"unknown rule type {rule!r}")
        missing = [key for key in REQUIRED.get(rule, ()) if key not in case]
        if missing:
            raise RulesetError(f"a {rule} case lacks {', '.join(missing)}")
        if rule == "startswith" and "prefix" not in case and "start" not in case:
            raise RulesetError("a startswith case lacks prefix")
        for key in ("sum", "min", "max"):
            if key in case and (isinstance(case[key], bool) or number(str(case[key])) is None):
                raise RulesetError(f"a {rule} case's {key} is not a number: {case[key]!r}")
        for key, value in case.items():
            if key in STRINGS and not isinstance(value, str):
                raise RulesetError(f"a {rule} case's {key} is not a string")
            if key in LISTS and not (
                isinstance(value, str if key == "prefix" else ())
                or isinstance(value, list)
                and all(isinstance(item, str) for item in value)
            ):
                raise RulesetError(f"a {rule} case's {key} is not a list of strings")
        if rule == "one_or_all" and case["all"] not in ONE_OR_ALL:
            raise RulesetError(f"one_or_all: unknown 'all' value {case['all']!r}")
        if "regex" in case:
            try:
                re.compile(case["regex"])
            except re.error as error:
                raise RulesetError(f"invalid regex {case['regex']!r}: {error}") from None
        for key in XPATH_KEYS:
            values = case.get(key)
            if rule == "loop" and key != "foreach" or values in (None, "ORG-ID-PREFIX"):
                continue  # a loop's cases are checked below, before their $1 substitution
            for value in [values] if isinstance(values, str) else values:
                if value != "ORG-ID-PREFIX":
                    xpath(value)
        if rule == "loop":
            if not isinstance(case["do"], dict):
                raise RulesetError("a loop's do is not an object of rule types")
            for inner, body in case["do"].items():
                for sub in _cases(inner, body):
                    if canonical(inner) == "loop":
                        raise RulesetError("a loop inside a loop is not supported")
                    self._checked(canonical(inner), _substitute(sub, case.get("subs", []), "x"))
        for key in ("date", "start", "end", "less", "more"):
            if key in case and case[key] not in ("NOW", "TODAY"):
                xpath(case[key])
        return rule, case

    def evaluate(self, node, scope=None, id_sets: dict | None = None) -> Iterator[RuleResult]:
        """Check the rules on `node` (a tree or an element: the XPath context of the rules'
        contexts). With `scope`, only context elements inside `scope` (or `scope` itself)."""
        for context, cases in self.contexts:
            for element in select(context, node):
                if not isinstance(element, etree._Element) or (
                    scope is not None
                    and element is not scope
                    and scope not in element.iterancestors()
                ):
                    continue
                memo: dict = {}
                for rule, case in cases:
                    if rule == "loop":
                        yield from self._loop(context, element, case, id_sets)
                    else:
                        yield self._one(context, element, rule, case, id_sets, memo)

    def _one(self, context, element, rule, case, id_sets, memo=None) -> RuleResult:
        result, line = None, None
        if "condition" not in case or truth(case["condition"], element):
            checker = Case(element, case, id_sets, memo)
            if checker.id_condition():
                result = getattr(checker, rule)()
                line = checker.line
        return RuleResult(self.name, context, rule, case, element, result, line)

    def _loop(self, context, element, case, id_sets) -> Iterator[RuleResult]:
        values = list(dict.fromkeys(text(v) for v in select(case["foreach"], element)))
        for inner, body in case["do"].items():
            for sub in body.get("cases", []):
                for value in values:
                    filled = _substitute(sub, case.get("subs", []), value)
                    try:
                        yield self._one(context, element, canonical(inner), filled, id_sets)
                    except RulesetError:  # the value breaks the XPath (a quote): not evaluated
                        yield RuleResult(
                            self.name, context, canonical(inner), filled, element, None
                        )


def _cases(rule, body) -> list:
    cases = body.get("cases") if isinstance(body, dict) else None
    if not isinstance(cases, list) or not all(isinstance(case, dict) for case in cases):
        raise RulesetError(f'{rule}: expected {{"cases": [objects]}}')
    return cases


def _substitute(case: dict, keys, value: str) -> dict:
    """The case with `$1` replaced by `value` in the given keys (a loop's `subs`)."""
    filled = dict(case)
    for key in keys:
        if isinstance(case.get(key), str):
            filled[key] = case[key].replace("$1", value)
        elif isinstance(case.get(key), list):
            filled[key] = [item.replace("$1", value) for item in case[key]]
    return filled


def load_rulesets(paths) -> list[Ruleset]:
    return [Ruleset.load(path) for path in paths]
