from kakehashi.registry.models.activities import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Location,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    RecordKind,
)
from kakehashi.registry.models.agreements import Agreement, AgreementKind, Meeting, MeetingKind
from kakehashi.registry.models.contributions import BudgetKind, Contribution, ContributionKind
from kakehashi.registry.models.facts import KeyFigure
from kakehashi.registry.models.finance import Budget, PlannedDisbursement, Transaction
from kakehashi.registry.models.narratives import narrative_text, narratives_from
from kakehashi.registry.models.organisation_budgets import (
    OrganisationBudget,
    OrganisationBudgetKind,
    OrganisationBudgetLine,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationExpenseLine,
    OrganisationIati,
)
from kakehashi.registry.models.organisations import Organisation, OrganisationKind
from kakehashi.registry.models.people import Exchange, ExchangeKind, Person
from kakehashi.registry.models.programmes import (
    LargeProject,
    LargeProjectMember,
    Programme,
    ProgrammeKind,
)
from kakehashi.registry.models.results import (
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    PolicyMarker,
    RelatedActivity,
    Result,
    Tag,
)

__all__ = [
    "Activity",
    "ActivityDescription",
    "ActivitySector",
    "Agreement",
    "AgreementKind",
    "Budget",
    "BudgetKind",
    "Contribution",
    "ContributionKind",
    "DocumentLink",
    "Exchange",
    "ExchangeKind",
    "Indicator",
    "IndicatorPeriod",
    "KeyFigure",
    "LargeProject",
    "LargeProjectMember",
    "Location",
    "Meeting",
    "MeetingKind",
    "Organisation",
    "OrganisationBudget",
    "OrganisationBudgetKind",
    "OrganisationBudgetLine",
    "OrganisationDocument",
    "OrganisationExpenditure",
    "OrganisationExpenseLine",
    "OrganisationIati",
    "OrganisationKind",
    "ParticipatingOrg",
    "Person",
    "PlannedDisbursement",
    "PolicyMarker",
    "Programme",
    "ProgrammeKind",
    "RecipientCountry",
    "RecipientRegion",
    "RecordKind",
    "RelatedActivity",
    "Result",
    "Tag",
    "Transaction",
    "narrative_text",
    "narratives_from",
]
