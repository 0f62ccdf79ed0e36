"""Pieces every public page shares, and the activity page, read with a fixed number of queries.

The other pages: services.organisations, .programmes, .countries (agreements and countries),
.home and .search_page.

Only published records are ever returned (``.public()``); a record that is not published, or
whose owner is not, raises Http404. Related records that are not published are left out, or
shown by the name the published record itself carries, never linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from kakehashi.portal.services.codes import CodeNames, country_names, region_names
from kakehashi.registry.models import (
    Activity,
    KeyFigure,
    Meeting,
    Organisation,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
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


def describe_rows(activities, codes: CodeNames | None = None) -> list[Activity]:
    """Attach status names and country names to listed activities, in two queries (``codes``
    may bring names the caller wants too, looked up in the same query)."""
    activities = list(activities)
    codes = (codes or CodeNames()).want("ActivityStatus", (a.activity_status for a in activities))
    countries = country_names(
        rc.country_code for a in activities for rc in a.recipient_countries.all()
    )
    for activity in activities:
        activity.status_name = codes.name("ActivityStatus", activity.activity_status)
        activity.country_list = [
            countries.get(rc.country_code.upper()) or rc.country_code
            for rc in activity.recipient_countries.all()
        ]
    return activities


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
    activities = {a.pk: a for a in activity_rows().filter(pk__in=ids)}
    count = found.all().bit_count()
    return describe_rows((activities[pk] for pk in ids if pk in activities), codes), count


@dataclass
class ActivityDetail:
    activity: Activity
    codes: CodeNames
    descriptions: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    related: list = field(default_factory=list)


def activity_detail(iati_identifier: str) -> ActivityDetail:
    activity = get_object_or_404(
        Activity.objects.public()
        .select_related("reporting_org", "programme")
        .prefetch_related(
            "descriptions",
            Prefetch(
                "participants",
                queryset=ParticipatingOrg.objects.select_related("organisation").order_by(
                    "sequence"
                ),
            ),
            "recipient_countries",
            "recipient_regions",
            "sectors",
            "budgets",
            "planned_disbursements",
            "transactions",
            "results__indicators__periods",
            "documents",
            "locations",
            "related",
        ),
        iati_identifier=iati_identifier,
    )
    codes = CodeNames()
    codes.want("ActivityStatus", [activity.activity_status])
    codes.want("ActivityScope", [activity.activity_scope])
    codes.want("CollaborationType", [activity.collaboration_type])
    codes.want("FlowType", [activity.default_flow_type])
    codes.want("FinanceType", [activity.default_finance_type])
    codes.want("AidType", [aid.get("code") for aid in activity.default_aid_types or []])
    codes.want("DescriptionType", [d.type for d in activity.descriptions.all()])
    codes.want("OrganisationRole", [p.role for p in activity.participants.all()])
    codes.want("OrganisationType", [p.type for p in activity.participants.all()])
    codes.want_sectors(activity.sectors.all())
    codes.want("BudgetType", [b.type for b in activity.budgets.all()])
    codes.want("BudgetStatus", [b.status for b in activity.budgets.all()])
    codes.want("TransactionType", [t.type for t in activity.transactions.all()])
    codes.want("ResultType", [r.type for r in activity.results.all()])
    codes.want(
        "IndicatorMeasure",
        [i.measure for r in activity.results.all() for i in r.indicators.all()],
    )
    codes.want(
        "DocumentCategory",
        [c.get("code") for d in activity.documents.all() for c in d.categories or []],
    )
    codes.want("RelatedActivityType", [r.type for r in activity.related.all()])

    countries = country_names(rc.country_code for rc in activity.recipient_countries.all())
    regions = region_names(rr.code for rr in activity.recipient_regions.all())
    related_refs = [r.ref for r in activity.related.all()]
    published_related = (
        set(
            Activity.objects.public()
            .filter(iati_identifier__in=related_refs)
            .values_list("iati_identifier", flat=True)
        )
        if related_refs
        else set()
    )

    detail = ActivityDetail(activity=activity, codes=codes)
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
    for description in activity.descriptions.all():
        description.type_name = codes.name("DescriptionType", description.type)
        detail.descriptions.append(description)
    for participant in activity.participants.all():
        participant.role_name = codes.name("OrganisationRole", participant.role)
        participant.type_name = codes.name("OrganisationType", participant.type)
        participant.public_organisation = (
            participant.organisation
            if participant.organisation and participant.organisation.is_published
            else None
        )
        detail.participants.append(participant)
    for rc in activity.recipient_countries.all():
        rc.country = countries.get(rc.country_code.upper())
        detail.countries.append(rc)
    for rr in activity.recipient_regions.all():
        rr.region = regions.get(rr.code) if rr.vocabulary in ("", "1") else None
        detail.regions.append(rr)
    for sector in activity.sectors.all():
        sector.name, sector.category_code, sector.category_name = codes.sector(sector)
        detail.sectors.append(sector)
    for budget in activity.budgets.all():
        budget.type_name = codes.name("BudgetType", budget.type)
        budget.status_name = codes.name("BudgetStatus", budget.status)
    for transaction in activity.transactions.all():
        transaction.type_name = codes.name("TransactionType", transaction.type)
    for result in activity.results.all():
        result.type_name = codes.name("ResultType", result.type)
        for indicator in result.indicators.all():
            indicator.measure_name = codes.name("IndicatorMeasure", indicator.measure)
    for document in activity.documents.all():
        document.category_names = [
            codes.name("DocumentCategory", c.get("code")) for c in document.categories or []
        ]
    for related in activity.related.all():
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
