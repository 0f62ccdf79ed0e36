"""The ruleset engine (services/rulesets) on small cases, and `iati validate --ruleset`."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kakehashi.iati.services.rulesets import Ruleset, RulesetError, canonical
from kakehashi.iati.services.validator import validate_paths
from kakehashi.iati.tests.conftest import activity_xml, iati_file


def results(rule: str, case: dict, body: str, context="//iati-activity") -> list:
    tree = etree.fromstring(
        f"<iati-activities><iati-activity>{body}</iati-activity></iati-activities>"
    )
    ruleset = Ruleset({context: {rule: {"cases": [case]}}})
    return [r.result for r in ruleset.evaluate(tree)]  # fmt: skip


def one(rule, case, body, context="//iati-activity"):
    (result,) = results(rule, case, body, context)
    return result


@pytest.mark.parametrize(
    ("name", "expected"),
    [("atLeastOne", "atleast_one"), ("atleast_one", "atleast_one"), ("startsWith", "startswith"),
     ("noMoreThanOne", "no_more_than_one"), ("strictSum", "strict_sum"), ("ifThen", "if_then"),
     ("regexNoMatches", "regex_no_matches"), ("loop", "loop")],
)  # fmt: skip
def test_both_spellings_of_rule_names(name, expected):
    assert canonical(name) == expected


DATES = '<d a="2020-01-01"/><d b="2020-12-31"/><d c="2021-01-01"/><d x="2020-13-01"/>'
SE = {"start": "s/@d", "end": "e/@d"}
SUM = {"paths": ["p/@v"], "sum": 100}
CASES = [
    ("dependent", {"paths": ["title", "description"]}, "<title/>", False),
    ("dependent", {"paths": ["title", "description"]}, "<title/><description/>", True),
    ("dependent", {"paths": ["title", "description"]}, "", True),
    ("no_percent", {"paths": ["t"]}, "<t>50%</t>", False),
    ("evaluates_to_true", {"eval": "count(t) = 2"}, "<t/><t/>", True),
    ("between_dates", {"date": "d/@b", "start": "d/@a", "end": "d/@c"}, DATES, True),
    ("between_dates", {"date": "d/@a", "start": "d/@a", "end": "d/@a"}, DATES, True),  # inclusive
    ("between_dates", {"date": "d/@c", "start": "d/@a", "end": "d/@b"}, DATES, False),
    ("between_dates", {"date": "d/@x", "start": "d/@a", "end": "d/@b"}, DATES, None),  # not a date
    ("time_limit", {"start": "d/@a", "end": "d/@c"}, DATES, True),  # one calendar year (366 days)
    ("time_limit", SE, '<s d="2020-02-29"/><e d="2021-02-28"/>', True),
    ("time_limit", SE, '<s d="2020-02-29"/><e d="2021-03-01"/>', False),
    ("date_order", {"less": "s/@d", "more": "e/@d"},
     '<s d="2020-01-01T10:00:00+09:00"/><e d="2020-01-01T02:00:00Z"/>', True),  # same instant
    ("date_order", {"less": "s/@d", "more": "NOW"}, '<s d="9999-01-01"/>', False),
    ("date_order", {"less": "s/@d", "more": "e/@d"}, '<s d="2020-01-01"/>', None),  # one missing
    ("date_now", {"date": "@nothing"}, "", None),
    ("strict_sum", SUM, '<p v="33.33"/><p v="33.33"/><p v="33.34"/>', True),
    ("strict_sum", SUM, '<p v="100"/><p v="abc"/>', False),
    ("strict_sum", SUM, "", False),
    ("sum", SUM, "", True),
    ("range", {"paths": ["p/@v"], "min": 0}, '<p v="1e9"/>', True),  # no max
    ("range", {"paths": ["p/@v"], "min": 0, "max": 100}, '<p v="-0.5"/>', False),
    ("regex_matches", {"paths": ["t"], "regex": "^[A-Z]+$"}, "<t></t><t>AB</t>", True),  # empty
    ("regex_matches", {"paths": ["t"], "regex": "^[A-Z]+$"}, "<t>ab</t>", False),
    ("regex_no_matches", {"paths": ["t"], "regex": "[/&|?]"}, "<t>a/b</t>", False),
    ("unique", {"paths": ["t", "u"]}, "<t><n>same</n></t><u><n>same</n></u>", False),  # string()
    ("no_spaces", {"paths": ["t"]}, "<t> x</t>", False),
    ("startswith", {"prefix": ["o/@ref"], "separator": "-", "paths": ["id"]},
     '<o ref="GB-1"/><id>GB-1-7</id>', True),
    ("startswith", {"prefix": ["o/@ref"], "separator": "-", "paths": ["id"]},
     '<o ref="GB-1"/><id>GB-17</id>', False),
    ("startswith", {"start": "o/@ref", "paths": ["id"]}, '<o ref="GB-1"/><id>GB-17</id>', True),
    ("startswith", {"prefix": ["ORG-ID-PREFIX"], "paths": ["id"]}, "<id>GB-1</id>", None),
    ("only_one_of", {"excluded": ["r"], "paths": ["t/r"]}, "<t><r/></t>", True),
    ("only_one_of", {"excluded": ["r"], "paths": ["t/r"]}, "<r/><t><r/></t>", False),
    ("one_or_all", {"one": "@xml:lang", "all": "lang"}, '<t><narrative xml:lang="en"/></t>', True),
    ("one_or_all", {"one": "@xml:lang", "all": "lang"}, "<t><narrative/></t>", False),
    ("one_or_all", {"one": "@default-currency", "all": "currency"},
     '<b><value currency="EUR"/></b><transaction><value/></transaction>', False),
    ("if_then", {"if": "count(t) > 0", "then": "u"}, "<t/>", False),  # empty node-set is false
    ("if_then", {"if": "count(t) > 0", "then": "u"}, "", True),
    ("atleast_one", {"paths": ["t"], "condition": "s/@code = 3"}, '<s code="2"/>', None),
    ("atleast_one", {"paths": ["t"], "condition": "s/@code = 3"}, '<s code="3"/>', False),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "case", "body", "expected"), CASES)
def test_rule_types(rule, case, body, expected):
    assert one(rule, case, body) is expected


def test_loop_substitutes_each_value_and_skips_values_that_break_the_xpath():
    case = {
        "foreach": "s/@v",
        "do": {"strict_sum": {"cases": [{"paths": ["s[@v = '$1']/@p"], "sum": 100}]}},
        "subs": ["paths"],
    }
    body = """<s v="1" p="60"/><s v="1" p="40"/><s v="2" p="50"/><s v="it's" p="1"/>"""
    assert results("loop", case, body) == [True, False, None]


def test_a_failure_is_reported_where_it_is():
    xml = "<iati-activities><iati-activity>\n<t/>\n<t/>\n</iati-activity></iati-activities>"
    ruleset = Ruleset({"//iati-activity": {"noMoreThanOne": {"cases": [{"paths": ["t"]}]}}})
    (result,) = ruleset.evaluate(etree.fromstring(xml))
    assert (result.result, result.line) == (False, 3)
    assert result.message == (
        'rule no_more_than_one failed ({"paths": ["t"]}) [no_more_than_one; ruleset ruleset]'
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ([], "JSON object"),
        ({"//a": []}, "object of rule types"),
        ({"//a": {"atleast_one": {"cases": {}}}}, "cases"),
        ({"//a": {"frobnicate": {"cases": [{}]}}}, "unknown rule type 'frobnicate'"),
        ({"//a[": {"atleast_one": {"cases": [{"paths": []}]}}}, "invalid XPath"),
        ({"//a": {"atleast_one": {"cases": [{"paths": ["b["]}]}}}, "invalid XPath"),
        ({"//a": {"atleast_one": {"cases": [{"paths": ["b\x00"]}]}}}, "invalid XPath"),
        ({"//a": {"atleast_one": {"cases": [{"paths": "b"}]}}}, "not a list"),
        ({"//a": {"sum": {"cases": [{"paths": ["b"]}]}}}, "lacks sum"),
        ({"//a": {"sum": {"cases": [{"paths": ["b"], "sum": "x"}]}}}, "not a number"),
        ({"//a": {"regex_matches": {"cases": [{"paths": [], "regex": "("}]}}}, "invalid regex"),
        ({"//a": {"one_or_all": {"cases": [{"one": "b", "all": "c"}]}}}, "unknown 'all'"),
        ({"//a": {"loop": {"cases": [{"foreach": "b", "do": {"if_then": {"cases": [{}]}}}]}}},
         "lacks if, then"),
    ],
)  # fmt: skip
def test_a_ruleset_that_cannot_be_used_says_why(data, error):
    with pytest.raises(RulesetError, match=error):
        Ruleset(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
rule_names = st.sampled_from(["atleast_one", "sum", "loop", "if_then", "one_or_all", "range"])
cases = st.dictionaries(
    st.sampled_from(["paths", "sum", "if", "then", "one", "all", "foreach", "do", "min"]),
    json_values, max_size=5,
)  # fmt: skip


bodies = st.fixed_dictionaries({"cases": st.lists(cases, max_size=2)})
rulesets = st.dictionaries(
    st.sampled_from(["//a", "//b", "x["]), st.dictionaries(rule_names, bodies, max_size=2)
)


@settings(max_examples=200, deadline=None)
@given(rulesets)
def test_any_json_either_loads_or_raises_a_ruleset_error(data):
    try:
        ruleset = Ruleset(data)
    except RulesetError:
        return
    tree = etree.fromstring("<r><a><b>1</b></a><b/></r>")
    for result in ruleset.evaluate(tree):
        assert result.result in (True, False, None)


days = st.integers(min_value=0, max_value=3000)


@settings(max_examples=100, deadline=None)
@given(days, days, days)
def test_date_rules_agree_with_calendar_arithmetic(a, b, c):
    start, moment, end = (date(2000, 1, 1) + timedelta(n) for n in (a, b, c))
    body = f'<s d="{start}"/><m d="{moment}"/><e d="{end}"/>'
    assert one("date_order", {"less": "s/@d", "more": "e/@d"}, body) is (start <= end)
    between = {"date": "m/@d", "start": "s/@d", "end": "e/@d"}
    assert one("between_dates", between, body) is (start <= moment <= end)
    leap_day = (start.month, start.day) == (2, 29)
    year_later = start.replace(year=start.year + 1, day=28 if leap_day else start.day)
    assert one("time_limit", {"start": "s/@d", "end": "e/@d"}, body) is (end <= year_later)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=5))
def test_strict_sum_is_the_decimal_sum(values):
    body = "".join(f'<p v="{value}"/>' for value in values)
    assert one("strict_sum", {"paths": ["p/@v"], "sum": 100}, body) is (sum(values) == 100)


# -- through the validator and the command -----------------------------------------------------
RULES = {
    "//iati-activity": {
        "atLeastOne": {
            "cases": [
                {"paths": ["conditions"], "ruleInfo": {"id": "X.1", "severity": "warning",
                                                       "message": "Conditions should be given."}},
                {"paths": ["activity-date[@type='2']"], "ruleInfo": {
                    "id": "X.2", "severity": "error", "message": "An actual start is needed."}},
            ]
        }
    }
}  # fmt: skip


@pytest.fixture
def files(write):
    good = write("good.xml", iati_file(activity_xml()))
    rules = write("rules.json", json.dumps(RULES))
    warning = RULES["//iati-activity"]["atLeastOne"]["cases"][0]
    warn_only = write(
        "warn.json", json.dumps({"//iati-activity": {"atleast_one": {"cases": [warning]}}})
    )
    return good, rules, warn_only


def test_validate_reports_failed_rules_as_problem_lines(files):
    good, rules, warn_only = files
    assert validate_paths([good]).valid
    report = validate_paths([good], rulesets=[rules])
    assert not report.valid
    lines = [str(p) for p in report.problems]
    assert lines == [
        f"{good}:3: XM-DAC-701-8-1: warning: Conditions should be given. "
        "[X.1 atleast_one; ruleset rules.json]",
        f"{good}:3: XM-DAC-701-8-1: An actual start is needed. "
        "[X.2 atleast_one; ruleset rules.json]",
    ]
    assert [p.level for p in report.problems] == ["warning", "error"]
    assert validate_paths([good], rulesets=[warn_only]).valid  # a warning alone: still valid


def test_the_command_takes_repeatable_rulesets(files, capsys):
    good, rules, warn_only = files
    call_command("iati", "validate", str(good))
    assert capsys.readouterr().out.strip() == "1 files checked, 0 invalid, 0 problems."
    with pytest.raises(CommandError, match="1 invalid, 3 problems"):
        call_command("iati", "validate", "--ruleset", rules, "--ruleset", warn_only, str(good))
    out = capsys.readouterr().out
    assert out.count("[X.1 atleast_one") == 2 and out.count("[X.2 atleast_one") == 1


def test_a_broken_ruleset_stops_the_command_before_any_file(files, write, capsys):
    good, _rules, _warn = files
    rules = {"//iati-activity": {"atleast_one": {"cases": [{"paths": ["a["]}]}}}
    broken = write("broken.json", json.dumps(rules))
    with pytest.raises(CommandError, match="broken.json: invalid XPath 'a\\['"):
        call_command("iati", "validate", "--ruleset", broken, str(good))
    assert capsys.readouterr().out == ""


ORGANISATION = """<?xml version="1.0" encoding="UTF-8"?>
<iati-organisations version="2.03">
 <iati-organisation last-updated-datetime="2024-01-01T00:00:00Z" default-currency="JPY">
  <organisation-identifier>XM-DAC-701-8</organisation-identifier>
  <name><narrative>JICA</narrative></name>
  <reporting-org ref="XM-DAC-701-8" type="10"><narrative>JICA</narrative></reporting-org>
  {extra}
 </iati-organisation>
</iati-organisations>
"""


def test_organisation_files_are_validated_against_the_organisation_schema(write):
    good = write("org.xml", ORGANISATION.format(extra=""))
    assert validate_paths([good]).problems == []
    bad = write("bad-org.xml", ORGANISATION.format(extra='<total-budget status="9"/>'))
    (first, *_rest) = validate_paths([bad]).problems
    assert (first.line, first.identifier, first.kind) == (7, "XM-DAC-701-8", "schema")
    assert "total-budget" in first.message
    budget = {"atleast_one": {"cases": [{"paths": ["total-budget"]}]}}
    rules = write("org-rules.json", json.dumps({"//iati-organisation": budget}))
    (problem,) = validate_paths([good], rulesets=[rules]).problems
    assert (problem.line, problem.identifier, problem.kind) == (3, "XM-DAC-701-8", "ruleset")
