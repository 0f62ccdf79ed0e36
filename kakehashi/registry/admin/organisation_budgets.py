"""What an IATI organisation file gave an organisation: read-only inlines on Organisation and
read-only lists (budgets, expenditure, documents across organisations).

The data is the publisher's and is replaced by the next import of a newer file, so it is
shown, not edited: correct the file and import it again."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kakehashi.core.admin import HistoryAdmin
from kakehashi.core.services import permissions
from kakehashi.registry.models import (
    OrganisationBudget,
    OrganisationBudgetLine,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationExpenseLine,
    OrganisationIati,
    narrative_text,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ImportedInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        # Shown, never submitted: left out of a POST, the form needs no data for it.
        return request.method != "POST" and permissions.is_member(request.user)


@admin.display(description=_("lines"))
def lines(part) -> str:
    return "; ".join(
        f"{narrative_text(line.narratives) or line.ref}: {line.value} {line.currency}"
        for line in part.lines.all()
    )


FILE_FIELDS = [
    "organisation",
    "iati_version",
    "last_updated_datetime",
    "default_currency",
    "default_lang",
    "names",
    "reporting_org_ref",
    "reporting_org_type",
    "reporting_org_secondary",
    "reporting_org_narratives",
    "preserved_xml",
    "imported",
]
BUDGET_FIELDS = [
    "organisation",
    "kind",
    "status",
    "period_start",
    "period_end",
    "value",
    "currency",
    "value_date",
    "recipient_ref",
    "recipient_narratives",
]
EXPENDITURE_FIELDS = ["organisation", "period_start", "period_end", "value", "currency"]
EXPENDITURE_FIELDS += ["value_date"]
DOCUMENT_FIELDS = ["organisation", "url", "format", "title", "categories", "languages"]
DOCUMENT_FIELDS += ["document_date", "recipient_countries"]
LINE_FIELDS = ["ref", "value", "currency", "value_date", "narratives"]


class IatiFileInline(ImportedInline, admin.StackedInline):
    model = OrganisationIati
    fields = FILE_FIELDS[1:]
    show_change_link = False


class OrganisationBudgetInline(ImportedInline):
    model = OrganisationBudget
    fields = [*BUDGET_FIELDS[1:-1], lines]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines")


class OrganisationExpenditureInline(OrganisationBudgetInline):
    model = OrganisationExpenditure
    fields = [*EXPENDITURE_FIELDS[1:], lines]


class OrganisationDocumentInline(ImportedInline):
    model = OrganisationDocument
    fields = DOCUMENT_FIELDS[1:-1]


ORGANISATION_FILE_INLINES = [
    IatiFileInline,
    OrganisationBudgetInline,
    OrganisationExpenditureInline,
    OrganisationDocumentInline,
]


class ImportedAdmin(ReadOnly, HistoryAdmin):
    owner_path = "organisation"
    search_fields = ["organisation__iati_identifier", "organisation__name_en"]
    search_fields += ["organisation__name_ja", "organisation__abbreviation"]
    list_select_related = ["organisation"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def _owner(self, obj):
        for name in self.owner_path.split("__"):  # the organisation owns the part
            obj = getattr(obj, name)
        return obj


@admin.register(OrganisationIati)
class OrganisationIatiAdmin(ImportedAdmin):
    fields = FILE_FIELDS
    list_display = ["organisation", "iati_version", "last_updated_datetime", "imported"]


class LineInline(ImportedInline):
    fields = LINE_FIELDS
    show_change_link = False


class BudgetLineInline(LineInline):
    model = OrganisationBudgetLine


class ExpenseLineInline(LineInline):
    model = OrganisationExpenseLine


@admin.register(OrganisationBudget)
class OrganisationBudgetAdmin(ImportedAdmin):
    fields = BUDGET_FIELDS
    list_display = ["organisation", "kind", "period_start", "period_end", "value", "currency"]
    list_filter = ["kind", "status", "currency"]
    inlines = [BudgetLineInline]


@admin.register(OrganisationExpenditure)
class OrganisationExpenditureAdmin(ImportedAdmin):
    fields = EXPENDITURE_FIELDS
    list_display = ["organisation", "period_start", "period_end", "value", "currency"]
    inlines = [ExpenseLineInline]


@admin.register(OrganisationDocument)
class OrganisationDocumentAdmin(ImportedAdmin):
    fields = DOCUMENT_FIELDS
    list_display = ["__str__", "organisation", "format", "document_date"]


class LineAdmin(ImportedAdmin):
    fields = LINE_FIELDS
    list_display = ["__str__", "value", "currency"]


@admin.register(OrganisationBudgetLine)
class OrganisationBudgetLineAdmin(LineAdmin):
    owner_path = "budget__organisation"
    search_fields = ["budget__organisation__iati_identifier", "ref"]
    list_select_related = ["budget__organisation"]


@admin.register(OrganisationExpenseLine)
class OrganisationExpenseLineAdmin(LineAdmin):
    owner_path = "expenditure__organisation"
    search_fields = ["expenditure__organisation__iati_identifier", "ref"]
    list_select_related = ["expenditure__organisation"]
