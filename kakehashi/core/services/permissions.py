"""The one permission layer for pages, the staff interface and the API.

Users belong to offices with a role. Records (RegistryRecord) are owned by a responsible
office. The public sees published records; members of the owning office also see their
unpublished ones; editors (and above) of the owning office change them; administrators
(superusers, or the administrator role) see and change everything.
"""

from django.db.models import Q, QuerySet

from kakehashi.core.models import OfficeMembership, Role

# Roles that may change the records of their office.
EDITING_ROLES = {Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR}


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return _memberships(user).get("administrator", False)


def _memberships(user) -> dict:
    """Per request-user cache: {office_id: {roles}, "administrator": bool}."""
    cache = getattr(user, "_kakehashi_memberships", None)
    if cache is None:
        cache = {"offices": {}, "administrator": False}
        for office_id, role in OfficeMembership.objects.filter(user=user).values_list(
            "office_id", "role"
        ):
            cache["offices"].setdefault(office_id, set()).add(role)
            if role == Role.ADMINISTRATOR:
                cache["administrator"] = True
        user._kakehashi_memberships = cache
    return cache


def office_ids(user, roles: set[str] | None = None) -> set[int]:
    """The offices the user belongs to (with one of `roles`, when given)."""
    if not _authenticated(user):
        return set()
    offices = _memberships(user)["offices"]
    return {
        office_id for office_id, held in offices.items() if roles is None or held & set(roles)
    }


def has_role(user, office_id: int | None, roles: set[str]) -> bool:
    if is_administrator(user):
        return True
    return office_id is not None and office_id in office_ids(user, roles)


def visible(queryset: QuerySet, user) -> QuerySet:
    """Records the user may see: published ones, and everything of their own offices."""
    if is_administrator(user):
        return queryset
    condition = Q(is_published=True)
    own = office_ids(user)
    if own:
        condition |= Q(responsible_office_id__in=own)
    return queryset.filter(condition)


def editable(queryset: QuerySet, user) -> QuerySet:
    if is_administrator(user):
        return queryset
    return queryset.filter(responsible_office_id__in=office_ids(user, EDITING_ROLES))


def can_view(user, record) -> bool:
    return record.is_published or has_role(user, record.responsible_office_id, set(Role))


def can_change(user, record) -> bool:
    return has_role(user, record.responsible_office_id, EDITING_ROLES)
