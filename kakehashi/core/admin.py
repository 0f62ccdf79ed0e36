from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import Codelist, CodelistItem, Country, Office, OfficeMembership, Region

admin.site.site_header = _("Kakehashi staff")
admin.site.site_title = _("Kakehashi")
admin.site.index_title = _("Registry of cooperation")


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Every registry admin shows the change history (who, when, before and after)."""

    show_auditlog_history_link = True


class CodelistItemInline(admin.TabularInline):
    model = CodelistItem
    extra = 0
    fields = ["code", "name_en", "name_ja", "category", "withdrawn"]


@admin.register(Codelist)
class CodelistAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "embedded", "complete", "synced"]
    list_filter = ["embedded", "complete"]
    search_fields = ["name", "name_en"]
    inlines = [CodelistItemInline]


@admin.register(CodelistItem)
class CodelistItemAdmin(admin.ModelAdmin):
    list_display = ["codelist", "code", "name_en", "name_ja", "category", "withdrawn"]
    list_filter = ["codelist", "withdrawn"]
    search_fields = ["code", "name_en", "name_ja"]
    list_select_related = ["codelist"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "alpha_3", "name_en", "name_ja"]
    search_fields = ["code", "alpha_3", "name_en", "name_ja"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ja"]
    search_fields = ["code", "name_en", "name_ja"]


class MembershipInline(admin.TabularInline):
    model = OfficeMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Office)
class OfficeAdmin(HistoryAdmin):
    list_display = ["code", "name_ja", "name_en", "organisation"]
    search_fields = ["code", "name_ja", "name_en"]
    autocomplete_fields = ["organisation"]
    inlines = [MembershipInline]
