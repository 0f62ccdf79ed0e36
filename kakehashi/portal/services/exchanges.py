"""Researcher exchanges and the people in them, as the public portal shows them.

What is public: an exchange that is published *and* whose researcher is published (an
exchange tells where a named person stayed, so it follows the person's record too); a
person page only for a published person. Organisations and programmes are named only when
they are published themselves. Nationality is never shown: the partner country of an
exchange is the host country of a dispatch abroad, or the country of the home institution of
a researcher invited to Japan. Downloads carry no personal names, as the API leaves people
out altogether (see api.tests.test_coverage).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kakehashi.core.models import Country
from kakehashi.core.services.japanese_calendar import fiscal_year_of, fiscal_year_range
from kakehashi.portal.services.formatting import (
    fiscal_year_label,
    other_language,
    reader_language,
)
from kakehashi.registry.models import Exchange, ExchangeKind, Organisation, Person, Programme

EXCHANGES_PER_PAGE = 50
FACET_LIMIT = 15  # country, programme and organisation facets list the largest ones only
CSV_COLUMNS = [
    "id",
    "kind",
    "fiscal_year",
    "start_date",
    "end_date",
    "partner_country",
    "host_country",
    "programme",
    "home_organisation",
    "host_organisation",
    "purpose_ja",
    "purpose_en",
    "url",
]


def public_exchanges() -> QuerySet[Exchange]:
    return Exchange.objects.public().filter(person__is_published=True)


def _base() -> QuerySet[Exchange]:
    """Public exchanges with the Japanese fiscal year (April–March) of the start, the partner
    country and the Japanese-side organisation, so facets and totals group in the database."""
    dispatch = Q(kind=ExchangeKind.DISPATCH)
    exchanges = public_exchanges().annotate(
        start_year=ExtractYear("start_date"), start_month=ExtractMonth("start_date")
    )
    return exchanges.annotate(
        fy=Case(
            When(start_date__isnull=True, then=None),
            When(Q(start_month__lt=4), then=F("start_year") - 1),
            default=F("start_year"),
            output_field=IntegerField(),
        ),
        partner=Case(
            When(dispatch, then=F("host_country_id")), default=F("home_organisation__country_id")
        ),
        japan_org=Case(
            When(dispatch, then=F("home_organisation_id")), default=F("host_organisation_id")
        ),
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class ExchangeFilters:
    kind: str = ""
    country: str = ""
    fy: int | None = None
    programme: int | None = None
    organisation: int | None = None

    @classmethod
    def from_params(cls, params) -> ExchangeFilters:
        kind = params.get("kind", "")
        return cls(
            kind=kind if kind in ExchangeKind.values else "",
            country=(params.get("country") or "").strip().upper()[:2],
            fy=_int(params.get("fy")),
            programme=_int(params.get("programme")),
            organisation=_int(params.get("organisation")),
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.country or self.fy or self.programme or self.organisation)

    def apply(self, exchanges: QuerySet, skip: str = "") -> QuerySet:
        """The exchanges that match every filter but ``skip`` (a facet counts without its
        own filter, so its other values stay reachable)."""
        if self.kind and skip != "kind":
            exchanges = exchanges.filter(kind=self.kind)
        if self.country and skip != "country":
            exchanges = exchanges.filter(partner=self.country)
        if self.fy and skip != "fy":
            first, last = fiscal_year_range(self.fy)
            exchanges = exchanges.filter(start_date__range=(first, last))
        if self.programme and skip != "programme":
            exchanges = exchanges.filter(programme_id=self.programme)
        if self.organisation and skip != "organisation":
            exchanges = exchanges.filter(japan_org=self.organisation)
        return exchanges


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class TotalRow:
    label: str
    dispatch: int = 0
    invitation: int = 0
    key: str | int = ""  # the fiscal year or country code; "" for "not stated"

    @property
    def total(self) -> int:
        return self.dispatch + self.invitation


@dataclass
class ExchangeList:
    filters: ExchangeFilters
    page: Page
    kinds: list[Facet]
    countries: list[Facet]
    years: list[Facet]
    programmes: list[Facet]
    organisations: list[Facet]
    more_countries: int
    by_year: list[TotalRow]
    by_country: list[TotalRow]
    labels: dict = field(default_factory=dict)  # names of the active filters


def _kind_counts(rows, key: str, label) -> list[TotalRow]:
    """Rows of (key value, kind, n) into one TotalRow per key value, in the rows' order."""
    totals: dict = {}
    for row in rows:
        value = row[key]
        total = totals.setdefault(value, TotalRow(label(value), key="" if value is None else value))
        if row["kind"] == ExchangeKind.DISPATCH:
            total.dispatch += row["n"]
        else:
            total.invitation += row["n"]
    return list(totals.values())


