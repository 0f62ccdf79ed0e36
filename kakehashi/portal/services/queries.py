"""What each public page shows, read with a fixed number of queries.

Only published records are ever returned (``.public()``); a record that is not published, or
whose owner is not, raises Http404. Related records that are not published are left out, or
shown by the name the published record itself carries, never linked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from kakehashi.core.models import Country
from kakehashi.core.services.text import normalize
from kakehashi.portal.services import figures
from kakehashi.portal.services.codes import CodeNames, country_names, region_names
from kakehashi.portal.services.world_regions import (
    REGIONS,
    region_of,
    region_of_iati_region,
)
from kakehashi.registry.models import (
    Activity,
    ActivitySector,
    Agreement,
    Contribution,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    Meeting,
    Organisation,
    OrganisationKind,
    ParticipatingOrg,
    Programme,
    RecipientCountry,
    RecipientRegion,
)

ACTIVITIES_PER_PAGE = 25
ORGANISATIONS_PER_PAGE = 50
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


def describe_rows(activities) -> list[Activity]:
    """Attach status names and country names to listed activities, in two queries."""
    activities = list(activities)
    codes = CodeNames().want("ActivityStatus", (a.activity_status for a in activities))
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


def latest_first(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.order_by(
        F("last_updated_datetime").desc(nulls_last=True), "-updated", "iati_identifier"
    )


# --- home ----------------------------------------------------------------------------------


def home_entry_points() -> dict:
    """Contributions, programmes, large projects and agreements for the home page."""
    published_contributions = Contribution.objects.public().filter(organisation=OuterRef("pk"))
    in_contribution = Q(contributions__is_published=True)
    contributed = (
        public_organisations()
        .filter(Exists(published_contributions))
        .annotate(
            first_year=Min("contributions__fiscal_year", filter=in_contribution),
            latest_year=Max("contributions__fiscal_year", filter=in_contribution),
            contribution_count=Count("contributions", filter=in_contribution),
        )
    )
    agreements = public_agreements()
    return {
        "contributed_organisations": list(contributed),
        "programmes": programme_list(),
        "large_projects": large_project_list(),
        "agreements": list(agreements.order_by(F("signed_on").desc(nulls_last=True))[:6]),
        "agreement_count": agreements.count(),
    }


# --- activities ----------------------------------------------------------------------------


def indexed_activities(limit: int = PREVIEW, **filters) -> tuple[list[Activity], int]:
    """The latest published activities matching search filters (country=[…],
    organisation=pk), described for a list, and how many match in all."""
    from kakehashi.portal.services import match_sets
    from kakehashi.portal.services.search import DEFAULT_SORT, SearchState

    found = match_sets.matches(SearchState(**filters))
    ids = [row[0] for row in match_sets.page_rows(found, DEFAULT_SORT, 0, limit)]
    activities = {a.pk: a for a in activity_rows().filter(pk__in=ids)}
    count = found.all().bit_count()
    return describe_rows(activities[pk] for pk in ids if pk in activities), count


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


# --- organisations and contributions -------------------------------------------------------


@dataclass
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    country: Country | None = None


def organisation_filters(params) -> OrganisationFilters:
    kind = params.get("kind", "")
    country = (params.get("country") or "").strip().upper()
    return OrganisationFilters(
        q=normalize(params.get("q", ""))[:200],
        kind=kind if kind in OrganisationKind.values else "",
        country=Country.objects.filter(code=country).first() if country else None,
    )


def organisation_page(filters: OrganisationFilters, page_number) -> tuple[Page, list]:
    """A page of organisations and the kinds with their counts (for the filter links)."""
    organisations = public_organisations().select_related("country")
    if filters.country:
        organisations = organisations.filter(country=filters.country)
    kinds = list(organisations.values("kind").annotate(n=Count("id")).order_by("kind"))
    labels = dict(OrganisationKind.choices)
    kinds = [(row["kind"], labels.get(row["kind"], row["kind"]), row["n"]) for row in kinds]
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.q:
        organisations = organisations.filter(
            Q(name_ja__icontains=filters.q)
            | Q(name_en__icontains=filters.q)
            | Q(abbreviation__icontains=filters.q)
            | Q(iati_identifier__icontains=filters.q)
        )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(page_number)
    return page, kinds


@dataclass
class OrganisationDetail:
    organisation: Organisation
    parent: Organisation | None
    children: list[Organisation]
    contributions: list[Contribution]
    key_figures: list[KeyFigure]
    activities: list[Activity]
    activity_count: int
    programmes: list[Programme]
    large_projects: list[LargeProject]
    agreements: list[Agreement]


def organisation_detail(pk: int) -> OrganisationDetail:
    organisation = get_object_or_404(
        public_organisations().select_related("country", "parent"), pk=pk
    )
    parent = organisation.parent
    if parent is not None and not parent.is_published:
        parent = None
    shown, activity_count = indexed_activities(organisation=organisation.pk)
    roles = defaultdict(list)
    for participation in ParticipatingOrg.objects.filter(
        organisation=organisation, activity__in=[a.pk for a in shown]
    ):
        roles[participation.activity_id].append(participation)
    for activity in shown:
        activity.roles_here = roles[activity.pk]
    codes = CodeNames().want("OrganisationRole", (p.role for a in shown for p in a.roles_here))
    for activity in shown:
        activity.role_names = sorted(
            {codes.name("OrganisationRole", p.role) for p in activity.roles_here}
        )
        if activity.reporting_org_id == organisation.pk:
            activity.reports = True
    large_projects = LargeProject.objects.public().filter(
        Q(host_organisation=organisation) | Q(members__organisation=organisation)
    )
    return OrganisationDetail(
        organisation=organisation,
        parent=parent,
        children=list(organisation.children.public()),
        contributions=list(
            organisation.contributions.public()
            .select_related("responsible_office")
            .order_by("-fiscal_year", "kind", "budget_kind")
        ),
        key_figures=key_figures(organisation),
        activities=shown,
        activity_count=activity_count,
        programmes=list(organisation.programmes.public()),
        large_projects=list(large_projects.distinct()),
        agreements=list(organisation.agreements.public()),
    )


@dataclass
class ContributionDetail:
    contribution: Contribution
    other_years: list[Contribution]
    key_figures: list[KeyFigure]


def contribution_detail(pk: int) -> ContributionDetail:
    contribution = get_object_or_404(
        Contribution.objects.public()
        .filter(organisation__is_published=True)
        .select_related("organisation", "organisation__country", "responsible_office"),
        pk=pk,
    )
    other_years = (
        Contribution.objects.public()
        .filter(organisation=contribution.organisation_id)
        .exclude(pk=contribution.pk)
        .order_by("-fiscal_year", "kind")
    )
    return ContributionDetail(
        contribution=contribution,
        other_years=list(other_years),
        key_figures=key_figures(contribution),
    )


# --- programmes and large projects ---------------------------------------------------------


@dataclass
class Group:
    key: str
    label: str
    activities: list[Activity] = field(default_factory=list)


@dataclass
class ProgrammeDetail:
    programme: Programme
    organisations: list[Organisation]
    key_figures: list[KeyFigure]
    activity_count: int
    by_region: list[Group]
    by_sector: list[Group]


def programme_detail(slug: str) -> ProgrammeDetail:
    programme = get_object_or_404(
        Programme.objects.public().prefetch_related(
            Prefetch("organisations", queryset=public_organisations())
        ),
        slug=slug,
    )
    activities = describe_rows(
        activity_rows()
        .filter(programme=programme)
        .prefetch_related(Prefetch("sectors", queryset=ActivitySector.objects.order_by("sequence")))
        .order_by("iati_identifier")
    )
    codes = CodeNames().want_sectors(s for a in activities for s in a.sectors.all())

    regions: dict[str, Group] = {}
    sectors: dict[str, Group] = {}
    for activity in activities:
        region_keys = {region_of(rc.country_code) for rc in activity.recipient_countries.all()}
        region_keys |= {
            region_of_iati_region(rr.code, rr.vocabulary) for rr in activity.recipient_regions.all()
        }
        for key in sorted(region_keys or {"other"}, key=list(REGIONS).index):
            regions.setdefault(key, Group(key, str(REGIONS[key]))).activities.append(activity)
        categories = {}
        for sector in activity.sectors.all():
            _, category, label = codes.sector(sector)
            if category:
                categories[category] = label
        if not categories:
            categories[""] = ""
        for category, label in sorted(categories.items()):
            sectors.setdefault(category, Group(category, label)).activities.append(activity)
    order = list(REGIONS)
    return ProgrammeDetail(
        programme=programme,
        organisations=list(programme.organisations.all()),
        key_figures=key_figures(programme),
        activity_count=len(activities),
        by_region=sorted(regions.values(), key=lambda g: order.index(g.key)),
        # Sector categories by code (DAC order); activities without a sector come last.
        by_sector=sorted(sectors.values(), key=lambda g: (g.key == "", g.key)),
    )


def programme_list() -> list[Programme]:
    from kakehashi.portal.services.home import programme_activity_counts

    counts = programme_activity_counts()
    programmes = list(Programme.objects.public())
    for programme in programmes:
        programme.activity_count = counts.get(programme.pk, 0)
    return programmes


def large_project_list() -> list[LargeProject]:
    return list(LargeProject.objects.public().annotate(member_count=Count("members")))


@dataclass
class LargeProjectDetail:
    project: LargeProject
    members: list[LargeProjectMember]
    key_figures: list[KeyFigure]
    host: Organisation | None

    @property
    def members_have_years(self) -> bool:
        return any(member.joined for member in self.members)

    @property
    def members_have_roles(self) -> bool:
        return any(member.role_ja or member.role_en for member in self.members)


def large_project_detail(slug: str) -> LargeProjectDetail:
    project = get_object_or_404(
        LargeProject.objects.public().select_related("host_organisation"), slug=slug
    )
    members = list(project.members.select_related("country", "organisation"))
    for member in members:
        organisation = member.organisation
        member.public_organisation = (
            organisation if organisation and organisation.is_published else None
        )
    host = project.host_organisation
    return LargeProjectDetail(
        project=project,
        members=[m for m in members if _member_is_public(m)],
        key_figures=key_figures(project),
        host=host if host and host.is_published else None,
    )


def _member_is_public(member: LargeProjectMember) -> bool:
    """A member named only by an unpublished organisation is left out."""
    return bool(member.name_ja or member.name_en or member.country or member.public_organisation)


# --- agreements and meetings ---------------------------------------------------------------


def public_agreements() -> QuerySet[Agreement]:
    return Agreement.objects.public().prefetch_related(
        "countries", Prefetch("organisations", queryset=public_organisations())
    )


@dataclass
class AgreementList:
    agreements: list[Agreement]
    other_meetings: list[Meeting]


def agreement_list() -> AgreementList:
    agreements = public_agreements().annotate(
        meeting_count=Count("meetings", filter=Q(meetings__is_published=True)),
        last_meeting=Max("meetings__date", filter=Q(meetings__is_published=True)),
    )
    return AgreementList(
        agreements=list(agreements.order_by(F("signed_on").desc(nulls_last=True), "title_en")),
        other_meetings=list(public_meetings().filter(agreement__isnull=True)),
    )


@dataclass
class AgreementDetail:
    agreement: Agreement
    meetings: list[Meeting]


def agreement_detail(pk: int) -> AgreementDetail:
    agreement = get_object_or_404(public_agreements(), pk=pk)
    meetings = (
        public_meetings()
        .filter(agreement=agreement)
        .order_by(F("date").desc(nulls_last=True), "-number")
    )
    return AgreementDetail(agreement=agreement, meetings=list(meetings))


# --- countries -----------------------------------------------------------------------------


@dataclass
class CountryRow:
    country: Country
    activities: int = 0
    agreements: int = 0
    organisations: int = 0


def country_list() -> list[CountryRow]:
    """Every country something published points at, with how many of each."""
    activity_counts = dict(
        RecipientCountry.objects.filter(activity__is_published=True)
        .values_list("country_code")
        .annotate(n=Count("activity", distinct=True))
        .values_list("country_code", "n")
    )
    activity_counts = {code.upper(): n for code, n in activity_counts.items()}
    agreement_counts = dict(
        Agreement.objects.public()
        .values_list("countries__code")
        .annotate(n=Count("id"))
        .filter(countries__code__isnull=False)
        .values_list("countries__code", "n")
    )
    organisation_counts = dict(
        public_organisations()
        .filter(country__isnull=False)
        .values_list("country_id")
        .annotate(n=Count("id"))
        .values_list("country_id", "n")
    )
    meeting_countries = set(
        public_meetings().filter(country__isnull=False).values_list("country_id", flat=True)
    )
    codes = set(activity_counts) | set(agreement_counts) | set(organisation_counts)
    codes |= meeting_countries
    rows = [
        CountryRow(
            country=country,
            activities=activity_counts.get(country.code, 0),
            agreements=agreement_counts.get(country.code, 0),
            organisations=organisation_counts.get(country.code, 0),
        )
        for country in Country.objects.filter(code__in=codes)
    ]
    return sorted(rows, key=lambda row: (-row.activities, row.country.code))


@dataclass
class CountryDetail:
    country: Country
    region: str
    agreements: list[Agreement]
    meetings: list[Meeting]
    activities: list[Activity]
    activity_count: int
    organisations: list[Organisation]
    organisation_count: int
    large_projects: list[LargeProject]
    totals: list[figures.YearTotals]


def country_detail(code: str) -> CountryDetail:
    if len(code) != 2:
        raise Http404("not an ISO 3166-1 alpha-2 code")
    country = get_object_or_404(Country, code=code.upper())
    agreements = public_agreements().filter(countries=country)
    meetings = (
        public_meetings()
        .filter(Q(country=country) | Q(agreement__countries=country))
        .distinct()
        .order_by(F("date").desc(nulls_last=True))
    )
    shown, activity_count = indexed_activities(country=[country.code])
    organisations = public_organisations().filter(country=country)
    return CountryDetail(
        country=country,
        region=str(REGIONS[region_of(country.code)]),
        agreements=list(agreements),
        meetings=list(meetings),
        activities=shown,
        activity_count=activity_count,
        organisations=list(organisations[:PREVIEW]),
        organisation_count=organisations.count(),
        large_projects=list(
            LargeProject.objects.public().filter(members__country=country).distinct()
        ),
        totals=figures.country_totals_by_year(country.code),
    )
