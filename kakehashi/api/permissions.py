"""DRF permissions backed by the one permission layer (kakehashi.core.services.permissions)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from kakehashi.core.services import permissions


class RecordPermission(BasePermission):
    """Anyone reads (the queryset shows only what the user may see); writes need an editing
    role, and an existing record may be changed only by its own office (or administrators)."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return permissions.can_create(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return permissions.can_change(request.user, obj)


class ReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


class AdministratorsOnly(BasePermission):
    """The audit and security logs: administrators read them; nobody writes them."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS and permissions.can_administer(request.user)
