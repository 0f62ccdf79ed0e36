"""The rule types of IATI-Rulesets and the XPath, text, date and number helpers they use.

`Case(element, case, id_sets)` is one case on one context element; each rule method returns
True (passed), False (failed, `line` says where) or None (not evaluated).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache

from lxml import etree

CURRENCY_ELEMENTS = ("value", "forecast", "loan-status")

ONE_OR_ALL = {  # `all` keyword: (elements that must each satisfy, what each must have)
    "lang": ("descendant::narrative", "@xml:lang"),
    "sector": ("transaction", "sector"),
    "currency": ("|".join(f"descendant::{name}" for name in CURRENCY_ELEMENTS), "@currency"),
    "recipient-country|recipient-region": ("transaction", "recipient-country|recipient-region"),
}
DATE = re.compile(
    r"^(-?\d{4,})-(\d{2})-(\d{2})"
    r"(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?)?"
    r"(Z|[+-]\d{2}:\d{2})?$"
)


class RulesetError(ValueError):
    """A ruleset file that cannot be used (not JSON, unknown rule type, bad XPath...)."""


# -- XPath helpers -----------------------------------------------------------------------------
@lru_cache(maxsize=4096)  # bounded: loops substitute values from the files into XPaths
def xpath(expression: str) -> etree.XPath:
    try:
        return etree.XPath(expression, smart_strings=True)
    except (etree.XPathSyntaxError, ValueError) as error:  # ValueError: a NUL or control char
        raise RulesetError(f"invalid XPath {expression!r}: {error}") from None


def evaluate(expression: str, node):
    try:
        return xpath(expression)(node)
    except etree.XPathEvalError as error:  # an unknown function or namespace prefix...
        raise RulesetError(f"XPath {expression!r} cannot be evaluated: {error}") from None


def select(expression: str, node) -> list:
    result = evaluate(expression, node)
    return result if isinstance(result, list) else [result]


def truth(expression: str, node) -> bool:
    """XPath boolean() of the expression's value."""
    result = evaluate(expression, node)
    if isinstance(result, float):
        return result != 0 and not math.isnan(result)
    return bool(result)


def text(match) -> str:
    if isinstance(match, etree._Element):
        return xpath("string()")(match)
    return str(match)


def line_of(match) -> int | None:
    if isinstance(match, etree._Element):
        return match.sourceline
    parent = getattr(match, "getparent", lambda: None)()
    return parent.sourceline if parent is not None else None


def parse_date(value: str) -> datetime | None:
    match = DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        tz = UTC
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=tz,
        )  # fmt: skip
    except (ValueError, OverflowError):
        return None
    return moment + timedelta(seconds=float(fraction)) if fraction else moment


def number(value: str) -> Decimal | None:
    try:
        result = Decimal(value.strip())
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


