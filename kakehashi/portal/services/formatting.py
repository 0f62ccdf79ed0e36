"""How the public pages write amounts, years, dates and figures in the reader's language.

Everything here takes the language explicitly (``lang``: "ja" or "en") or falls back to the
active one, so the same function serves templates and tests.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language

from kakehashi.core.services.japanese_calendar import FiscalYear
from kakehashi.core.services.money import Money, format_money_en, format_money_ja
from kakehashi.core.services.text import pick


def reader_language(lang: str | None = None) -> str:
    """Return "ja" or "en": the given language, else the active one, else Japanese."""
    code = (lang or get_language() or "ja")[:2].lower()
    return code if code in ("ja", "en") else "ja"


def other_language(lang: str | None = None) -> str:
    return "en" if reader_language(lang) == "ja" else "ja"


def bilingual_text(obj, field: str, lang: str | None = None) -> tuple[str, str]:
    """(text, language of the text) of ``field_ja``/``field_en``, falling back to the other."""
    lang = reader_language(lang)
    ja, en = getattr(obj, f"{field}_ja", "") or "", getattr(obj, f"{field}_en", "") or ""
    text = pick(ja, en, lang)
    if not text:
        return "", lang
    own = ja if lang == "ja" else en
    return text, lang if own and own.strip() else other_language(lang)


def in_language(text: str, text_lang: str, lang: str | None = None):
    """``text`` wrapped in ``<span lang="…">`` when it is not in the reader's language (a
    fallback), so screen readers and fonts treat it right."""
    if text and text_lang and text_lang != reader_language(lang):
        return format_html('<span lang="{}">{}</span>', text_lang, text)
    return text


def narrative_with_language(narratives, lang: str | None = None) -> tuple[str, str]:
    """(text, its language) of an IATI narrative list, preferring the reader's language.

    Follows ``registry.narrative_text``: the reader's language, then the other one, then
    whatever text there is (its language is then unknown and returned as "").
    """
    lang = reader_language(lang)
    if not narratives:
        return "", lang
    for wanted in (lang, other_language(lang)):
        for narrative in narratives:
            if (narrative.get("lang") or "")[:2] == wanted and narrative.get("text"):
                return narrative["text"], wanted
    for narrative in narratives:
        if narrative.get("text"):
            return narrative["text"], (narrative.get("lang") or "")[:2]
    return "", lang


def format_money(
    amount: Decimal | int | None,
    currency: str | None,
    lang: str | None = None,
    unit: str | None = None,
) -> str:
    """An exact amount: 40,159千円 / ¥40,159 thousand with ``unit="thousand"``.

    A value whose currency is missing or not ISO 4217 is written as a plain number with
    whatever code it has, never dropped.
    """
    if amount is None:
        return ""
    try:
        money = Money(Decimal(amount), currency or "")
    except (TypeError, ValueError):
        return f"{Decimal(amount):,f} {currency or ''}".strip()
    if reader_language(lang) == "ja":
        return format_money_ja(money, unit)
    return format_money_en(money, unit)


def round_significant(amount: Decimal, digits: int = 3) -> Decimal:
    if not amount:
        return Decimal(0)
    quantum = Decimal(1).scaleb(amount.adjusted() - digits + 1)
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


def format_money_about(amount: Decimal, currency: str, lang: str | None = None) -> str:
    """A headline total rounded to three significant figures: 約12億3,000万円 / about ¥1.23
    billion. The rounding is said, never hidden."""
    rounded = round_significant(Decimal(amount))
    text = format_money(rounded, currency, lang)
    if rounded == amount:
        return text
    return f"約{text}" if reader_language(lang) == "ja" else f"about {text}"


def fiscal_year_label(year: int | None, lang: str | None = None) -> str:
    """平成29年度 in Japanese, FY2017 in English."""
    if year is None:
        return ""
    fiscal_year = FiscalYear(year)
    return fiscal_year.label_ja if reader_language(lang) == "ja" else fiscal_year.label_en


def format_date(day: date | None, precision: str = "day") -> str:
    """A date in the active language, as precise as it is known: 2012年7月 / July 2012."""
    if day is None:
        return ""
    return _date_text(day, precision, get_language())


@lru_cache(maxsize=20_000)
def _date_text(day: date, precision: str, active_language: str | None) -> str:
    # Cached: a list page writes dozens of dates, and Django's formatter costs ~30 µs each.
    # The key holds the active language, whose formats Django uses.
    if precision == "year":
        return formats.date_format(day, "Y年" if reader_language(active_language) == "ja" else "Y")
    if precision == "month":
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")


def meeting_number(number: int | None, lang: str | None = None) -> str:
    """第13回 in Japanese, 13th in English."""
    if number is None:
        return ""
    if reader_language(lang) == "ja":
        return f"第{number}回"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def format_number(value: Decimal | int | None) -> str:
    """1234.50 -> 1,234.5; whole numbers without decimals."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):,f}"
    return f"{number.normalize():,f}"


