"""Exact money amounts, with Japanese and English formatting and parsing.

Amounts are ``Decimal`` with an ISO 4217 currency, never floats: budget figures in
source documents (``40,159千円``, ``約8億6,800万ドル``) must survive a round trip
unchanged. Formatting is exact unless the caller explicitly asks for an
approximation; parsing accepts the forms found in real Japanese documents.

Public API:
    Money(amount, currency)
    format_money_ja(money, unit=None) -> str
    format_money_en(money, unit=None, *, approximate=False) -> str
    parse_amount_ja(text, default_currency="JPY") -> ParsedAmount  (keeps the 約 flag)
    parse_money_ja(text, default_currency="JPY") -> Money            (drops the 約 flag)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from functools import cache
from typing import Literal

import pycountry

# Arithmetic context that raises instead of rounding, so no step can lose a yen.
_EXACT = Context(prec=200, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])

JaUnit = Literal["thousand", "million", "hundred_million", "trillion"]
EnUnit = Literal["thousand", "million", "billion", "trillion"]

_JA_UNITS: dict[str, tuple[str, int]] = {
    "thousand": ("千", 3),
    "million": ("百万", 6),
    "hundred_million": ("億", 8),
    "trillion": ("兆", 12),
}
# Myriad grouping used by the automatic Japanese style: 1億2,000万5円.
_JA_GROUPS = (("兆", 12), ("億", 8), ("万", 4))
_EN_UNITS: dict[str, int] = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_EN_AUTO = (("trillion", 12), ("billion", 9), ("million", 6))

_JA_NAMES = {
    "JPY": "円",
    "USD": "米ドル",
    "EUR": "ユーロ",
    "GBP": "ポンド",
    "CNY": "人民元",
    "KRW": "ウォン",
    "CHF": "スイスフラン",
    "AUD": "豪ドル",
    "CAD": "カナダドル",
}
# Words accepted when parsing: every name we print, plus common variants.
_JA_WORDS = {name: code for code, name in _JA_NAMES.items()} | {
    "USドル": "USD",
    "ドル": "USD",
    "元": "CNY",
    "英ポンド": "GBP",
}
_EN_SYMBOLS = {
    "JPY": "¥",
    "USD": "US$",
    "EUR": "€",
    "GBP": "£",
    "KRW": "₩",
    "AUD": "A$",
    "CAD": "C$",
}
# Plain "$" means US dollars in the documents we read; "¥" means yen, not yuan.
_SYMBOLS = {symbol: code for code, symbol in _EN_SYMBOLS.items()} | {"$": "USD"}


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so 豪ドル wins over ドル and US$ over $.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SYMBOL_RE = _alternation(_SYMBOLS)
_JA_RE = re.compile(
    rf"(?P<approx>約|およそ|概ね)?(?P<neg>[-−△▲])?(?P<symbol>{_SYMBOL_RE})?"
    rf"(?P<body>.+?)(?P<word>{_alternation(_JA_WORDS)}|[A-Z]{{3}})?(?P<approx_suffix>程度)?"
)
_EN_RE = re.compile(
    rf"(?:(?P<approx>約|(?i:about|approx\.?|approximately|around|~))\s*)?(?P<neg>[-−])?\s*"
    rf"(?:(?P<symbol>{_SYMBOL_RE})|(?P<code>[A-Z]{{3}})\s)?\s*(?P<number>{_NUMBER})\s*"
    rf"(?P<scale>(?i:thousand|million|billion|trillion))?(?:\s+(?P<suffix>[A-Z]{{3}}))?"
)
_JA_TOKEN = re.compile(
    rf"(?P<num>{_NUMBER})|(?P<digit>[〇一二三四五六七八九])|(?P<small>[十百千])|(?P<big>[万億兆])"
)
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_POWERS = {"十": 1, "百": 2, "千": 3, "万": 4, "億": 8, "兆": 12}


@cache
def _is_iso_currency(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


@dataclass(frozen=True)
class Money:
    """An exact amount in an ISO 4217 currency. ``int`` amounts are stored as Decimal."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        amount = self.amount
        # bool is an int subclass, and floats carry binary rounding errors: refuse both.
        if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
            raise TypeError(
                f"Money amount must be Decimal or int, not {type(amount).__name__}: {amount!r}"
            )
        amount = Decimal(amount)
        if not amount.is_finite():
            raise ValueError(f"Money amount must be finite, got {amount!r}")
        if not isinstance(self.currency, str):
            raise TypeError(f"Currency must be a str, not {type(self.currency).__name__}")
        code = self.currency.strip().upper()
        if not _is_iso_currency(code):
            raise ValueError(f"Unknown ISO 4217 currency code: {self.currency!r}")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "currency", code)


