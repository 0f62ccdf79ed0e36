from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kakehashi.core.services.japanese_calendar import (
    ERAS,
    FiscalYear,
    JapaneseYear,
    era_of,
    era_year,
    fiscal_year_of,
    fiscal_year_range,
    format_era_date,
    format_era_year,
    parse_japanese_date,
    parse_japanese_year,
)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
modern_dates = st.dates(min_value=date(1926, 12, 25), max_value=date(2100, 12, 31))


# --- eras ---------------------------------------------------------------------


def test_eras_are_contiguous():
    for earlier, later in zip(ERAS, ERAS[1:], strict=False):
        assert (later.start - earlier.end).days == 1
    assert ERAS[-1].end is None


@pytest.mark.parametrize(
    ("kanji", "romaji", "english", "abbreviation", "start"),
    [
        ("明治", "Meiji", "Meiji", "M", date(1868, 1, 25)),
        ("大正", "Taishō", "Taisho", "T", date(1912, 7, 30)),
        ("昭和", "Shōwa", "Showa", "S", date(1926, 12, 25)),
        ("平成", "Heisei", "Heisei", "H", date(1989, 1, 8)),
        ("令和", "Reiwa", "Reiwa", "R", date(2019, 5, 1)),
    ],
)
def test_era_table(kanji, romaji, english, abbreviation, start):
    era = era_of(start)
    assert (era.kanji, era.romaji, era.english, era.abbreviation, era.start) == (
        kanji,
        romaji,
        english,
        abbreviation,
        start,
    )


@pytest.mark.parametrize(
    ("day", "kanji", "year"),
    [
        (date(2019, 4, 30), "平成", 31),
        (date(2019, 5, 1), "令和", 1),
        (date(1989, 1, 7), "昭和", 64),
        (date(1989, 1, 8), "平成", 1),
        (date(1926, 12, 24), "大正", 15),
        (date(1926, 12, 25), "昭和", 1),
        (date(1912, 7, 29), "明治", 45),
        (date(1912, 7, 30), "大正", 1),
        (date(1868, 1, 25), "明治", 1),
        (datetime(2017, 6, 1, 12, 30), "平成", 29),
    ],
)
def test_era_year_change_days(day, kanji, year):
    era, number = era_year(day)
    assert (era.kanji, number) == (kanji, year)


def test_before_meiji_is_rejected():
    with pytest.raises(ValueError, match="before the Meiji era"):
        era_year(date(1868, 1, 24))


# --- fiscal years ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2018, 3, 31), 2017),
        (date(2018, 4, 1), 2018),
        (date(2018, 12, 31), 2018),
        (date(2019, 1, 1), 2018),
    ],
)
def test_fiscal_year_of(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_range():
    assert fiscal_year_range(2017) == (date(2017, 4, 1), date(2018, 3, 31))


def test_fiscal_year_value_type():
    fy = FiscalYear(2017)
    assert fy == 2017 and int(fy) == 2017
    assert FiscalYear(2016) < fy < FiscalYear(2018)
    assert sorted([FiscalYear(2019), fy]) == [2017, 2019]
    assert (fy.start, fy.end) == (date(2017, 4, 1), date(2018, 3, 31))
    assert fy.label_ja == "平成29年度"
    assert fy.label_en == "FY2017"
    assert fy.contains(date(2018, 3, 31)) and not fy.contains(date(2018, 4, 1))
    assert fy.contains(datetime(2017, 4, 1, 0, 0))
    assert FiscalYear.of(date(2018, 3, 31)) == fy
    assert repr(fy) == "FiscalYear(2017)"
    assert FiscalYear(2019).label_ja == "令和元年度"


# --- formatting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "fiscal", "expected"),
    [
        (2017, True, "平成29年度"),
        (2017, False, "平成29年"),
        # FY2019 began on 2019-04-01 under 平成, but is officially 令和元年度.
        (2019, True, "令和元年度"),
        (2019, False, "令和元年"),
        (2020, True, "令和2年度"),
        (2018, True, "平成30年度"),
        (1989, True, "平成元年度"),
        (1988, True, "昭和63年度"),
        (1926, False, "昭和元年"),
        (1868, False, "明治元年"),
        (FiscalYear(2017), False, "平成29年度"),
        (date(2019, 4, 30), False, "平成31年"),
        (date(2019, 5, 1), False, "令和元年"),
        (date(2019, 4, 30), True, "令和元年度"),
        (date(2019, 3, 31), True, "平成30年度"),
    ],
)
def test_format_era_year(year, fiscal, expected):
    assert format_era_year(year, fiscal=fiscal) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2017, 4, 1), "平成29年4月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_format_era_date(day, expected):
    assert format_era_date(day) == expected


def test_format_era_date_rejects_lunisolar_period():
    with pytest.raises(ValueError, match="Gregorian"):
        format_era_date(date(1872, 12, 31))


