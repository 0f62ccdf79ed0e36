"""Pieces every public page shares, and the activity page, read with a fixed number of queries.

The other pages: services.organisations, .programmes, .countries (agreements and countries),
.home and .search_page.

The activity page and activity lists run on querysets compiled once per process
(services.prepared): their queries are small and indexed, and compiling them cost more CPU
than running them. List rows come with their links, title and period ready to print.

Only published records are ever returned (``.public()``); a record that is not published, or
whose owner is not, raises Http404. Related records that are not published are left out, or
shown by the name the published record itself carries, never linked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from kakehashi.core.models import Country
from kakehashi.core.models.base import bilingual
from kakehashi.portal.services import formatting
from kakehashi.portal.services.codes import CodeNames, country_names, region_names
from kakehashi.portal.services.prepared import STR_PLACEHOLDER, Prepared
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Budget,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    KeyFigure,
    Meeting,
    Organisation,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Transaction,
)

PREVIEW = 20  # activities listed on a country or organisation page before "see all"


# --- shared pieces -------------------------------------------------------------------------


def key_figures(obj) -> list[KeyFigure]:
    """Key figures about a record (generic relation), in their order."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        KeyFigure.objects.filter(content_type=content_type, object_id=obj.pk).order_by(
            "sequence", "id"
        )
    )


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.public()


def public_meetings() -> QuerySet[Meeting]:
    """Published meetings, not held under an unpublished agreement."""
    return (
        Meeting.objects.public()
        .filter(Q(agreement__isnull=True) | Q(agreement__is_published=True))
        .select_related("country", "agreement")
    )


def activity_rows() -> QuerySet[Activity]:
    """Published activities with what a list row shows: reporting org, countries, regions."""
    return (
        Activity.objects.public()
        .select_related("reporting_org")
        .prefetch_related(
            Prefetch("recipient_countries", queryset=RecipientCountry.objects.order_by("sequence")),
            Prefetch("recipient_regions", queryset=RecipientRegion.objects.order_by("sequence")),
        )
    )


_LISTED = Prepared(lambda ids: Activity.objects.public().filter(pk__in=ids))
_LISTED_COUNTRIES = Prepared(
    lambda ids: (
        RecipientCountry.objects.filter(activity_id__in=ids)
        .order_by("sequence")
        .values_list("activity_id", "country_code")
    )
)
_LISTED_REGIONS = Prepared(
    lambda ids: (
        RecipientRegion.objects.filter(activity_id__in=ids)
        .order_by("sequence")
        .values_list("activity_id", "code", "narratives")
    )
)


def listed_activities(ids: list[int], codes: CodeNames | None = None) -> list[Activity]:
    """The published ones of these activities, in this order, described for a list (as
    ``describe_rows(activity_rows()…)``, by compiled queries: a search page lists 25)."""
    ids = list(dict.fromkeys(ids))
    found = {activity.pk: activity for activity in _LISTED(ids)}
    countries, regions = defaultdict(list), defaultdict(list)
    for activity_id, code in _LISTED_COUNTRIES(list(found)):
        countries[activity_id].append(code)
    for activity_id, code, narratives in _LISTED_REGIONS(list(found)):
        regions[activity_id].append({"code": code, "narratives": narratives})
    activities = [found[pk] for pk in ids if pk in found]
    for activity in activities:
        activity.country_codes = countries[activity.pk]
        activity.region_rows = regions[activity.pk]
    return describe_rows(activities, codes)


def describe_rows(activities, codes: CodeNames | None = None) -> list[Activity]:
    """Attach status names and country names to listed activities, in two queries (``codes``
    may bring names the caller wants too, looked up in the same query)."""
    activities = list(activities)
    for activity in activities:
        if not hasattr(activity, "country_codes"):  # prefetched by activity_rows()
            activity.country_codes = [rc.country_code for rc in activity.recipient_countries.all()]
            activity.region_rows = list(activity.recipient_regions.all())
    codes = (codes or CodeNames()).want("ActivityStatus", (a.activity_status for a in activities))
    countries = country_names(code for a in activities for code in a.country_codes)
    # What a row shows, ready to print (portal/includes/activity_table.html): a page lists
    # up to 25 rows, and the template tags cost more than the formatting itself.
    activity_url, country_url = url_maker("portal:activity"), url_maker("portal:country")
    lang = formatting.reader_language()
    for activity in activities:
        activity.status_name = codes.name("ActivityStatus", activity.activity_status, lang)
        activity.country_list = [
            countries.get(code.upper()) or code for code in activity.country_codes
        ]
        activity.country_links = [
            (country_url(c.code), bilingual(c, "name", lang))
            if isinstance(c, Country)
            else (None, c)
            for c in activity.country_list
        ]
        activity.url = activity_url(activity.iati_identifier)
        title = formatting.narrative_with_language(activity.title, lang)
        activity.title_html = formatting.in_language(*title, lang) or activity.iati_identifier
        start, end = activity.start_date, activity.end_date
        activity.period = (
            f"{formatting.format_date(start) or '…'} – {formatting.format_date(end) or '…'}"
            if start or end
            else "—"
        )
    return activities


