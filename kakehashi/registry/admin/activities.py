from django.contrib import admin
from django.db.models import JSONField
from django.forms import Textarea
from django.utils.translation import gettext_lazy as _

from kakehashi.core.admin import HistoryAdmin, RecordPartInline
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

# Narratives are JSON lists; a small text area keeps the inlines readable.
COMPACT_JSON = {JSONField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


class PartInline(RecordPartInline, admin.TabularInline):
    extra = 0
    formfield_overrides = COMPACT_JSON
    show_change_link = False


class DescriptionInline(PartInline):
    model = ActivityDescription
    fields = ["sequence", "type", "narratives"]


class ParticipantInline(PartInline):
    model = ParticipatingOrg
    fields = ["sequence", "role", "organisation", "ref", "type", "narratives"]
    autocomplete_fields = ["organisation"]


class CountryInline(PartInline):
    model = RecipientCountry
    fields = ["sequence", "country_code", "percentage"]


class RegionInline(PartInline):
    model = RecipientRegion
    fields = ["sequence", "code", "vocabulary", "percentage"]


class SectorInline(PartInline):
    model = ActivitySector
    fields = ["sequence", "code", "vocabulary", "percentage"]


class BudgetInline(PartInline):
    model = Budget
    fields = [
        "sequence",
        "type",
        "status",
        "period_start",
        "period_end",
        "value",
        "currency",
        "value_date",
    ]


class PlannedDisbursementInline(PartInline):
    model = PlannedDisbursement
    fields = ["sequence", "type", "period_start", "period_end", "value", "currency", "value_date"]


class TransactionInline(PartInline):
    model = Transaction
    fields = [
        "sequence",
        "type",
        "date",
        "value",
        "currency",
        "value_date",
        "provider_ref",
        "receiver_ref",
    ]


class DocumentInline(PartInline):
    model = DocumentLink
    fields = ["sequence", "url", "format", "title", "document_date"]


class PolicyMarkerInline(PartInline):
    model = PolicyMarker
    fields = ["sequence", "code", "vocabulary", "significance"]


class TagInline(PartInline):
    model = Tag
    fields = ["sequence", "code", "vocabulary", "narratives"]


class RelatedInline(PartInline):
    model = RelatedActivity
    fields = ["sequence", "ref", "type"]


class LocationInline(PartInline):
    model = Location
    fields = ["sequence", "ref", "name", "latitude", "longitude"]


class ResultInline(PartInline):
    model = Result
    fields = ["sequence", "type", "title"]
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = [
        "iati_identifier",
        "title_display",
        "kind",
        "reporting_org",
        "activity_status",
        "programme",
        "is_published",
    ]
    list_filter = [
        "kind",
        "activity_status",
        "programme",
        "is_published",
        "is_sample",
        "responsible_office",
    ]
    search_fields = ["iati_identifier", "title"]
    autocomplete_fields = ["reporting_org", "programme"]
    list_select_related = ["reporting_org", "programme"]
    formfield_overrides = COMPACT_JSON
    readonly_fields = ["created", "updated"]
    inlines = [
        DescriptionInline,
        ParticipantInline,
        CountryInline,
        RegionInline,
        SectorInline,
        BudgetInline,
        PlannedDisbursementInline,
        TransactionInline,
        ResultInline,
        DocumentInline,
        PolicyMarkerInline,
        TagInline,
        RelatedInline,
        LocationInline,
    ]

    @admin.display(description=_("title"))
    def title_display(self, obj: Activity) -> str:
        return obj.title_text()


class IndicatorInline(PartInline):
    model = Indicator
    fields = ["sequence", "measure", "ascending", "title"]
    show_change_link = True


@admin.register(Result)
class ResultAdmin(HistoryAdmin):
    owner_path = "activity"
    list_display = ["__str__", "activity", "type"]
    search_fields = ["activity__iati_identifier"]
    autocomplete_fields = ["activity"]
    formfield_overrides = COMPACT_JSON
    inlines = [IndicatorInline]
    list_select_related = ["activity"]


class PeriodInline(PartInline):
    model = IndicatorPeriod
    fields = ["sequence", "period_start", "period_end", "targets", "actuals"]


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    owner_path = "result__activity"
    list_display = ["__str__", "result", "measure"]
    search_fields = ["result__activity__iati_identifier"]
    autocomplete_fields = ["result"]
    formfield_overrides = COMPACT_JSON
    inlines = [PeriodInline]
    list_select_related = ["result"]
