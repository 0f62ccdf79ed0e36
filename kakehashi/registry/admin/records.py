from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from kakehashi.core.admin import HistoryAdmin, RecordPartInline
from kakehashi.registry.admin.organisation_budgets import ORGANISATION_FILE_INLINES
from kakehashi.registry.models import (
    Agreement,
    Contribution,
    Exchange,
    KeyFigure,
    LargeProject,
    LargeProjectMember,
    Meeting,
    Organisation,
    Person,
    Programme,
)

RECORD_FILTERS = ["is_published", "is_sample", "responsible_office"]


class KeyFigureInline(RecordPartInline, GenericTabularInline):
    model = KeyFigure
    extra = 0
    fields = [
        "sequence",
        "label_ja",
        "label_en",
        "value",
        "unit_ja",
        "unit_en",
        "approximate",
        "at_least",
        "as_of",
        "period_ja",
        "period_en",
        "source",
    ]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name_ja", "name_en", "abbreviation", "kind", "iati_identifier", "country"]
    list_filter = ["kind", *RECORD_FILTERS]
    search_fields = ["name_ja", "name_en", "abbreviation", "iati_identifier"]
    autocomplete_fields = ["country", "parent"]
    list_select_related = ["country"]
    inlines = [KeyFigureInline, *ORGANISATION_FILE_INLINES]


@admin.register(Contribution)
class ContributionAdmin(HistoryAdmin):
    list_display = [
        "organisation",
        "fiscal_year",
        "kind",
        "budget_kind",
        "amount",
        "currency",
        "responsible_office",
    ]
    list_filter = ["fiscal_year", "kind", "budget_kind", *RECORD_FILTERS]
    search_fields = [
        "organisation__name_ja",
        "organisation__name_en",
        "organisation__abbreviation",
        "title_ja",
        "title_en",
    ]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation", "responsible_office"]


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ["slug", "name_ja", "name_en", "kind", "start_year", "end_year"]
    list_filter = ["kind", *RECORD_FILTERS]
    search_fields = ["slug", "name_ja", "name_en", "abbreviation"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    filter_horizontal = ["organisations"]
    inlines = [KeyFigureInline]


class LargeProjectMemberInline(RecordPartInline, admin.TabularInline):
    model = LargeProjectMember
    extra = 0
    autocomplete_fields = ["country", "organisation"]


@admin.register(LargeProject)
class LargeProjectAdmin(HistoryAdmin):
    list_display = ["slug", "name_ja", "name_en", "host_organisation", "start_year"]
    list_filter = RECORD_FILTERS
    search_fields = ["slug", "name_ja", "name_en", "abbreviation"]
    autocomplete_fields = ["host_organisation"]
    inlines = [LargeProjectMemberInline, KeyFigureInline]


class MeetingInline(RecordPartInline, admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["kind", "number", "date", "place_ja", "place_en", "level"]


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["title_ja", "title_en", "kind", "signed_on", "in_force_on"]
    list_filter = ["kind", *RECORD_FILTERS]
    search_fields = ["title_ja", "title_en", "countries__name_en", "countries__name_ja"]
    filter_horizontal = ["countries", "organisations"]
    date_hierarchy = "signed_on"
    inlines = [MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["__str__", "kind", "number", "date", "country", "level"]
    list_filter = ["kind", "level", *RECORD_FILTERS]
    search_fields = ["title_ja", "title_en", "place_ja", "place_en", "country__name_en"]
    autocomplete_fields = ["agreement", "country"]
    list_select_related = ["country"]
    date_hierarchy = "date"


class ExchangeInline(RecordPartInline, admin.TabularInline):
    model = Exchange
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["programme", "home_organisation", "host_organisation", "host_country"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["__str__", "family_name_en", "given_name_en", "affiliation", "nationality"]
    list_filter = RECORD_FILTERS
    search_fields = ["family_name_ja", "given_name_ja", "family_name_en", "given_name_en", "orcid"]
    autocomplete_fields = ["affiliation", "nationality"]
    inlines = [ExchangeInline]


@admin.register(Exchange)
class ExchangeAdmin(HistoryAdmin):
    list_display = ["person", "kind", "programme", "host_organisation", "start_date", "end_date"]
    list_filter = ["kind", "programme", *RECORD_FILTERS]
    search_fields = ["person__family_name_en", "person__family_name_ja"]
    autocomplete_fields = [
        "person",
        "programme",
        "home_organisation",
        "host_organisation",
        "host_country",
    ]
    list_select_related = ["person", "programme", "host_organisation"]


@admin.register(KeyFigure)
class KeyFigureAdmin(HistoryAdmin):
    list_display = ["label_ja", "label_en", "value", "unit_en", "as_of", "content_type"]
    search_fields = ["label_ja", "label_en"]
    list_filter = ["content_type"]


admin.site.empty_value_display = _("(none)")
