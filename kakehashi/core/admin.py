from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import Codelist, CodelistItem, Country, Office, OfficeMembership, Region
from kakehashi.core.services import permissions

admin.site.site_header = _("Kakehashi staff")
admin.site.site_title = _("Kakehashi")
admin.site.index_title = _("Registry of cooperation")


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Every registry admin shows the change history (who, when, before and after).

    Access follows the one permission layer (core.services.permissions), not Django's model
    permissions: staff see what their offices may see, and change what their offices own.
    Records with a responsible office are restricted by it; other models (reference data,
    parts) are read by members and changed by administrators, or follow their parent."""

    show_auditlog_history_link = True
    # For parts of a record (results, indicators): the lookup path to the owning record.
    owner_path = ""

    def _is_record(self) -> bool:
        return hasattr(self.model, "responsible_office_id")

    def _owner(self, obj):
        return permissions.record_of(obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_record():
            return permissions.visible(queryset, request.user)
        if self.owner_path:
            return permissions.visible(queryset, request.user, via=self.owner_path)
        return queryset

    def has_module_permission(self, request):
        return permissions.is_member(request.user)

    def has_view_permission(self, request, obj=None):
        if not permissions.is_member(request.user):
            return False
        if obj is not None and (self._is_record() or self.owner_path):
            return permissions.can_view(request.user, self._owner(obj))
        return True

    def has_add_permission(self, request):
        if self._is_record() or self.owner_path:
            return permissions.can_create(request.user)
        return permissions.can_administer(request.user)

    def has_change_permission(self, request, obj=None):
        if not (self._is_record() or self.owner_path):
            return permissions.can_administer(request.user)
        if obj is None:
            return permissions.can_create(request.user)
        return permissions.can_change(request.user, self._owner(obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsible_office" and self._is_record():
            offices = permissions.creatable_offices(request.user)
            if offices is not None:
                kwargs["queryset"] = Office.objects.filter(pk__in=offices)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self._is_record() and "responsible_office" not in initial:
            initial["responsible_office"] = permissions.default_office(request.user)
        return initial

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._is_record() and "is_published" not in fields:
            office_id = (
                obj.responsible_office_id if obj else permissions.default_office(request.user)
            )
            if not permissions.can_publish(request.user, office_id):
                fields.append("is_published")
        return fields

    def save_model(self, request, obj, form, change):
        if self._is_record():
            if obj.responsible_office_id is None and not permissions.is_administrator(request.user):
                obj.responsible_office_id = permissions.default_office(request.user)
            if not change and not permissions.can_publish(request.user, obj.responsible_office_id):
                obj.is_published = False  # drafts until an approver publishes
            if not permissions.can_change(request.user, obj):
                raise PermissionDenied
        super().save_model(request, obj, form, change)


class RecordPartInline:
    """Inlines of a record's parts: changed only by those who may change the record."""

    def has_view_permission(self, request, obj=None):
        return permissions.is_member(request.user)

    def _may_change(self, request, obj) -> bool:
        record = permissions.record_of(obj)
        if record is None:
            return (
                permissions.can_create(request.user)
                if obj is None
                else (permissions.can_administer(request.user))
            )
        return permissions.can_change(request.user, record)

    def has_add_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj)


class ReferencePermissions:
    """Reference data: members read it, administrators change it."""

    def has_module_permission(self, request):
        return permissions.is_member(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_member(request.user)

    def has_add_permission(self, request, obj=None):
        return permissions.can_administer(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_administer(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_administer(request.user)


class ReferenceAdmin(ReferencePermissions, admin.ModelAdmin):
    pass


class CodelistItemInline(ReferencePermissions, admin.TabularInline):
    model = CodelistItem
    extra = 0
    fields = ["code", "name_en", "name_ja", "category", "withdrawn"]


@admin.register(Codelist)
class CodelistAdmin(ReferenceAdmin):
    list_display = ["name", "name_en", "embedded", "complete", "synced"]
    list_filter = ["embedded", "complete"]
    search_fields = ["name", "name_en"]
    inlines = [CodelistItemInline]


@admin.register(CodelistItem)
class CodelistItemAdmin(ReferenceAdmin):
    list_display = ["codelist", "code", "name_en", "name_ja", "category", "withdrawn"]
    list_filter = ["codelist", "withdrawn"]
    search_fields = ["code", "name_en", "name_ja"]
    list_select_related = ["codelist"]


@admin.register(Country)
class CountryAdmin(ReferenceAdmin):
    list_display = ["code", "alpha_3", "name_en", "name_ja"]
    search_fields = ["code", "alpha_3", "name_en", "name_ja"]


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ["code", "name_en", "name_ja"]
    search_fields = ["code", "name_en", "name_ja"]


class MembershipInline(ReferencePermissions, admin.TabularInline):
    model = OfficeMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Office)
class OfficeAdmin(HistoryAdmin):
    list_display = ["code", "name_ja", "name_en", "organisation"]
    search_fields = ["code", "name_ja", "name_en"]
    autocomplete_fields = ["organisation"]
    inlines = [MembershipInline]
