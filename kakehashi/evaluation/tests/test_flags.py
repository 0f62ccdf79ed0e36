"""Each calibration flag on a constructed history, and the budget-weighted distribution."""

from decimal import Decimal

import pytest

from kakehashi.evaluation.models import Status
from kakehashi.evaluation.services import calibration

pytestmark = pytest.mark.django_db


def kinds(flags):
    return sorted((f.kind, f.sheet.fiscal_year) for f in flags)


def test_same_low_grade_three_years_while_budget_rose(make_sheet, users):
    for year in (2015, 2016, 2017):
        make_sheet(year=year, status=Status.PUBLISHED)  # B, budget 30 → 35 → 40 million
    flags = calibration.flag_persistent_low(calibration.sheets_for(users["viewer"]))
    assert kinds(flags) == [("persistent_low", 2017)]
    assert [s.fiscal_year for s in flags[0].related] == [2015, 2016, 2017]


def test_no_low_flag_when_budget_fell_or_grades_differ_or_years_missing(make_sheet, istc, users):
    for year in (2015, 2016, 2017):
        make_sheet(year=year, status=Status.PUBLISHED)
    istc[2017].amount = Decimal("1000")  # the sheet keeps its own snapshot of the budget
    sheets = list(calibration.sheets_for(users["viewer"]))
    latest = next(s for s in sheets if s.fiscal_year == 2017)
    latest.budget_amount = Decimal("20000000")
    assert calibration.flag_persistent_low(sheets) == []
    latest.budget_amount, latest.overall_grade = Decimal("50000000"), "A"
    assert calibration.flag_persistent_low(sheets) == []
    middle = [s for s in sheets if s.fiscal_year != 2016]
    latest.overall_grade = "B"
    assert calibration.flag_persistent_low(middle) == []


def test_grade_a_three_years_is_not_low(make_sheet, users):
    for year in (2015, 2016, 2017):
        make_sheet(year=year, grades=("A",) * 5, overall="A", status=Status.PUBLISHED)
    assert calibration.flag_persistent_low(calibration.sheets_for(users["viewer"])) == []


def test_overall_out_of_line_with_criteria(make_sheet, users):
    make_sheet(year=2016, grades=("B",) * 5, overall="A", status=Status.PUBLISHED)
    make_sheet(year=2017, grades=("A", "A", "B", "B", "B"), overall="A", status=Status.PUBLISHED)
    make_sheet(year=2015, grades=("A",) * 4 + ("C",), overall="C", status=Status.PUBLISHED)
    flags = calibration.flag_out_of_line(calibration.sheets_for(users["viewer"]))
    assert kinds(flags) == [("out_of_line", 2015), ("out_of_line", 2016)]


def test_criterion_left_empty(make_sheet, users):
    sheet = make_sheet(year=2017, status=Status.SUBMITTED)
    empty = sheet.assessments.all()[3]
    empty.narrative_ja = ""
    empty.save()
    make_sheet(year=2016, status=Status.DRAFT, narrative=False)  # drafts are not flagged
    flags = calibration.flag_empty_criteria(calibration.sheets_for(users["viewer"]))
    assert kinds(flags) == [("empty_criterion", 2017)]
    assert empty.criterion.name_ja in flags[0].detail


def test_distribution_is_weighted_by_budget(make_sheet, users):
    make_sheet(year=2015, grades=("A",) * 5, overall="A", status=Status.PUBLISHED)  # 30m
    make_sheet(year=2016, status=Status.PUBLISHED)  # B, 35m
    make_sheet(year=2017, grades=("A",) * 5, overall="A", status=Status.DRAFT)  # left out
    data = calibration.dashboard(users["viewer"])
    total = data["total"]
    assert total.count == 2
    assert total.counts["A"] == 1 and total.counts["B"] == 1
    assert total.high_share == Decimal("46.2")  # 30 / 65
    assert [row.key for row in data["by_year"]] == [2015, 2016]


def test_dashboard_year_filter_still_sees_the_run(make_sheet, users):
    for year in (2015, 2016, 2017):
        make_sheet(year=year, status=Status.PUBLISHED)
    data = calibration.dashboard(users["viewer"], fiscal_year=2017)
    assert data["sheet_count"] == 1
    assert [f.kind for f in data["flags"]] == ["persistent_low"]


def test_dashboard_only_counts_sheets_the_user_may_see(make_sheet, users):
    make_sheet(year=2017, status=Status.SUBMITTED)
    assert calibration.dashboard(users["viewer"])["sheet_count"] == 1
    assert calibration.dashboard(users["other-editor"])["sheet_count"] == 0