def _every_year(rows: list[TotalRow]) -> list[TotalRow]:
    """Rows in year order with the years between them that had no exchange (so the chart's
    axis runs evenly), the row of exchanges without a start date last."""
    years = {row.key: row for row in rows if row.key != ""}
    filled = [
        years.get(fy) or TotalRow(fiscal_year_label(fy), key=fy)
        for fy in (range(min(years), max(years) + 1) if years else ())
    ]
    return filled + [row for row in rows if row.key == ""]


def _counts(exchanges: QuerySet, column: str, limit: int | None = None) -> list[tuple]:
    rows = (
        exchanges.exclude(**{f"{column}__isnull": True})
        .values(column)
        .annotate(n=Count("id"))
        .order_by("-n", column)
    )
    return [(row[column], row["n"]) for row in (rows[:limit] if limit else rows)]


def _names(model, pks) -> dict:
    objects = model.objects.filter(pk__in=[pk for pk in pks if pk is not None])
    if model is not Country:
        objects = objects.filter(is_published=True)
    return objects.in_bulk()


def exchange_list(params) -> ExchangeList:
    """The list page: one page of exchanges, five facets and the totals by year and country.

    A fixed number of queries whatever the number of exchanges: one per facet, two for the
    totals, the page and its count, and one each for country, programme and organisation names.
    """
    filters = ExchangeFilters.from_params(params)
    base = _base()
    kind_labels = dict(ExchangeKind.choices)
    kinds = [
        Facet(value, capfirst(kind_labels.get(value, value)), n)
        for value, n in sorted(_counts(filters.apply(base, "kind"), "kind"))
    ]
    countries = _counts(filters.apply(base, "country"), "partner")
    years = sorted(_counts(filters.apply(base, "fy"), "fy"), reverse=True)
    programmes = _counts(filters.apply(base, "programme"), "programme_id", FACET_LIMIT)
    organisations = _counts(filters.apply(base, "organisation"), "japan_org", FACET_LIMIT)

    selected = filters.apply(base)
    by_year_rows = selected.values("fy", "kind").annotate(n=Count("id")).order_by("fy", "kind")
    by_country_rows = selected.values("partner", "kind").annotate(n=Count("id"))

    country_codes = {code for code, _n in countries} | {filters.country}
    country_codes |= {row["partner"] for row in by_country_rows}
    country_objects = Country.objects.in_bulk(list(country_codes))
    programme_names = _names(Programme, [pk for pk, _n in programmes] + [filters.programme])
    organisation_names = _names(
        Organisation, [pk for pk, _n in organisations] + [filters.organisation]
    )

    def country_label(code):
        country = country_objects.get(code)
        return (country.name if country else code) if code else ""

    unknown = _("Not stated")
    by_year = _every_year(
        _kind_counts(by_year_rows, "fy", lambda fy: fiscal_year_label(fy) if fy else unknown)
    )
    by_country = _kind_counts(
        by_country_rows, "partner", lambda code: country_label(code) or unknown
    )
    by_country.sort(key=lambda row: (row.key == "", -row.total, row.label))

    page = Paginator(
        selected.select_related(
            "person",
            "programme",
            "host_country",
            "home_organisation__country",
            "host_organisation__country",
        ).order_by(F("start_date").desc(nulls_last=True), "-pk"),
        EXCHANGES_PER_PAGE,
    ).get_page(params.get("page"))
    for exchange in page.object_list:
        _hide_unpublished(exchange)
        exchange.partner_country = country_objects.get(exchange.partner)

    labels = {}
    if filters.kind:
        labels["kind"] = capfirst(kind_labels[filters.kind])
    if filters.country:
        labels["country"] = country_label(filters.country)
    if filters.fy:
        labels["fy"] = fiscal_year_label(filters.fy)
    if filters.programme:
        programme = programme_names.get(filters.programme)
        labels["programme"] = programme.name if programme else str(filters.programme)
    if filters.organisation:
        organisation = organisation_names.get(filters.organisation)
        labels["organisation"] = organisation.name if organisation else str(filters.organisation)
    return ExchangeList(
        filters=filters,
        page=page,
        kinds=kinds,
        countries=[Facet(code, country_label(code), n) for code, n in countries[:FACET_LIMIT]],
        more_countries=max(len(countries) - FACET_LIMIT, 0),
        years=[Facet(str(fy), fiscal_year_label(fy), n) for fy, n in years],
        programmes=[
            Facet(str(pk), programme_names[pk].name, n)
            for pk, n in programmes
            if pk in programme_names
        ],
        organisations=[
            Facet(str(pk), organisation_names[pk].name, n)
            for pk, n in organisations
            if pk in organisation_names
        ],
        by_year=by_year,
        by_country=by_country,
        labels=labels,
    )


