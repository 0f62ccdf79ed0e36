"""Activities (IATI 2.03) with their parts, nested: a write that sends a list of parts
replaces the activity's parts of that kind. Results are read-only here."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from kakehashi.api.serializers import (
    RECORD_FIELDS,
    TIMESTAMPS,
    KakehashiModelSerializer,
    NestedPartsMixin,
    RecordSerializer,
)
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Budget,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    ParticipatingOrg,
    PlannedDisbursement,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Tag,
    Transaction,
)

PART_EXCLUDE = ["activity", "sequence"]


def part_serializer(part_model, extra_kwargs=None, read_only=()):
    """A serializer of one kind of part: every field but the activity and the order."""
    meta = type(
        "Meta",
        (),
        {
            "model": part_model,
            "exclude": PART_EXCLUDE,
            "read_only_fields": ["id", *read_only],
            "extra_kwargs": extra_kwargs or {},
        },
    )
    return type(f"{part_model.__name__}Serializer", (KakehashiModelSerializer,), {"Meta": meta})


PERCENTAGE = {"percentage": {"min_value": 0, "max_value": 100}}

DescriptionSerializer = part_serializer(ActivityDescription)
ParticipatingOrgSerializer = part_serializer(ParticipatingOrg)
RecipientCountrySerializer = part_serializer(RecipientCountry, PERCENTAGE)
RecipientRegionSerializer = part_serializer(RecipientRegion, PERCENTAGE)
SectorSerializer = part_serializer(ActivitySector, PERCENTAGE)
LocationSerializer = part_serializer(
    Location,
    {
        "latitude": {"min_value": -90, "max_value": 90},
        "longitude": {"min_value": -180, "max_value": 180},
    },
)
BudgetSerializer = part_serializer(Budget)
PlannedDisbursementSerializer = part_serializer(PlannedDisbursement)
TransactionSerializer = part_serializer(Transaction)
DocumentLinkSerializer = part_serializer(DocumentLink)
PolicyMarkerSerializer = part_serializer(PolicyMarker)
TagSerializer = part_serializer(Tag)
RelatedActivitySerializer = part_serializer(RelatedActivity)


class IndicatorPeriodSerializer(KakehashiModelSerializer):
    class Meta:
        model = IndicatorPeriod
        exclude = ["indicator", "sequence"]


class IndicatorSerializer(KakehashiModelSerializer):
    periods = IndicatorPeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        exclude = ["result", "sequence"]


class ResultSerializer(KakehashiModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Result
        exclude = PART_EXCLUDE


def _parts(serializer, source, read_only=False, name=None):
    """Nested parts; `source` is the related name when it differs from the field's name."""
    extra = {"source": source} if source != name else {}
    return serializer(many=True, required=False, read_only=read_only, **extra)


ACTIVITY_FIELDS = [
    *RECORD_FIELDS,
    "iati_identifier",
    "kind",
    "reporting_org",
    "reporting_org_secondary",
    "programme",
    "title",
    "default_lang",
    "default_currency",
    "hierarchy",
    "humanitarian",
    "activity_status",
    "activity_scope",
    "collaboration_type",
    "default_flow_type",
    "default_finance_type",
    "default_tied_status",
    "default_aid_types",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "last_updated_datetime",
    "iati_version",
]


class ActivityListSerializer(RecordSerializer):
    """The activity in lists: its own fields with countries and sectors."""

    recipient_countries = _parts(
        RecipientCountrySerializer, "recipient_countries", True, name="recipient_countries"
    )
    sectors = _parts(SectorSerializer, "sectors", True, name="sectors")

    class Meta(RecordSerializer.Meta):
        model = Activity
        fields = [*ACTIVITY_FIELDS, "recipient_countries", "sectors", *TIMESTAMPS]


class ActivitySerializer(NestedPartsMixin, RecordSerializer):
    """The whole activity with every part."""

    descriptions = _parts(DescriptionSerializer, "descriptions", name="descriptions")
    participating_orgs = _parts(
        ParticipatingOrgSerializer, "participants", name="participating_orgs"
    )
    recipient_countries = _parts(
        RecipientCountrySerializer, "recipient_countries", name="recipient_countries"
    )
    recipient_regions = _parts(
        RecipientRegionSerializer, "recipient_regions", name="recipient_regions"
    )
    sectors = _parts(SectorSerializer, "sectors", name="sectors")
    locations = _parts(LocationSerializer, "locations", name="locations")
    budgets = _parts(BudgetSerializer, "budgets", name="budgets")
    planned_disbursements = _parts(
        PlannedDisbursementSerializer, "planned_disbursements", name="planned_disbursements"
    )
    transactions = _parts(TransactionSerializer, "transactions", name="transactions")
    results = _parts(ResultSerializer, "results", read_only=True, name="results")
    document_links = _parts(DocumentLinkSerializer, "documents", name="document_links")
    policy_markers = _parts(PolicyMarkerSerializer, "policy_markers", name="policy_markers")
    tags = _parts(TagSerializer, "tags", name="tags")
    related_activities = _parts(RelatedActivitySerializer, "related", name="related_activities")

    class Meta(RecordSerializer.Meta):
        model = Activity
        fields = [
            *ACTIVITY_FIELDS,
            "descriptions",
            "participating_orgs",
            "recipient_countries",
            "recipient_regions",
            "sectors",
            "locations",
            "budgets",
            "planned_disbursements",
            "transactions",
            "results",
            "document_links",
            "policy_markers",
            "tags",
            "related_activities",
            *TIMESTAMPS,
        ]

    def validate_title(self, value):
        if not any(narrative.get("text") for narrative in value or []):
            raise serializers.ValidationError(_("Give a title in at least one language."))
        return value


ACTIVITY_PREFETCH = (
    "descriptions",
    "participants",
    "recipient_countries",
    "recipient_regions",
    "sectors",
    "locations",
    "budgets",
    "planned_disbursements",
    "transactions",
    "results__indicators__periods",
    "documents",
    "policy_markers",
    "tags",
    "related",
)
