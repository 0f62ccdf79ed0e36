"""Change history for registry records (django-auditlog: who, when, before and after)."""

from auditlog.registry import auditlog
from django.apps import apps

# Top-level records are logged with their own changes; parts of an activity are logged too,
# so an edit of one transaction shows in the history.
AUDITED_MODELS = [
    "core.Office",
    "registry.Organisation",
    "registry.OrganisationIati",
    "registry.OrganisationBudget",
    "registry.OrganisationBudgetLine",
    "registry.OrganisationExpenditure",
    "registry.OrganisationExpenseLine",
    "registry.OrganisationDocument",
    "registry.Contribution",
    "registry.Activity",
    "registry.ActivityDescription",
    "registry.ParticipatingOrg",
    "registry.RecipientCountry",
    "registry.RecipientRegion",
    "registry.ActivitySector",
    "registry.Budget",
    "registry.Transaction",
    "registry.Result",
    "registry.DocumentLink",
    "registry.Programme",
    "registry.LargeProject",
    "registry.LargeProjectMember",
    "registry.Agreement",
    "registry.Meeting",
    "registry.Person",
    "registry.Exchange",
    "registry.KeyFigure",
]


def register_models() -> None:
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model)
