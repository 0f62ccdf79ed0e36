"""The organisation list and pages, and contributions to international organisations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Q,
)
from django.shortcuts import get_object_or_404

from kakehashi.core.models import Country
from kakehashi.core.services.text import normalize
from kakehashi.portal.services.codes import CodeNames
from kakehashi.portal.services.queries import (
    indexed_activities,
    key_figures,
    public_organisations,
)
from kakehashi.registry.models import (
    Activity,
    Agreement,
    Contribution,
    KeyFigure,
    LargeProject,
    Organisation,
    OrganisationKind,
    ParticipatingOrg,
    Programme,
)

ORGANISATIONS_PER_PAGE = 50


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
    # Its roles in every activity: they also tell which activities it takes part in.
    roles = defaultdict(set)
    for activity_id, role in ParticipatingOrg.objects.filter(organisation=organisation).values_list(
        "activity_id", "role"
    ):
        roles[activity_id].add(role)
    codes = CodeNames().want("OrganisationRole", {r for found in roles.values() for r in found})
    shown, activity_count = indexed_activities(
        organisation=organisation.pk, participating=list(roles), codes=codes
    )
    for activity in shown:
        activity.role_names = sorted(
            {codes.name("OrganisationRole", role) for role in roles.get(activity.pk, ())}
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