def format_percentage(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{format_number(Decimal(value).quantize(Decimal('0.01')))}%"


def large_number(value: Decimal, lang: str | None = None) -> str:
    """Big counts as people read them: 8億6,800万 / 868 million; smaller ones with commas.

    Exact: a value that the larger unit cannot show exactly keeps all its digits.
    """
    number = Decimal(value)
    whole = number == number.to_integral_value()
    if reader_language(lang) == "ja":
        if whole and abs(number) >= 100_000_000:
            integer, parts = int(abs(number)), []
            for kanji, exponent in (("兆", 12), ("億", 8), ("万", 4)):
                group, integer = divmod(integer, 10**exponent)
                if group:
                    parts.append(f"{group:,}{kanji}")
            if integer:
                parts.append(f"{integer:,}")
            return ("-" if number < 0 else "") + "".join(parts)
        return format_number(number)
    for word, exponent in (("trillion", 12), ("billion", 9), ("million", 6)):
        if abs(number) >= 10**exponent:
            scaled = number.scaleb(-exponent)
            if scaled == scaled.quantize(Decimal("0.001")):
                return f"{format_number(scaled)} {word}"
            break
    return format_number(number)


def key_figure_parts(figure, lang: str | None = None) -> dict[str, str]:
    """Prefix, number, unit and suffix of a key figure: 約|8億6,800万|米ドル| or over|2,800|
    projects|, so a page can set the number large and the words small."""
    lang = reader_language(lang)
    unit, _ = bilingual_text(figure, "unit", lang)
    number = large_number(figure.value, lang)
    if lang == "ja":
        return {
            "prefix": "約" if figure.approximate else "",
            "number": number,
            "unit": unit,
            "suffix": "以上" if figure.at_least else "",
        }
    words = ["about" if figure.approximate else "", "over" if figure.at_least else ""]
    prefix = " ".join(word for word in words if word)
    no_space = unit in ("%", "") or unit.startswith("%")
    return {
        "prefix": f"{prefix} " if prefix else "",
        "number": number,
        "unit": unit if no_space else f" {unit}",
        "suffix": "",
    }


def key_figure_value(figure, lang: str | None = None) -> str:
    """約/以上 around the value and unit: 2,800件以上 / over 2,800 projects."""
    return "".join(key_figure_parts(figure, lang).values())


def rate_text(rate, lang: str | None = None) -> str:
    """An exchange rate and its year: 1米ドル＝108.66円（2016年） / US$1 = ¥108.66 (2016)."""
    yen = f"{Decimal(rate.yen_per_unit).quantize(Decimal('0.01')):,f}"
    unit = format_money(Decimal(1), rate.currency, lang)
    if reader_language(lang) == "ja":
        return f"{unit}＝{yen}円（{rate.year}年）"
    return f"{unit} = ¥{yen} ({rate.year})"
