"""Staff interface: tokens can be revoked; the change and security logs are read-only."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import ApiToken, SecurityEvent
from kakehashi.accounts.services import tokens
from kakehashi.core.services import permissions


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes log records through the application."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.can_administer(request.user)

    def has_module_permission(self, request):
        return permissions.can_administer(request.user)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["timestamp", "kind", "username", "ip", "method", "path", "request_id"]
    list_filter = ["kind"]
    search_fields = ["username", "ip", "request_id", "path"]
    date_hierarchy = "timestamp"


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created", "expires", "last_used", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username", "prefix"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked__isnull=True).select_related("user"):
            tokens.revoke(token, request=request, by=request.user)

    def get_actions(self, request):
        # Actions need a change permission by default; revoking is allowed to administrators.
        actions = super().get_actions(request)
        if not permissions.can_administer(request.user):
            return {}
        return actions

    def has_change_permission(self, request, obj=None):
        return False


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["timestamp", "action", "content_type", "object_repr", "actor", "cid"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "cid", "actor__username"]
    date_hierarchy = "timestamp"
    list_select_related = ["actor", "content_type"]
