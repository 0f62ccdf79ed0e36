"""The one permission layer for pages, the staff interface and the API.

Users belong to offices with a role. Records (RegistryRecord) are owned by a responsible
office. The public sees published records; members of the owning office also see their
unpublished ones; editors (and above) of the owning office change them; approvers publish
them; administrators (superusers, or the administrator role) see and change everything.

Confidential fields (a model's ``confidential_fields`` tuple) are shown only to members of
the owning office and to administrators, never to the public or to other offices.

Parts of a record (an activity's budgets, a project's members) follow their parent: pass
``via="activity"`` to filter them by the parent's visibility.
"""

from django.db.models import Q, QuerySet

from kakehashi.core.models import OfficeMembership, Role

# Roles that may change the records of their office.
EDITING_ROLES = {Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR}
# Roles that may publish or withdraw the records of their office.
PUBLISHING_ROLES = {Role.APPROVER, Role.ADMINISTRATOR}
ALL_ROLES = set(Role)


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
        cache = {"offices": {}, "codes": {}, "administrator": False}
        rows = OfficeMembership.objects.filter(user=user).values_list(
            "office_id", "office__code", "role"
        )
        for office_id, code, role in rows:
            cache["offices"].setdefault(office_id, set()).add(role)
            cache["codes"][office_id] = code
            if role == Role.ADMINISTRATOR:
                cache["administrator"] = True
        user._kakehashi_memberships = cache
    return cache


def forget(user) -> None:
    """Drop the cached memberships (after they changed during a request or a test)."""
    if user is not None and hasattr(user, "_kakehashi_memberships"):
        del user._kakehashi_memberships


def office_ids(user, roles: set[str] | None = None) -> set[int]:
    """The offices the user belongs to (with one of `roles`, when given)."""
    if not _authenticated(user):
        return set()
    offices = _memberships(user)["offices"]
    return {office_id for office_id, held in offices.items() if roles is None or held & set(roles)}


def office_codes(user) -> list[str]:
    """Codes of the user's offices, sorted (for the audit log)."""
    if not _authenticated(user):
        return []
    return sorted(_memberships(user)["codes"].values())


def acting_office(user, office_id: int | None = None) -> str:
    """The code of the office a user acts for: the record's office when they belong to it,
    else their only (or first) office; blank for users without an office."""
    if not _authenticated(user):
        return ""
    codes = _memberships(user)["codes"]
    if office_id in codes:
        return codes[office_id]
    return sorted(codes.values())[0] if codes else ""


def has_role(user, office_id: int | None, roles: set[str]) -> bool:
    if is_administrator(user):
        return True
    return office_id is not None and office_id in office_ids(user, roles)


def is_member(user) -> bool:
    """Staff of some office (any role), or an administrator."""
    return is_administrator(user) or bool(office_ids(user))


def _prefixed(via: str, lookup: str) -> str:
    return f"{via}__{lookup}" if via else lookup


def visible(queryset: QuerySet, user, via: str = "") -> QuerySet:
    """Records the user may see: published ones, and everything of their own offices.

    `via` names the parent relation for parts of a record ("activity", "project")."""
    if is_administrator(user):
        return queryset
    condition = Q(**{_prefixed(via, "is_published"): True})
    own = office_ids(user)
    if own:
        condition |= Q(**{_prefixed(via, "responsible_office_id__in"): own})
    return queryset.filter(condition)


def editable(queryset: QuerySet, user, via: str = "") -> QuerySet:
    if is_administrator(user):
        return queryset
    return queryset.filter(
        **{_prefixed(via, "responsible_office_id__in"): office_ids(user, EDITING_ROLES)}
    )


def can_view(user, record) -> bool:
    return record.is_published or has_role(user, record.responsible_office_id, ALL_ROLES)


def can_change(user, record) -> bool:
    return has_role(user, record.responsible_office_id, EDITING_ROLES)


def can_create(user, office_id: int | None = None) -> bool:
    """May the user create records (for `office_id`, when given)?"""
    if office_id is None:
        return is_administrator(user) or bool(office_ids(user, EDITING_ROLES))
    return has_role(user, office_id, EDITING_ROLES)


def can_publish(user, office_id: int | None) -> bool:
    """May the user publish or withdraw the records of `office_id`?"""
    return has_role(user, office_id, PUBLISHING_ROLES)


def can_administer(user) -> bool:
    """Reference data (offices, codelists, countries), the audit and security logs."""
    return is_administrator(user)


def default_office(user) -> int | None:
    """The office a new record belongs to when none is given: the user's only editing office."""
    editing = office_ids(user, EDITING_ROLES)
    return next(iter(editing)) if len(editing) == 1 else None


def creatable_offices(user) -> set[int] | None:
    """Offices the user may create records for; None means every office (administrators)."""
    if is_administrator(user):
        return None
    return office_ids(user, EDITING_ROLES)


PARENT_ATTRIBUTES = ("activity", "result", "indicator", "project", "person")


def record_of(obj):
    """The registry record a part belongs to (an indicator's activity); the record itself."""
    for _depth in range(4):
        if obj is None or hasattr(obj, "responsible_office_id"):
            return obj
        obj = next(
            (getattr(obj, name) for name in PARENT_ATTRIBUTES if hasattr(obj, f"{name}_id")),
            None,
        )
    return None


def confidential_fields(model) -> tuple[str, ...]:
    """The model's fields that only the owning office and administrators may read."""
    return tuple(getattr(model, "confidential_fields", ()))


def can_see_confidential(user, record) -> bool:
    return has_role(user, getattr(record, "responsible_office_id", None), ALL_ROLES)