def _hide_unpublished(exchange: Exchange) -> None:
    """Unpublished organisations and programmes are not named on public pages."""
    for name in ("programme", "home_organisation", "host_organisation"):
        related = getattr(exchange, name)
        if related is not None and not related.is_published:
            setattr(exchange, name, None)


def exchange_detail(pk: int) -> Exchange:
    exchange = (
        _base()
        .select_related(
            "person__affiliation",
            "programme",
            "host_country",
            "home_organisation__country",
            "host_organisation__country",
        )
        .filter(pk=pk)
        .first()
    )
    if exchange is None:
        raise Http404("no such exchange")
    # The partner country as the list computes it (before an unpublished institution goes).
    exchange.partner_country = (
        exchange.host_country
        if exchange.kind == ExchangeKind.DISPATCH
        else (exchange.home_organisation.country if exchange.home_organisation else None)
    )
    _hide_unpublished(exchange)
    if exchange.person.affiliation and not exchange.person.affiliation.is_published:
        exchange.person.affiliation = None
    exchange.fiscal_year = fiscal_year_of(exchange.start_date) if exchange.start_date else None
    return exchange


def person_name_in(person: Person, lang: str | None = None) -> tuple[str, str]:
    """(name, its language): 佐藤 美咲 / Misaki Sato, else the name in the other language."""
    names = {
        "ja": f"{person.family_name_ja} {person.given_name_ja}".strip(),
        "en": f"{person.given_name_en} {person.family_name_en}".strip(),
    }
    lang = reader_language(lang)
    if names[lang]:
        return names[lang], lang
    other = other_language(lang)
    return names[other], other


def person_name(person: Person, lang: str | None = None) -> str:
    return person_name_in(person, lang)[0]


def person_other_name(person: Person, lang: str | None = None) -> str:
    """The name as the other language writes it, when it differs (for the person page)."""
    name, name_lang = person_name_in(person, other_language(lang))
    return name if name_lang != reader_language(lang) else ""


@dataclass
class PersonDetail:
    person: Person
    name: str
    other_name: str
    exchanges: list[Exchange]


def person_detail(pk: int) -> PersonDetail:
    person = Person.objects.public().select_related("affiliation__country").filter(pk=pk).first()
    if person is None:
        raise Http404("no such person")
    if person.affiliation and not person.affiliation.is_published:
        person.affiliation = None
    exchanges = list(
        Exchange.objects.public()
        .filter(person=person)
        .select_related(
            "programme",
            "host_country",
            "home_organisation__country",
            "host_organisation__country",
        )
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    for exchange in exchanges:
        _hide_unpublished(exchange)
    return PersonDetail(person, person_name(person), person_other_name(person), exchanges)


def exchange_count() -> int:
    return public_exchanges().count()


# --- CSV ------------------------------------------------------------------------------------


def csv_response(params) -> StreamingHttpResponse:
    """The filtered exchanges as CSV (UTF-8 with BOM for Excel), streamed, without names."""
    filters = ExchangeFilters.from_params(params)
    exchanges = (
        filters.apply(_base())
        .select_related("programme", "home_organisation", "host_organisation")
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    response = StreamingHttpResponse(_csv_rows(exchanges), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kakehashi-exchanges.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _published_name(obj) -> str:
    if obj is None or not obj.is_published:
        return ""
    return obj.name_en or obj.name_ja


def _csv_rows(exchanges: QuerySet) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for count, exchange in enumerate(exchanges.iterator(chunk_size=500), start=1):
        writer.writerow(
            [
                exchange.pk,
                exchange.kind,
                exchange.fy or "",
                exchange.start_date or "",
                exchange.end_date or "",
                exchange.partner or "",
                exchange.host_country_id or "",
                _published_name(exchange.programme),
                _published_name(exchange.home_organisation),
                _published_name(exchange.host_organisation),
                exchange.purpose_ja,
                exchange.purpose_en,
                reverse("portal:exchange", args=[exchange.pk]),
            ]
        )
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