# --- parse_japanese_year ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "is_fiscal"),
    [
        ("平成29年度", 2017, True),
        ("平成29年", 2017, False),
        ("令和元年", 2019, False),
        ("令和元年度", 2019, True),
        ("平成元年", 1989, False),
        ("H29", 2017, False),
        ("h29年度", 2017, True),
        ("R1", 2019, False),
        ("R2年度", 2020, True),
        ("S64", 1989, False),
        ("2017年度", 2017, True),
        ("2017年", 2017, False),
        ("2017", 2017, False),
        ("FY2017", 2017, True),
        ("FY 2017", 2017, True),
        ("2012年（平成24年）", 2012, False),
        ("2017年度（平成29年度）", 2017, True),
        ("2017（平成29）年度", 2017, True),
        ("令和元（2019）年度", 2019, True),
        ("FY2019（令和元年度）", 2019, True),
        ("平成２９年度", 2017, True),
        ("２０１７年度", 2017, True),
        ("平成二十九年度", 2017, True),
        ("平成三十一年", 2019, False),
        ("昭和六十四年", 1989, False),
        ("平成十年", 1998, False),
        ("令和元年 ", 2019, False),
        ("Heisei 29", 2017, False),
        ("Shōwa 50年", 1975, False),
        # Printed before the May 2019 change, and valid: FY2019 began under 平成.
        ("平成31年度", 2019, True),
        ("大正15年度", 1926, True),
        ("昭和元年度", 1926, True),
    ],
)
def test_parse_japanese_year(text, year, is_fiscal):
    assert parse_japanese_year(text) == JapaneseYear(year, is_fiscal)


def test_japanese_year_fiscal_year():
    assert parse_japanese_year("平成29年度").fiscal_year == FiscalYear(2017)
    with pytest.raises(ValueError, match="calendar year"):
        parse_japanese_year("平成29年").fiscal_year  # noqa: B018


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("平成32年", "ended"),
        ("平成三十二年度", "ended"),
        ("昭和65年", "ended"),
        ("令和0年", "元年"),
        ("昭和64年度", "before fiscal year 1989"),
        ("2012年（平成23年）", "differ"),
        ("2017年度（平成29年）", "fiscal"),
        ("29年", "four digits"),
        ("元年", "four digits"),
        ("", "unrecognised"),
        ("平成", "not a year"),
        ("大化5年", "not a year"),
        ("平成29年度年度", "twice"),
        ("平成29年年", "twice"),
        ("平成29月", "not a year"),
        ("2017年（平成29）年度", "twice"),
    ],
)
def test_parse_japanese_year_rejects(text, reason):
    with pytest.raises(ValueError, match=reason) as error:
        parse_japanese_year(text)
    assert repr(text) in str(error.value)


# --- parse_japanese_date ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成29年4月1日", date(2017, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成２９年４月１日", date(2017, 4, 1)),
        ("平成二十九年四月一日", date(2017, 4, 1)),
        ("平成 29 年 4 月 1 日", date(2017, 4, 1)),
        ("2017年4月1日", date(2017, 4, 1)),
        ("H29.4.1", date(2017, 4, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("2017/4/1", date(2017, 4, 1)),
        ("2017-04-01", date(2017, 4, 1)),
        ("明治6年1月1日", date(1873, 1, 1)),
    ],
)
def test_parse_japanese_date(text, expected):
    assert parse_japanese_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("平成31年5月1日", "not in 平成"),
        ("令和元年4月30日", "not in 令和"),
        ("昭和64年1月8日", "not in 昭和"),
        ("平成29年2月30日", "day is out of range"),
        ("平成29年13月1日", "month must be"),
        ("29年4月1日", "four digits"),
        ("明治5年1月1日", "lunisolar"),
        ("平成32年1月1日", "ended"),
        ("H29.4/1", "unrecognised"),
        ("平成29年4月", "unrecognised"),
    ],
)
def test_parse_japanese_date_rejects(text, reason):
    with pytest.raises(ValueError, match=reason) as error:
        parse_japanese_date(text)
    assert repr(text) in str(error.value)


# --- properties ---------------------------------------------------------------


@given(modern_dates)
def test_era_date_round_trip(day):
    assert parse_japanese_date(format_era_date(day)) == day


@given(modern_dates)
def test_full_width_era_date_parses_the_same(day):
    assert parse_japanese_date(format_era_date(day).translate(FULL_WIDTH)) == day


@given(modern_dates)
def test_fiscal_year_range_contains_day(day):
    start, end = fiscal_year_range(fiscal_year_of(day))
    assert start <= day <= end
    assert FiscalYear.of(day).contains(day)


@given(st.integers(min_value=1900, max_value=2100))
def test_fiscal_year_edges(year):
    start, end = fiscal_year_range(year)
    assert fiscal_year_of(start) == year
    assert fiscal_year_of(end) == year
    assert fiscal_year_of(date(year, 3, 31)) == year - 1
    assert (end - start).days in (364, 365)


@given(st.integers(min_value=1868, max_value=2100), st.booleans())
def test_era_year_label_round_trip(year, fiscal):
    assert parse_japanese_year(format_era_year(year, fiscal=fiscal)) == JapaneseYear(year, fiscal)


@given(modern_dates)
def test_era_year_of_date_round_trip(day):
    assert parse_japanese_year(format_era_year(day)).year == day.year
