from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kakehashi.core.services.money import (
    Money,
    ParsedAmount,
    format_money_en,
    format_money_ja,
    parse_amount_ja,
    parse_money_ja,
)

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


# --- Money -----------------------------------------------------------------


def test_money_accepts_int_and_decimal():
    assert Money(5, "JPY").amount == Decimal(5)
    assert isinstance(Money(5, "JPY").amount, Decimal)
    assert Money(Decimal("1.25"), "usd").currency == "USD"


@pytest.mark.parametrize("amount", [1.5, "100", True, None])
def test_money_rejects_non_decimal_amounts(amount):
    with pytest.raises(TypeError):
        Money(amount, "JPY")


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity")])
def test_money_rejects_non_finite(amount):
    with pytest.raises(ValueError, match="finite"):
        Money(amount, "JPY")


@pytest.mark.parametrize("code", ["YEN", "XYZ", "US", "", "JPYY"])
def test_money_rejects_unknown_currency(code):
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(1, code)


def test_money_is_frozen_and_compares_by_value():
    money = Money(Decimal("1.0"), "JPY")
    assert money == Money(1, "JPY")
    with pytest.raises(AttributeError):
        money.amount = Decimal(2)


# --- format_money_ja ----------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "unit", "expected"),
    [
        (Money(40159000, "JPY"), "thousand", "40,159千円"),
        (Money(40159500, "JPY"), "thousand", "40,159.5千円"),
        (Money(3500000000, "JPY"), "million", "3,500百万円"),
        (Money(10830000000, "USD"), "hundred_million", "108.3億米ドル"),
        (Money(3200000000000, "JPY"), "trillion", "3.2兆円"),
        (Money(120000000, "JPY"), None, "1億2,000万円"),
        (Money(868000000, "USD"), None, "8億6,800万米ドル"),
        (Money(120000005, "JPY"), None, "1億2,000万5円"),
        (Money(3200000000000, "JPY"), None, "3兆2,000億円"),
        (Money(950000, "EUR"), None, "95万ユーロ"),
        (Money(1234, "GBP"), None, "1,234ポンド"),
        (Money(0, "JPY"), None, "0円"),
        (Money(0, "JPY"), "thousand", "0千円"),
        (Money(Decimal("0.5"), "USD"), None, "0.5米ドル"),
        (Money(Decimal("10000.25"), "CNY"), None, "1万0.25人民元"),
        (Money(-120000000, "JPY"), None, "-1億2,000万円"),
        (Money(50000, "THB"), None, "5万THB"),
        (Money(10**17, "KRW"), None, "100,000兆ウォン"),
        (Money(5, "CHF"), None, "5スイスフラン"),
        (Money(5, "AUD"), None, "5豪ドル"),
        (Money(5, "CAD"), None, "5カナダドル"),
    ],
)
def test_format_money_ja(money, unit, expected):
    assert format_money_ja(money, unit) == expected


def test_format_money_ja_is_exact_beyond_default_decimal_precision():
    amount = Decimal("12345678901234567890123456789012.5")
    text = format_money_ja(Money(amount, "JPY"))
    assert text == "12,345,678,901,234,567,890兆1,234億5,678万9,012.5円"
    assert parse_money_ja(text).amount == amount


def test_format_money_ja_rejects_unknown_unit():
    with pytest.raises(ValueError, match="Unknown unit"):
        format_money_ja(Money(1, "JPY"), "billion")


# --- format_money_en ----------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "unit", "expected"),
    [
        (Money(40159000, "JPY"), "thousand", "¥40,159 thousand"),
        (Money(120000000, "JPY"), None, "¥120 million"),
        (Money(1200000000, "JPY"), None, "¥1.2 billion"),
        (Money(868000000, "USD"), None, "US$868 million"),
        (Money(3500000, "EUR"), None, "€3.5 million"),
        (Money(950000, "JPY"), None, "¥950,000"),
        (Money(1234000, "GBP"), None, "£1.234 million"),
        (Money(1234500, "GBP"), None, "£1,234,500"),
        (Money(3 * 10**12, "JPY"), None, "¥3 trillion"),
        (Money(5 * 10**15, "JPY"), None, "¥5,000 trillion"),
        (Money(-1200000000, "JPY"), None, "-¥1.2 billion"),
        (Money(5000000, "THB"), None, "THB 5 million"),
        (Money(Decimal("12.5"), "USD"), None, "US$12.5"),
        (Money(2 * 10**6, "USD"), "billion", "US$0.002 billion"),
    ],
)
def test_format_money_en(money, unit, expected):
    assert format_money_en(money, unit) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1234500000, "¥1.23 billion"),
        (1235000000, "¥1.24 billion"),
        (999600000, "¥1 billion"),
        (123456, "¥123,000"),
        (120000000, "¥120 million"),
    ],
)
def test_format_money_en_approximate_rounds_to_three_significant_figures(amount, expected):
    assert format_money_en(Money(amount, "JPY"), approximate=True) == expected


def test_format_money_en_never_rounds_by_default():
    assert format_money_en(Money(123456789, "JPY")) == "¥123,456,789"


