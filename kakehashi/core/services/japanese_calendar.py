"""Japanese eras (和暦) and the April-March fiscal year (年度).

We wrote our own rather than depend on japanera/jeraconv: we need only five eras but
exact fiscal-year (年度) labelling and strict validation, which those libraries lack.

Conventions decided here:

* 明治 starts 1868-01-25 (Gregorian), the first day of 慶応4年 in the old calendar,
  to which the Meiji era name was applied retroactively; this is the usual table
  convention. Japan used the lunisolar calendar until 明治5年12月2日 (1872-12-31),
  so era *dates* (月日) before 1873-01-01 are rejected rather than silently mismatched;
  era *years* work from 明治元年.
* A calendar year or fiscal year is labelled with the era in force on 31 December of
  that year: FY2019 is 令和元年度 and 2019 is 令和元年. After the 2019 era change the
  government renamed FY2019 (which began under 平成) to 令和元年度, and the same rule
  gives 平成元年度 for FY1989 and 昭和63年度 for FY1988.
* Parsing also accepts labels that were really used, e.g. 平成31年度 (FY2019, printed
  before May 2019): an era year is accepted if the era was in force on some day of
  that (fiscal) year; 平成32年 and 昭和64年度 are rejected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Era:
    kanji: str
    romaji: str
    english: str
    abbreviation: str
    start: date
    end: date | None  # last day, inclusive; None for the current era

    def contains(self, day: date) -> bool:
        day = _as_date(day)
        return self.start <= day and (self.end is None or day <= self.end)

    def gregorian_year(self, era_year: int) -> int:
        return self.start.year + era_year - 1


ERAS: tuple[Era, ...] = (
    Era("明治", "Meiji", "Meiji", "M", date(1868, 1, 25), date(1912, 7, 29)),
    Era("大正", "Taishō", "Taisho", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "Shōwa", "Showa", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "Heisei", "Heisei", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "Reiwa", "Reiwa", "R", date(2019, 5, 1), None),
)
_ERA_BY_NAME = {
    name.casefold(): era
    for era in ERAS
    for name in (era.kanji, era.romaji, era.english, era.abbreviation)
}
# Before this day Japanese month/day numbers were lunisolar, not Gregorian.
GREGORIAN_ADOPTION = date(1873, 1, 1)

_ERA = "|".join(sorted(map(re.escape, _ERA_BY_NAME), key=len, reverse=True))
_NUM = r"\d+|元|[〇一二三四五六七八九十]+"
_TERM_RE = re.compile(
    rf"(?P<fy>FY\s*)?(?:(?P<era>{_ERA})\s*)?(?P<num>{_NUM})\s*(?P<suffix>年度|年)?", re.I
)
# Main year, optional year in brackets, optional shared suffix: 2017（平成29）年度.
_YEAR_RE = re.compile(r"(?P<head>[^()]+?)\s*(?:\((?P<paren>[^()]+)\))?\s*(?P<tail>年度|年)?")
_DATE_RES = (
    re.compile(rf"(?:(?P<era>{_ERA}))?(?P<y>{_NUM})年(?P<m>{_NUM})月(?P<d>{_NUM})日", re.I),
    re.compile(rf"(?:(?P<era>{_ERA}))?(?P<y>\d+)([./-])(?P<m>\d{{1,2}})\3(?P<d>\d{{1,2}})", re.I),
)
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def _as_date(value: date) -> date:
    # datetime is a date subclass but does not compare with date; drop the time.
    return value.date() if isinstance(value, datetime) else value


def era_of(day: date) -> Era:
    day = _as_date(day)
    for era in reversed(ERAS):
        if era.start <= day:
            return era
    raise ValueError(f"{day.isoformat()} is before the Meiji era (1868-01-25)")


def era_year(day: date) -> tuple[Era, int]:
    """The era in force on ``day`` and the year within it: 2019-04-30 -> (平成, 31)."""
    era = era_of(day)
    return era, day.year - era.start.year + 1


def fiscal_year_of(day: date) -> int:
    """Japanese fiscal year (April-March): 2018-03-31 -> 2017, 2018-04-01 -> 2018."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year: 2017 -> (2017-04-01, 2018-03-31)."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def _year_number(era_year_number: int) -> str:
    return "元" if era_year_number == 1 else str(era_year_number)


def _label(year: int, fiscal: bool) -> str:
    era, number = era_year(date(year, 12, 31))  # see the module docstring
    return f"{era.kanji}{_year_number(number)}{'年度' if fiscal else '年'}"


class FiscalYear(int):
    """A fiscal year, usable as the int of the year it starts in (FY2017 == 2017)."""

    @classmethod
    def of(cls, day: date) -> FiscalYear:
        return cls(fiscal_year_of(day))

    @property
    def start(self) -> date:
        return fiscal_year_range(self)[0]

    @property
    def end(self) -> date:
        return fiscal_year_range(self)[1]

    @property
    def label_ja(self) -> str:
        return _label(self, fiscal=True)

    @property
    def label_en(self) -> str:
        return f"FY{int(self)}"

    def contains(self, day: date) -> bool:
        return self.start <= _as_date(day) <= self.end

    def __repr__(self) -> str:
        return f"FiscalYear({int(self)})"