def url_maker(name: str):
    """``reverse(name, args=[value])`` for many values at the cost of one reverse: the
    value goes between the reversed prefix and suffix, quoted as reverse() quotes it."""
    prefix, suffix = reverse(name, args=[_URL_MARKER]).split(_URL_MARKER)
    return lambda value: f"{prefix}{quote(str(value), safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"


_URL_MARKER = "kakehashi-url-marker"


# --- activities ----------------------------------------------------------------------------


def indexed_activities(
    limit: int = PREVIEW, participating=None, codes: CodeNames | None = None, **filters
) -> tuple[list[Activity], int]:
    """The latest published activities matching search filters (country=[…],
    organisation=pk, with ``participating``: the ids of the activities it takes part in when
    the caller has them), described for a list, and how many match in all."""
    from kakehashi.portal.services import match_sets
    from kakehashi.portal.services.search import DEFAULT_SORT, SearchState

    found = match_sets.matches(SearchState(**filters), participating)
    ids = [row[0] for row in match_sets.page_rows(found, DEFAULT_SORT, 0, limit)]
    return listed_activities(ids, codes), found.all().bit_count()


@dataclass
class ActivityDetail:
    activity: Activity
    codes: CodeNames
    descriptions: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    budgets: list = field(default_factory=list)
    transactions: list = field(default_factory=list)
    results: list = field(default_factory=list)  # .indicator_list, each with .period_list
    documents: list = field(default_factory=list)
    related: list = field(default_factory=list)


def _part(model, *related: str) -> Prepared:
    """The rows of one activity's part, in their order (one indexed query, compiled once)."""
    objects = model.objects.select_related(*related)
    return Prepared(lambda pk: objects.filter(activity_id=pk).order_by("sequence"))


def _activity(identifier: str) -> QuerySet[Activity]:
    queryset = (
        Activity.objects.public()
        .select_related("reporting_org", "programme")
        .filter(iati_identifier=identifier)
    )
    try:
        from kakehashi.evaluation.models import EvaluationSheet
    except ImportError:  # the evaluation app is optional
        return queryset
    # In the same query: most activities have no published evaluation to read.
    sheets = EvaluationSheet.objects.public().filter(activity=OuterRef("pk"))
    return queryset.annotate(has_published_sheets=Exists(sheets))


_ACTIVITY = Prepared(_activity, STR_PLACEHOLDER)
_PARTS = {
    "descriptions": _part(ActivityDescription),
    "participants": _part(ParticipatingOrg, "organisation"),
    "countries": _part(RecipientCountry),
    "regions": _part(RecipientRegion),
    "sectors": _part(ActivitySector),
    "budgets": _part(Budget),
    "transactions": _part(Transaction),
    "results": _part(Result),
    "documents": _part(DocumentLink),
    "related": _part(RelatedActivity),
}
_INDICATORS = Prepared(
    lambda pk: Indicator.objects.filter(result__activity_id=pk).order_by("result_id", "sequence")
)
_PERIODS = Prepared(
    lambda pk: IndicatorPeriod.objects.filter(indicator__result__activity_id=pk).order_by(
        "indicator_id", "sequence"
    )
)


def _activity_with_parts(iati_identifier: str) -> tuple[Activity, dict[str, list]]:
    found = _ACTIVITY(iati_identifier)
    if not found:
        raise Http404("no such activity")
    activity = found[0]
    parts = {name: rows(activity.pk) for name, rows in _PARTS.items()}
    indicators = _INDICATORS(activity.pk) if parts["results"] else []
    periods = _PERIODS(activity.pk) if indicators else []
    periods_of, indicators_of = defaultdict(list), defaultdict(list)
    for period in periods:
        periods_of[period.indicator_id].append(period)
    for indicator in indicators:
        indicator.period_list = periods_of[indicator.pk]
        indicators_of[indicator.result_id].append(indicator)
    for result in parts["results"]:
        result.indicator_list = indicators_of[result.pk]
    return activity, parts