# --- parsing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("約8億6,800万ドル", 868000000, "USD"),
        ("108.3億米ドル", 10830000000, "USD"),
        ("40,159千円", 40159000, "JPY"),
        ("４０，１５９千円", 40159000, "JPY"),
        ("3,500百万円", 3500000000, "JPY"),
        ("百万円", 1000000, "JPY"),
        ("0千円", 0, "JPY"),
        ("0万円", 0, "JPY"),
        ("5兆円", 5000000000000, "JPY"),
        ("1,200万円", 12000000, "JPY"),
        ("3兆2000億円", 3200000000000, "JPY"),
        ("1億2,000万5円", 120000005, "JPY"),
        ("五千万円", 50000000, "JPY"),
        ("二千五百万円", 25000000, "JPY"),
        ("十五億円", 1500000000, "JPY"),
        ("100USドル", 100, "USD"),
        ("3億ユーロ", 300000000, "EUR"),
        ("2億ポンド", 200000000, "GBP"),
        ("5万元", 50000, "CNY"),
        ("5万人民元", 50000, "CNY"),
        ("10億ウォン", 1000000000, "KRW"),
        ("5万豪ドル", 50000, "AUD"),
        ("5万THB", 50000, "THB"),
        ("¥1,200万", 12000000, "JPY"),
        ("￥1,200万円", 12000000, "JPY"),
        ("△1,000千円", -1000000, "JPY"),
        ("-5円", -5, "JPY"),
        ("1 億 2,000 万円", 120000000, "JPY"),
        ("US$5 million", 5000000, "USD"),
        ("¥120 million", 120000000, "JPY"),
        ("¥1.2 billion", 1200000000, "JPY"),
        ("€3.5 million", 3500000, "EUR"),
        ("¥40,159 thousand", 40159000, "JPY"),
        ("-¥1.2 billion", -1200000000, "JPY"),
        ("THB 5 million", 5000000, "THB"),
        ("5 million USD", 5000000, "USD"),
        ("¥950,000", 950000, "JPY"),
    ],
)
def test_parse_money_ja(text, amount, currency):
    money = parse_money_ja(text)
    assert money == Money(amount, currency)
    assert isinstance(money.amount, Decimal)


def test_parse_uses_default_currency_when_none_is_written():
    assert parse_money_ja("1億2,000万") == Money(120000000, "JPY")
    assert parse_money_ja("1億2,000万", default_currency="USD") == Money(120000000, "USD")


def test_parsed_amounts_have_plain_exponents():
    assert str(parse_money_ja("US$5 million").amount) == "5000000"
    assert str(parse_money_ja("108.3億米ドル").amount) == "10830000000"


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("約8億6,800万ドル", True),
        ("およそ5億円", True),
        ("8億円程度", True),
        ("about US$5 million", True),
        ("約US$5 million", True),
        ("概ね3千万円", True),
        ("8億6,800万ドル", False),
    ],
)
def test_parse_amount_ja_reports_approximation(text, approximate):
    parsed = parse_amount_ja(text)
    assert isinstance(parsed, ParsedAmount)
    assert parsed.approximate is approximate
    assert parse_money_ja(text) == parsed.money


@pytest.mark.parametrize(
    "text",
    [
        "",
        "円",
        "abc円",
        "万円",
        "1万2千万円",
        "1億2億円",
        "千千円",
        "1,2000円",
        "1.2.3円",
        "¥5ドル",
        "12 34円",
        "12  34円",
        "5円ドル",
        "USD 5 million EUR",
    ],
)
def test_parse_rejects_bad_input_quoting_it(text):
    with pytest.raises(ValueError) as error:
        parse_money_ja(text)
    assert repr(text) in str(error.value)


def test_parse_rejects_non_str():
    with pytest.raises(TypeError):
        parse_money_ja(5)


# --- properties ---------------------------------------------------------------

integers = st.integers(min_value=0, max_value=10**30)
currencies = st.sampled_from(["JPY", "USD", "EUR", "CNY", "THB"])
decimals = st.decimals(
    min_value=-(10**20), max_value=10**20, allow_nan=False, allow_infinity=False, places=4
)


@given(integers, st.sampled_from(["JPY", "USD"]))
def test_ja_round_trip_integers(amount, currency):
    money = Money(amount, currency)
    assert parse_money_ja(format_money_ja(money)) == money


@given(decimals, currencies, st.sampled_from([None, "thousand", "million", "hundred_million"]))
def test_ja_round_trip_any_amount_and_unit(amount, currency, unit):
    money = Money(amount, currency)
    assert parse_money_ja(format_money_ja(money, unit)) == money


@given(decimals, currencies)
def test_en_round_trip_when_exact(amount, currency):
    money = Money(amount, currency)
    assert parse_money_ja(format_money_en(money)) == money


@given(integers)
def test_en_approximate_keeps_three_significant_figures(amount):
    parsed = parse_money_ja(format_money_en(Money(amount, "JPY"), approximate=True)).amount
    assert parsed == 0 or len(parsed.normalize().as_tuple().digits) <= 3
    assert abs(parsed - amount) <= Decimal(amount) / 200


@given(decimals, currencies)
def test_parsing_never_returns_float(amount, currency):
    parsed = parse_money_ja(format_money_ja(Money(amount, currency))).amount
    assert isinstance(parsed, Decimal) and not isinstance(parsed, float)


@given(integers, st.sampled_from([None, "thousand", "million"]))
def test_full_width_parses_like_half_width(amount, unit):
    text = format_money_ja(Money(amount, "JPY"), unit)
    assert parse_money_ja(text.translate(FULL_WIDTH)) == parse_money_ja(text)
