"""An organisation's IATI organisation file, read-only: the file's own fields, its budgets
(total, recipient organisation, country and region budgets, each with its lines), its
expenditures (with their lines) and its documents, in the file's order. They come from
`kakehashi iati import` and go out again with `kakehashi iati export --organisations`."""

from django.db.models import Prefetch
from rest_framework import serializers

from kakehashi.api.serializers import KakehashiModelSerializer, NarrativeSerializer
from kakehashi.registry.models import (
    Organisation,
    OrganisationBudget,
    OrganisationBudgetLine,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationExpenseLine,
    OrganisationIati,
)

MONEY = ["value", "currency", "currency_is_default", "value_date"]


def _read_only(model, fields, **declared):
    """A read-only serializer of `fields` of `model` (and the `declared` nested ones)."""
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    attributes = {"Meta": meta, **declared}
    return type(f"{model.__name__}Serializer", (KakehashiModelSerializer,), attributes)


BudgetLineSerializer = _read_only(OrganisationBudgetLine, ["ref", *MONEY, "narratives"])
ExpenseLineSerializer = _read_only(OrganisationExpenseLine, ["ref", *MONEY, "narratives"])
BudgetSerializer = _read_only(
    OrganisationBudget,
    [
        "kind", "status", "period_start", "period_end", *MONEY, "recipient_ref",
        "recipient_vocabulary", "recipient_vocabulary_uri", "recipient_narratives", "lines",
    ],
    recipient_narratives=NarrativeSerializer(many=True, read_only=True),
    lines=BudgetLineSerializer(many=True, read_only=True),
)  # fmt: skip
ExpenditureSerializer = _read_only(
    OrganisationExpenditure,
    ["period_start", "period_end", *MONEY, "lines"],
    lines=ExpenseLineSerializer(many=True, read_only=True),
)
DocumentSerializer = _read_only(
    OrganisationDocument,
    [
        "url", "format", "title", "description", "categories", "languages", "document_date",
        "recipient_countries",
    ],
    recipient_countries=serializers.ListField(child=serializers.JSONField(), read_only=True),
)  # fmt: skip
FileHeaderSerializer = _read_only(
    OrganisationIati,
    [
        "names", "default_lang", "default_currency", "last_updated_datetime", "iati_version",
        "reporting_org_ref", "reporting_org_type", "reporting_org_secondary",
        "reporting_org_narratives",
    ],
    names=NarrativeSerializer(many=True, read_only=True),
    reporting_org_narratives=NarrativeSerializer(many=True, read_only=True),
)  # fmt: skip


class OrganisationFileSerializer(KakehashiModelSerializer):
    organisation = serializers.IntegerField(source="pk", read_only=True)
    file = FileHeaderSerializer(source="iati_file", read_only=True, allow_null=True)
    budgets = BudgetSerializer(source="iati_budgets", many=True, read_only=True)
    expenditures = ExpenditureSerializer(source="iati_expenditures", many=True, read_only=True)
    documents = DocumentSerializer(source="iati_documents", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["organisation", "iati_identifier", "file", "budgets", "expenditures", "documents"]
        read_only_fields = fields


def organisation_file_queryset(queryset):
    """`queryset` (of organisations) with everything the file serializer reads: six
    queries whatever the number of budgets and lines."""
    return queryset.select_related("iati_file").prefetch_related(
        Prefetch("iati_budgets", OrganisationBudget.objects.prefetch_related("lines")),
        Prefetch("iati_expenditures", OrganisationExpenditure.objects.prefetch_related("lines")),
        "iati_documents",
    )


def has_organisation_file(organisation) -> bool:
    """Whether anything of an organisation file is held (read from the prefetched data)."""
    return hasattr(organisation, "iati_file") or bool(
        organisation.iati_budgets.all()
        or organisation.iati_expenditures.all()
        or organisation.iati_documents.all()
    )