def activity_detail(iati_identifier: str) -> ActivityDetail:
    """The activity page: the activity and each of its parts by one compiled query, the names
    of their codes, countries and regions in one query each."""
    activity, parts = _activity_with_parts(iati_identifier)
    codes = CodeNames()
    codes.want("ActivityStatus", [activity.activity_status])
    codes.want("ActivityScope", [activity.activity_scope])
    codes.want("CollaborationType", [activity.collaboration_type])
    codes.want("FlowType", [activity.default_flow_type])
    codes.want("FinanceType", [activity.default_finance_type])
    codes.want("AidType", [aid.get("code") for aid in activity.default_aid_types or []])
    codes.want("DescriptionType", [d.type for d in parts["descriptions"]])
    codes.want("OrganisationRole", [p.role for p in parts["participants"]])
    codes.want("OrganisationType", [p.type for p in parts["participants"]])
    codes.want_sectors(parts["sectors"])
    codes.want("BudgetType", [b.type for b in parts["budgets"]])
    codes.want("BudgetStatus", [b.status for b in parts["budgets"]])
    codes.want("TransactionType", [t.type for t in parts["transactions"]])
    codes.want("ResultType", [r.type for r in parts["results"]])
    codes.want(
        "IndicatorMeasure",
        [i.measure for r in parts["results"] for i in r.indicator_list],
    )
    codes.want(
        "DocumentCategory",
        [c.get("code") for d in parts["documents"] for c in d.categories or []],
    )
    codes.want("RelatedActivityType", [r.type for r in parts["related"]])

    countries = country_names(rc.country_code for rc in parts["countries"])
    regions = region_names(rr.code for rr in parts["regions"])
    related_refs = [r.ref for r in parts["related"]]
    published_related = (
        set(
            Activity.objects.public()
            .filter(iati_identifier__in=related_refs)
            .values_list("iati_identifier", flat=True)
        )
        if related_refs
        else set()
    )

    detail = ActivityDetail(
        activity=activity,
        codes=codes,
        budgets=parts["budgets"],
        transactions=parts["transactions"],
        results=parts["results"],
        documents=parts["documents"],
    )
    activity.status_name = codes.name("ActivityStatus", activity.activity_status)
    activity.scope_name = codes.name("ActivityScope", activity.activity_scope)
    activity.collaboration_name = codes.name("CollaborationType", activity.collaboration_type)
    activity.flow_type_name = codes.name("FlowType", activity.default_flow_type)
    activity.finance_type_name = codes.name("FinanceType", activity.default_finance_type)
    activity.aid_type_names = [
        codes.name("AidType", aid.get("code"))
        for aid in activity.default_aid_types or []
        if aid.get("vocabulary") in (None, "", "1")
    ]
    for description in parts["descriptions"]:
        description.type_name = codes.name("DescriptionType", description.type)
        detail.descriptions.append(description)
    for participant in parts["participants"]:
        participant.role_name = codes.name("OrganisationRole", participant.role)
        participant.type_name = codes.name("OrganisationType", participant.type)
        participant.public_organisation = (
            participant.organisation
            if participant.organisation and participant.organisation.is_published
            else None
        )
        detail.participants.append(participant)
    for rc in parts["countries"]:
        rc.country = countries.get(rc.country_code.upper())
        detail.countries.append(rc)
    for rr in parts["regions"]:
        rr.region = regions.get(rr.code) if rr.vocabulary in ("", "1") else None
        detail.regions.append(rr)
    for sector in parts["sectors"]:
        sector.name, sector.category_code, sector.category_name = codes.sector(sector)
        detail.sectors.append(sector)
    for budget in detail.budgets:
        budget.type_name = codes.name("BudgetType", budget.type)
        budget.status_name = codes.name("BudgetStatus", budget.status)
    for transaction in detail.transactions:
        transaction.type_name = codes.name("TransactionType", transaction.type)
    for result in detail.results:
        result.type_name = codes.name("ResultType", result.type)
        for indicator in result.indicator_list:
            indicator.measure_name = codes.name("IndicatorMeasure", indicator.measure)
    for document in detail.documents:
        document.category_names = [
            codes.name("DocumentCategory", c.get("code")) for c in document.categories or []
        ]
    for related in parts["related"]:
        related.type_name = codes.name("RelatedActivityType", related.type)
        related.is_public = related.ref in published_related
        detail.related.append(related)
    activity.reporting_org_public = (
        activity.reporting_org if activity.reporting_org.is_published else None
    )
    activity.programme_public = (
        activity.programme if activity.programme and activity.programme.is_published else None
    )
    return detail