# -- the rules ---------------------------------------------------------------------------------
class Case:
    """One case on one context element. Each rule method returns True, False or None."""

    def __init__(self, element, case: dict, id_sets: dict | None, memo: dict | None = None):
        """`memo`: {path: matches} shared by the cases of one element (many share paths)."""
        self.element, self.case, self.id_sets = element, case, id_sets
        self.line: int | None = None
        memo = {} if memo is None else memo
        self.matches = []
        for path in case.get("paths", ()):
            found = memo.get(path)
            if found is None:
                found = memo[path] = select(path, element)
            self.matches.extend(found)

    @cached_property
    def texts(self) -> list[str]:  # only some rules need them: a file has many transactions
        return [text(m) for m in self.matches]

    def fail_at(self, node) -> bool:
        self.line = line_of(node)
        return False

    def every(self, predicate) -> bool:
        for match, value in zip(self.matches, self.texts, strict=True):
            if not predicate(value):
                return self.fail_at(match)
        return True

    def date(self, key: str) -> datetime | None:
        """The first date the case's `key` selects; its line is kept for a failure."""
        expression = self.case[key]
        if expression in ("NOW", "TODAY"):
            return datetime.now(UTC)
        found = select(expression, self.element)
        if not found:
            return None
        self.line = self.line or line_of(found[0])
        return parse_date(text(found[0]))

    def atleast_one(self):
        return bool(self.matches)

    def no_more_than_one(self):
        return len(self.matches) <= 1 or self.fail_at(self.matches[1])

    def dependent(self):
        found = [bool(select(path, self.element)) for path in self.case["paths"]]
        return all(found) or not any(found)

    def only_one_of(self):
        for excluded in self.case["excluded"]:
            if select(excluded, self.element):
                if self.matches:
                    return self.fail_at(self.matches[0])
            elif len(self.matches) != 1:
                return False
        return True

    def one_or_all(self):
        if select(self.case["one"], self.element):
            return True
        each, required = ONE_OR_ALL[self.case["all"]]
        for node in select(each, self.element):
            if not select(required, node):
                return self.fail_at(node)
        return True

    def unique(self):
        seen = set()
        for match, value in zip(self.matches, self.texts, strict=True):
            if value in seen:
                return self.fail_at(match)
            seen.add(value)
        return True

    def sum(self):
        return not self.matches or self.strict_sum()

    def strict_sum(self):
        values = [number(value) for value in self.texts]
        if None in values:
            return self.fail_at(self.matches[values.index(None)])
        total = sum(values, Decimal(0)).quantize(Decimal("0.0001"))
        return total == Decimal(str(self.case["sum"]))

    def range(self):
        low, high = self.case.get("min"), self.case.get("max")

        def inside(value: str) -> bool:
            amount = number(value)
            return amount is not None and (
                (low is None or Decimal(str(low)) <= amount)
                and (high is None or amount <= Decimal(str(high)))
            )

        return self.every(inside)

    def regex_matches(self):
        pattern = re.compile(self.case["regex"])
        return self.every(lambda value: value == "" or pattern.search(value) is not None)

    def regex_no_matches(self):
        pattern = re.compile(self.case["regex"])
        return self.every(lambda value: value == "" or pattern.search(value) is None)

    def no_spaces(self):
        return self.every(lambda value: value == value.strip())

    def no_percent(self):
        return self.every(lambda value: "%" not in value)

    def startswith(self):
        prefixes = self.case.get("prefix", self.case.get("start"))
        prefixes = [prefixes] if isinstance(prefixes, str) else prefixes
        if prefixes == ["ORG-ID-PREFIX"]:
            known = (self.id_sets or {}).get("ORG-ID-PREFIX")
            if known is None:
                return None
            return self.every(lambda value: "-".join(value.split("-")[:2]) in known)
        separator = self.case.get("separator", "")
        starts = [text(m) + separator for path in prefixes for m in select(path, self.element)]
        return self.every(lambda value: any(value.startswith(start) for start in starts))

    def if_then(self):
        return not truth(self.case["if"], self.element) or truth(self.case["then"], self.element)

    def evaluates_to_true(self):
        return truth(self.case["eval"], self.element)

    def date_order(self):
        less, more = self.date("less"), self.date("more")  # a failure is at `less`
        return None if less is None or more is None else less <= more

    def date_now(self):
        moment = self.date("date")
        return None if moment is None else moment <= datetime.now(UTC)

    def time_limit(self):
        end, start = self.date("end"), self.date("start")  # a failure is at `end`
        if start is None or end is None:
            return None
        try:
            limit = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            limit = start.replace(year=start.year + 1, day=28)
        return end <= limit

    def between_dates(self):
        moment, start, end = self.date("date"), self.date("start"), self.date("end")  # at `date`
        if moment is None or start is None or end is None:
            return None
        return start <= moment <= end

    def id_condition(self) -> bool | None:
        """The case's idCondition: True to evaluate, False to skip, None without the lists."""
        condition = self.case.get("idCondition")
        if condition is None:
            return True
        known = (self.id_sets or {}).get("ORG-ID")
        if known is None:
            return None
        if condition == "NOT_EXISTING_ORG_ID":
            return all(value not in known for value in self.texts)
        return not any(value.startswith(f"{org}-") for value in self.texts for org in known)


RULES = {
    name
    for name, member in vars(Case).items()
    if callable(member) and not name.startswith("_")
    and name not in ("fail_at", "every", "date", "id_condition")
} | {"loop"}  # fmt: skip
