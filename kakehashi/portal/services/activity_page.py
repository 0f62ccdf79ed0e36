"""The activity page's money by year (in yen, with the rates used), its downloads, and the
sector totals of a country page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from kakehashi.portal.services import downloads, rates
from kakehashi.portal.services.codes import CodeNames
from kakehashi.registry.models import Activity


@dataclass
class MoneyYear:
    year: int
    budget: int = 0
    commitments: int = 0
    disbursements: int = 0


@dataclass
class MoneyByYear:
    years: list[MoneyYear] = field(default_factory=list)
    rates: list[rates.Rate] = field(default_factory=list)
    unconverted: list[str] = field(default_factory=list)  # currencies without a rate


def money_by_year(detail) -> MoneyByYear:
    """Budgets, commitments and disbursements per calendar year in yen, from the parts
    queries.activity_detail has read (no query)."""
    activity = detail.activity
    result = MoneyByYear()
    years: dict[int, MoneyYear] = {}
    used: dict[tuple[str, int], rates.Rate] = {}
    default = activity.default_currency or "JPY"

    def add(year: int, attribute: str, value: Decimal, currency: str, rate_year: int) -> None:
        currency = (currency or default).upper()
        rate = rates.rate(currency, rate_year)
        if rate is None:
            if currency not in result.unconverted:
                result.unconverted.append(currency)
            return
        if currency != "JPY":
            used[(currency, rate.year)] = rate
        entry = years.setdefault(year, MoneyYear(year))
        yen = int((Decimal(value) * rate.yen_per_unit).to_integral_value())
        setattr(entry, attribute, getattr(entry, attribute) + yen)

    for budget in detail.budgets:
        day = budget.value_date or budget.period_start
        add(budget.period_start.year, "budget", budget.value, budget.currency, day.year)
    for transaction in detail.transactions:
        day = transaction.value_date or transaction.date
        if transaction.type == "2":
            add(
                transaction.date.year,
                "commitments",
                transaction.value,
                transaction.currency,
                day.year,
            )
        elif transaction.type == "3":
            add(
                transaction.date.year,
                "disbursements",
                transaction.value,
                transaction.currency,
                day.year,
            )
    result.years = [years[year] for year in sorted(years)]
    result.rates = sorted(used.values(), key=lambda r: (r.currency, r.year))
    return result


def download(iati_identifier: str, fmt: str):
    activity = get_object_or_404(Activity.objects.public(), iati_identifier=iati_identifier)
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in iati_identifier)
    if fmt == "xml":
        body = b"".join(downloads._xml_rows([activity.pk]))
        response = HttpResponse(body, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{safe_name}.xml"'
        return response
    record = next(downloads.records([activity.pk]))
    record.update(activity_parts(activity))
    body = json.dumps(record, ensure_ascii=False, indent=1, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.json"'
    return response


def activity_parts(activity: Activity) -> dict:
    """The activity's narratives and parts as plain values (for its JSON download)."""
    fields = {
        "descriptions": ("type", "narratives"),
        "participants": ("role", "ref", "type", "narratives", "organisation_id"),
        "recipient_countries": ("country_code", "percentage"),
        "recipient_regions": ("code", "vocabulary", "percentage"),
        "sectors": ("code", "vocabulary", "percentage"),
        "budgets": ("type", "status", "period_start", "period_end", "value", "currency"),
        "transactions": ("type", "date", "value", "currency", "provider_ref", "receiver_ref"),
        "documents": ("url", "format", "title", "categories", "document_date"),
        "related": ("ref", "type"),
    }
    parts = {"title": activity.title}
    for name, wanted in fields.items():
        parts[name] = [
            {key: _plain(value) for key, value in row.items()}
            for row in getattr(activity, name).order_by("sequence").values(*wanted)
        ]
    return parts


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


@dataclass
class SectorTotal:
    code: str
    name: str
    activities: int
    commitments: int


def country_sectors(country_code: str) -> list[SectorTotal]:
    """Activities and commitments (country share) per DAC sector category in a country."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.code, COUNT(*), SUM(c.share * a.commitment_jpy) "
            "FROM portal_indexedsector s "
            "JOIN portal_indexedcountry c ON c.activity_id = s.activity_id "
            "JOIN portal_activityindex a ON a.activity_id = s.activity_id "
            "WHERE c.code = %s GROUP BY s.code",
            [country_code.upper()],
        )
        rows = cursor.fetchall()
    codes = CodeNames().want("SectorCategory", (code for code, _n, _t in rows))
    totals = [
        SectorTotal(code, codes.name("SectorCategory", code), n, int(total or 0))
        for code, n, total in rows
    ]
    return sorted(totals, key=lambda t: (-t.commitments, -t.activities, t.code))


def country_years(country_code: str) -> list:
    from kakehashi.portal.services.home import YearRow

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT y.year, SUM(c.share * y.commitment_jpy), SUM(c.share * y.disbursement_jpy) "
            "FROM portal_indexedyear y JOIN portal_indexedcountry c "
            "ON c.activity_id = y.activity_id WHERE c.code = %s GROUP BY y.year ORDER BY y.year",
            [country_code.upper()],
        )
        return [YearRow(year, int(c or 0), int(d or 0)) for year, c, d in cursor.fetchall()]
