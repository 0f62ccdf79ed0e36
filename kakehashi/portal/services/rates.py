"""Converting amounts to yen at the annual average rate of their year.

The table (``static/portal/data/rates_per_usd.csv``) is derived from the US Federal Reserve's annual
series (public domain, see static/portal/data/README.md): units of each currency per US dollar, by
calendar year. Yen per unit of X in year Y = (yen per dollar) / (X per dollar). A year outside
the table uses the nearest year there is; a currency not in it is not converted (None).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

PORTAL_DIR = Path(__file__).resolve().parent.parent
RATES_FILE = PORTAL_DIR / "static" / "portal" / "data" / "rates_per_usd.csv"
SOURCE = "US Federal Reserve (FRED), annual averages"


@dataclass(frozen=True)
class Rate:
    currency: str
    year: int
    yen_per_unit: Decimal


@cache
def _table() -> dict[str, dict[int, Decimal]]:
    table: dict[str, dict[int, Decimal]] = {}
    with RATES_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["currency"], {})[int(row["year"])] = Decimal(row["units_per_usd"])
    table.setdefault("USD", {year: Decimal(1) for year in table["JPY"]})
    return table


def currencies() -> list[str]:
    return sorted(_table())


def rate(currency: str, year: int | None) -> Rate | None:
    """Yen per unit of ``currency`` in ``year`` (nearest year in the table), or None."""
    currency = (currency or "").upper()
    table = _table()
    if currency == "JPY":
        return Rate("JPY", year or 0, Decimal(1))
    if currency not in table:
        return None
    years = table[currency]
    if year not in years:
        usable = [y for y in years if y in table["JPY"]]
        if not usable:
            return None
        year = min(usable, key=lambda y: (abs(y - (year or max(usable))), -y))
    if year not in table["JPY"]:
        return None
    return Rate(currency, year, table["JPY"][year] / years[year])


@cache
def _yen_factor(currency: str, year: int | None) -> Decimal | None:
    found = rate(currency, year)
    return found.yen_per_unit if found else None


def to_yen(amount: Decimal, currency: str, year: int | None) -> Decimal | None:
    factor = _yen_factor((currency or "").upper(), year)
    return None if factor is None else amount * factor