def format_era_year(year_or_date: int | date, fiscal: bool = False) -> str:
    """Era label of a year: 2017 -> 平成29年; fiscal=True: 平成29年度, 2019 -> 令和元年度.

    A date gives the era year on that day (2019-04-30 -> 平成31年), or with
    ``fiscal=True`` the label of the fiscal year containing it. A FiscalYear is
    always labelled as a fiscal year.
    """
    if isinstance(year_or_date, date):
        day = _as_date(year_or_date)
        if fiscal:
            return _label(fiscal_year_of(day), fiscal=True)
        era, number = era_year(day)
        return f"{era.kanji}{_year_number(number)}年"
    return _label(year_or_date, fiscal=fiscal or isinstance(year_or_date, FiscalYear))


def format_era_date(day: date) -> str:
    """2019-05-01 -> 令和元年5月1日."""
    day = _as_date(day)
    if day < GREGORIAN_ADOPTION:
        raise ValueError(f"{day.isoformat()} predates the Gregorian calendar in Japan (1873-01-01)")
    era, number = era_year(day)
    return f"{era.kanji}{_year_number(number)}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class JapaneseYear:
    """A parsed year: ``year`` is Gregorian; for a fiscal year, the year it starts in."""

    year: int
    is_fiscal: bool

    @property
    def fiscal_year(self) -> FiscalYear:
        if not self.is_fiscal:
            raise ValueError(f"{self.year} is a calendar year, not a fiscal year")
        return FiscalYear(self.year)


def _number(text: str) -> int:
    """Arabic or kanji numerals up to 99: 29, 二十九, 元 (= 1), 二〇一七."""
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        if "十" in ones or len(tens) > 1 or len(ones) > 1:
            raise ValueError(f"unsupported kanji numeral {text!r}")
        return _KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(ones, 0)
    return int("".join(str(_KANJI_DIGITS[c]) for c in text))


def _era_gregorian_year(era: Era, number: int) -> int:
    if number < 1:
        raise ValueError(f"{era.kanji} years start at 元年 (1)")
    year = era.gregorian_year(number)
    if era.end is not None and year > era.end.year:
        last = era.end.year - era.start.year + 1
        raise ValueError(f"{era.kanji} ended in its year {last} ({era.end.year})")
    return year


def _western_year(text: str) -> int:
    year = _number(text)
    if not 1000 <= year <= 9999:
        raise ValueError("a year without an era must have four digits")
    return year


def _parse_term(text: str, tail: str | None) -> tuple[int, bool | None]:
    """One year expression; is_fiscal is None when the text does not say."""
    match = _TERM_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a year: {text!r}")
    suffix = match["suffix"]
    if suffix and tail:
        raise ValueError("年/年度 given twice")
    suffix = suffix or tail
    fiscal = True if match["fy"] or suffix == "年度" else (False if suffix else None)
    if match["era"] is None:
        return _western_year(match["num"]), fiscal
    number = _number(match["num"])
    era = _ERA_BY_NAME[match["era"].casefold()]
    year = _era_gregorian_year(era, number)
    if fiscal and era.end is not None and era.end < fiscal_year_range(year)[0]:
        raise ValueError(f"{era.kanji} had ended before fiscal year {year} began")
    return year, fiscal


def parse_japanese_year(text: str) -> JapaneseYear:
    """Parse 平成29年度, 平成29年, 令和元年, H29, R1, 2017年度, FY2017, 2017, 平成二十九年度,
    and paired forms like 2012年（平成24年） or 2017（平成29）年度 (both must agree).

    Full-width digits are accepted. Raises ValueError quoting the input.
    """
    normalized = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    try:
        outer = _YEAR_RE.fullmatch(normalized)
        if outer is None:
            raise ValueError("unrecognised format")
        terms = [_parse_term(outer["head"], outer["tail"])]
        if outer["paren"] is not None:
            terms.append(_parse_term(outer["paren"].strip(), outer["tail"]))
        years = {year for year, _ in terms}
        kinds = {fiscal for _, fiscal in terms if fiscal is not None}
        if len(years) > 1:
            raise ValueError("the two years given differ")
        if len(kinds) > 1:
            raise ValueError("one year is a fiscal year (年度), the other is not")
        return JapaneseYear(years.pop(), kinds == {True})
    except ValueError as error:
        raise ValueError(f"Cannot parse Japanese year {text!r}: {error}") from None


def parse_japanese_date(text: str) -> date:
    """Parse 平成29年4月1日, 令和元年5月1日, 2017年4月1日, H29.4.1 or 2017/4/1 to a date.

    An era date must fall inside its era (平成31年5月1日 is rejected: that day is
    令和元年5月1日). Raises ValueError quoting the input.
    """
    normalized = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    try:
        match = next(filter(None, (r.fullmatch(normalized) for r in _DATE_RES)), None)
        if match is None:
            raise ValueError("unrecognised format")
        month, day_number = _number(match["m"]), _number(match["d"])
        if match["era"] is None:
            return date(_western_year(match["y"]), month, day_number)
        era = _ERA_BY_NAME[match["era"].casefold()]
        day = date(_era_gregorian_year(era, _number(match["y"])), month, day_number)
        if not era.contains(day):
            raise ValueError(f"{day.isoformat()} is not in {era.kanji}")
        if day < GREGORIAN_ADOPTION:
            raise ValueError("era dates before 1873 are lunisolar")
        return day
    except ValueError as error:
        raise ValueError(f"Cannot parse Japanese date {text!r}: {error}") from None