@dataclass(frozen=True)
class ParsedAmount:
    """Result of :func:`parse_amount_ja`; ``approximate`` is set by 約, およそ, 概ね, 程度,
    about, approx., around or ~."""

    money: Money
    approximate: bool


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def _canonical(value: Decimal) -> Decimal:
    """Same value without exponent tricks: 5E+6 -> 5000000, 0.50 -> 0.5."""
    if _is_whole(value):
        return value.quantize(Decimal(1), context=_EXACT)
    return value.normalize(_EXACT)


def _plain(value: Decimal) -> str:
    """Digits with thousands separators, no exponent and no trailing fractional zeros."""
    return f"{_canonical(value):,f}"


def _check_unit(units: dict[str, object], unit: str) -> None:
    if unit not in units:
        raise ValueError(f"Unknown unit {unit!r}; expected one of {sorted(units)}")


def _sign(money: Money) -> str:
    return "-" if money.amount < 0 else ""


def format_money_ja(money: Money, unit: JaUnit | None = None) -> str:
    """Japanese display: ``unit='thousand'`` gives 40,159千円; default gives 1億2,000万5円.

    Exact: a remainder below the smallest unit is written out, never rounded away.
    """
    amount = money.amount.copy_abs()  # copy_abs, unlike abs(), never rounds
    if unit is not None:
        _check_unit(_JA_UNITS, unit)
        kanji, exponent = _JA_UNITS[unit]
        body = _plain(amount.scaleb(-exponent, _EXACT)) + kanji
    else:
        integer, parts = int(amount), []
        fraction = _EXACT.subtract(amount, Decimal(integer))
        for kanji, exponent in _JA_GROUPS:
            group, integer = divmod(integer, 10**exponent)
            if group:
                parts.append(f"{group:,}{kanji}")
        ones = _EXACT.add(Decimal(integer), fraction)
        if ones or not parts:
            parts.append(_plain(ones))
        body = "".join(parts)
    return f"{_sign(money)}{body}{_JA_NAMES.get(money.currency, money.currency)}"


def _round_significant(amount: Decimal, digits: int) -> Decimal:
    if not amount:
        return amount
    quantum = Decimal(1).scaleb(amount.adjusted() - digits + 1)
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


def format_money_en(money: Money, unit: EnUnit | None = None, *, approximate: bool = False) -> str:
    """English display: ``¥40,159 thousand``, ``¥1.2 billion``, ``US$868 million``.

    Without ``unit`` the largest of million/billion/trillion is used when the scaled
    figure is exact with at most 3 decimals; otherwise (and below one million) the
    full figure is shown. ``approximate=True`` first rounds to 3 significant figures.
    """
    amount = money.amount.copy_abs()
    if approximate:
        amount = _round_significant(amount, 3)
    body = _plain(amount)
    if unit is not None:
        _check_unit(_EN_UNITS, unit)
        body = f"{_plain(amount.scaleb(-_EN_UNITS[unit], _EXACT))} {unit}"
    else:
        for word, exponent in _EN_AUTO:
            if amount >= 10**exponent:
                scaled = amount.scaleb(-exponent, _EXACT)
                if _is_whole(scaled.scaleb(3, _EXACT)):
                    body = f"{_plain(scaled)} {word}"
                break
    symbol = _EN_SYMBOLS.get(money.currency, f"{money.currency} ")
    return f"{_sign(money)}{symbol}{body}"


