"""What an organisation's IATI organisation file says, by budget period, for its page.

Totals are kept per currency (never added across currencies); a period is the one the
publisher used (calendar or fiscal year). Country and region budgets are summed for the
period; the ten largest country budgets of the latest period are listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kakehashi.portal.services.codes import country_names
from kakehashi.registry.models import (
    OrganisationBudget,
    OrganisationBudgetKind,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationIati,
    narrative_text,
)

TOP_COUNTRIES = 10


@dataclass
class Money:
    amount: Decimal
    currency: str


@dataclass
class BudgetPeriod:
    start: date
    end: date
    total: list[Money] = field(default_factory=list)
    status: str = ""  # BudgetStatus: 1 indicative, 2 committed
    expenditure: list[Money] = field(default_factory=list)
    countries: int = 0
    country_total: list[Money] = field(default_factory=list)
    regions: int = 0

    @property
    def calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)


@dataclass
class OrganisationBudgets:
    periods: list[BudgetPeriod]
    top_countries: list[tuple[str, str, Money]]  # (code, name, budget) of the latest period
    documents: list[dict]

    def __bool__(self) -> bool:
        return bool(self.periods or self.documents)


def _sums(rows) -> list[Money]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.currency] += row.value
    return [Money(amount, currency) for currency, amount in sorted(totals.items())]


def _country_name(country) -> str:
    return country.name if country is not None else ""


def organisation_budgets(organisation, lang: str | None = None) -> OrganisationBudgets:
    """Budget periods (newest first), the latest period's largest country budgets and the
    documents of the organisation file; empty when it has none."""
    if not OrganisationIati.objects.filter(organisation=organisation).exists():
        return OrganisationBudgets([], [], [])  # one query for the many without a file
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for budget in OrganisationBudget.objects.filter(organisation=organisation):
        groups[(budget.period_start, budget.period_end)][budget.kind].append(budget)
    for spent in OrganisationExpenditure.objects.filter(organisation=organisation):
        groups[(spent.period_start, spent.period_end)]["expenditure"].append(spent)
    periods = []
    for (start, end), kinds in sorted(groups.items(), reverse=True):
        totals = kinds[OrganisationBudgetKind.TOTAL]
        countries = kinds[OrganisationBudgetKind.RECIPIENT_COUNTRY]
        periods.append(
            BudgetPeriod(
                start=start,
                end=end,
                total=_sums(totals),
                status=totals[0].status if totals else "",
                expenditure=_sums(kinds["expenditure"]),
                countries=len(countries),
                country_total=_sums(countries),
                regions=len(kinds[OrganisationBudgetKind.RECIPIENT_REGION]),
            )
        )
    latest = next((p for p in periods if p.countries), None)
    top = []
    if latest is not None:
        countries = groups[(latest.start, latest.end)][OrganisationBudgetKind.RECIPIENT_COUNTRY]
        countries = sorted(countries, key=lambda b: b.value, reverse=True)[:TOP_COUNTRIES]
        # The registry's name in the reader's language; the publisher's narrative otherwise.
        known = country_names(b.recipient_ref for b in countries)
        top = [
            (
                b.recipient_ref,
                _country_name(known.get(b.recipient_ref.upper()))
                or narrative_text(b.recipient_narratives, lang)
                or b.recipient_ref,
                Money(b.value, b.currency),
            )
            for b in countries
        ]
    documents = [
        {
            "url": document.url,
            "title": narrative_text(document.title, lang) or document.url,
            "date": document.document_date,
            "categories": document.categories,
        }
        for document in OrganisationDocument.objects.filter(organisation=organisation)
    ]
    return OrganisationBudgets(periods, top, documents)
