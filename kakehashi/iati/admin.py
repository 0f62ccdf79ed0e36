from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from kakehashi.iati.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Read-only: import records are written by the importer, never by hand."""

    list_display = [
        "started",
        "status",
        "strict",
        "files",
        "activities_created",
        "activities_updated",
        "activities_unchanged",
        "activities_skipped",
        "errors",
        "user",
    ]
    list_filter = ["status", "strict"]
    date_hierarchy = "started"
    exclude = ["problems"]
    readonly_fields = [
        "started",
        "finished",
        "user",
        "sources",
        "strict",
        "status",
        "files",
        "files_rejected",
        "activities_created",
        "activities_updated",
        "activities_unchanged",
        "activities_skipped",
        "organisation_files",
        "organisations_created",
        "organisations_updated",
        "organisations_unchanged",
        "errors",
        "bytes_read",
        "problems_not_kept",
        "problem_list",
    ]

    @admin.display(description=_("problems"))
    def problem_list(self, obj):
        rows = (
            (
                p.get("level", ""),
                p.get("file", ""),
                p.get("line") or "",
                p.get("identifier", ""),
                p.get("message", ""),
            )
            for p in obj.problems
        )
        return format_html_join("\n", "<div>[{}] {}:{}: {}: {}</div>", rows) or _("none")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff
