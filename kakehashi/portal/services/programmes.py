"""Programmes and large projects: their lists and pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Prefetch,
)
from django.shortcuts import get_object_or_404

from kakehashi.portal.services.codes import CodeNames
from kakehashi.portal.services.queries import (
    activity_rows,
    describe_rows,
    key_figures,
    public_organisations,
)
from kakehashi.portal.services.world_regions import (
    REGIONS,
    region_of,
    region_of_iati_region,
)
from kakehashi.registry.models import (
    Activity,
    ActivitySector,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    Organisation,
    Programme,
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


def programme_list(data: dict | None = None) -> list[Programme]:
    """Published programmes with their activity counts (``data``: services.summary's)."""
    from kakehashi.portal.services import summary

    counts = dict((data or summary.current())["programmes"])
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
