"""Headline figures for the home page and money totals, aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, NullIf

from kakehashi.registry.models import (
    Activity,
    Contribution,
    Organisation,
    RecipientCountry,
    Transaction,
)

# IATI TransactionType codes.
INCOMING_FUNDS = "1"
COMMITMENT = "2"
DISBURSEMENT = "3"
EXPENDITURE = "4"
TOTALLED_TYPES = (COMMITMENT, DISBURSEMENT)


@dataclass(frozen=True)
class Total:
    currency: str
    amount: Decimal


@dataclass
class HeadlineFigures:
    activities: int
    countries: int
    organisations: int
    contributions: int
    commitments: list[Total] = field(default_factory=list)
    disbursements: list[Total] = field(default_factory=list)


def effective_currency():
    """The transaction's own currency, else its activity's default currency."""
    return Coalesce(
        NullIf(F("currency"), Value("")),
        F("activity__default_currency"),
        output_field=CharField(),
    )


def public_transactions() -> QuerySet[Transaction]:
    return Transaction.objects.filter(activity__is_published=True)


def totals_by_type(transactions: QuerySet[Transaction]) -> dict[str, list[Total]]:
    """{transaction type: [Total per currency, largest first]} in one query."""
    rows = (
        transactions.filter(type__in=TOTALLED_TYPES)
        .annotate(effective=effective_currency())
        .values("type", "effective")
        .annotate(total=Sum("value"))
        .order_by("type", "-total")
    )
    totals: dict[str, list[Total]] = {kind: [] for kind in TOTALLED_TYPES}
    for row in rows:
        totals[row["type"]].append(Total(row["effective"] or "", Decimal(row["total"] or 0)))
    return totals


def headline_figures() -> HeadlineFigures:
    activities = Activity.objects.public()
    totals = totals_by_type(public_transactions())
    return HeadlineFigures(
        activities=activities.count(),
        countries=RecipientCountry.objects.filter(activity__is_published=True)
        .values("country_code")
        .distinct()
        .count(),
        organisations=Organisation.objects.public().count(),
        contributions=Contribution.objects.public().filter(organisation__is_published=True).count(),
        commitments=totals[COMMITMENT],
        disbursements=totals[DISBURSEMENT],
    )


@dataclass
class YearTotals:
    year: int
    commitments: list[Total] = field(default_factory=list)
    disbursements: list[Total] = field(default_factory=list)


def country_totals_by_year(country_code: str) -> list[YearTotals]:
    """Commitments and disbursements of published activities in a country, by calendar year.

    Each transaction counts for the country's share of its activity (the recipient-country
    percentage; 100 when the publisher gave none), as IATI asks.
    """
    share = Coalesce(F("activity__recipient_countries__percentage"), Value(Decimal(100)))
    attributed = ExpressionWrapper(
        F("value") * share / Value(Decimal(100)),
        output_field=DecimalField(max_digits=30, decimal_places=4),
    )
    rows = (
        public_transactions()
        .filter(
            type__in=TOTALLED_TYPES,
            activity__recipient_countries__country_code=country_code,
        )
        .annotate(effective=effective_currency(), year=ExtractYear("date"))
        .values("year", "type", "effective")
        .annotate(total=Sum(attributed), n=Count("id"))
        .order_by("-year", "type", "-total")
    )
    years: dict[int, YearTotals] = {}
    for row in rows:
        entry = years.setdefault(row["year"], YearTotals(row["year"]))
        total = Total(row["effective"] or "", Decimal(row["total"] or 0).quantize(Decimal("0.01")))
        if row["type"] == COMMITMENT:
            entry.commitments.append(total)
        else:
            entry.disbursements.append(total)
    return list(years.values())