def _number(literal: str) -> Decimal:
    return Decimal(literal.replace(",", ""))


def _parse_ja_body(body: str) -> Decimal:
    """Evaluate digits, kanji numerals and 十百千万億兆 units, e.g. 3,500百万 or 五千万."""
    total = group = Decimal(0)
    pending: Decimal | None = None
    last_small = last_big = 99  # units must strictly decrease within their scope
    position = 0
    while position < len(body):
        token = _JA_TOKEN.match(body, position)
        if token is None:
            raise ValueError(f"unexpected {body[position]!r}")
        position = token.end()
        kind, text = token.lastgroup, token.group()
        if kind in ("num", "digit"):
            if pending is not None:
                raise ValueError("two numbers in a row")
            pending = _number(text) if kind == "num" else Decimal(_KANJI_DIGITS[text])
            continue
        power = _KANJI_POWERS[text]
        if kind == "small":
            if power >= last_small:
                raise ValueError(f"misplaced {text!r}")
            multiplier = Decimal(1) if pending is None else pending  # 千円 is 1千円
            group = _EXACT.add(group, multiplier.scaleb(power, _EXACT))
            last_small = power
        else:
            if power >= last_big:
                raise ValueError(f"misplaced {text!r}")
            if pending is None and last_small == 99:  # nothing since the previous 万/億/兆
                raise ValueError(f"{text!r} without a number")
            value = _EXACT.add(group, pending or Decimal(0))
            total = _EXACT.add(total, value.scaleb(power, _EXACT))
            group, last_small, last_big = Decimal(0), 99, power
        pending = None
    return _EXACT.add(_EXACT.add(total, group), pending or Decimal(0))


def _currency(symbol: str | None, word: str | None, default: str) -> str:
    from_symbol = _SYMBOLS.get(symbol) if symbol else None
    from_word = _JA_WORDS.get(word, word) if word else None
    if from_symbol and from_word and from_symbol != from_word:
        raise ValueError(f"conflicting currencies {symbol!r} and {word!r}")
    return from_symbol or from_word or default


def parse_amount_ja(text: str, default_currency: str = "JPY") -> ParsedAmount:
    """Parse an amount as written in Japanese (or simple English) documents.

    Accepts 約8億6,800万ドル, 108.3億米ドル, 40,159千円, 3兆2000億円, 五千万円,
    full-width digits, △/▲ for negatives, and English ``US$5 million``. The currency
    defaults to ``default_currency`` when the text names none. Raises ValueError
    quoting the input when it is not a recognisable amount.
    """
    if not isinstance(text, str):
        raise TypeError(f"Expected str, not {type(text).__name__}")
    normalized = " ".join(unicodedata.normalize("NFKC", text).split())
    try:
        match = _EN_RE.fullmatch(normalized)
        if match:
            if match["code"] and match["suffix"]:
                raise ValueError("currency code given twice")
            amount = _number(match["number"])
            if match["scale"]:
                amount = amount.scaleb(_EN_UNITS[match["scale"].lower()], _EXACT)
            word, approximate = match["code"] or match["suffix"], bool(match["approx"])
        else:
            # Spaces between digits would merge two numbers; elsewhere they are noise.
            match = _JA_RE.fullmatch(re.sub(r"(?<!\d) | (?!\d)", "", normalized))
            if match is None:
                raise ValueError("unrecognised format")
            amount = _parse_ja_body(match["body"])
            word = match["word"]
            approximate = bool(match["approx"] or match["approx_suffix"])
        currency = _currency(match["symbol"], word, default_currency)
        if match["neg"]:
            amount = amount.copy_negate()
        return ParsedAmount(Money(_canonical(amount), currency), approximate)
    except (ValueError, ArithmeticError) as error:
        raise ValueError(f"Cannot parse money amount {text!r}: {error}") from None


def parse_money_ja(text: str, default_currency: str = "JPY") -> Money:
    """Like :func:`parse_amount_ja` but returns only the Money (約 is accepted, dropped)."""
    return parse_amount_ja(text, default_currency).money
