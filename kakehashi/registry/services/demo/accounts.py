"""Demo accounts with one well-known password: for the loopback demo only, never production.

admin (superuser), mofa-editor and mext-editor (staff, editors of their office, Group
"editor"), viewer and mext-viewer (staff, viewers of MOFA's and MEXT's office, Group "viewer":
view permissions only), and mofa-/mext- reviewer, approver and administrator (the other roles
of kakehashi.core.services.permissions in both offices). Accounts that exist already
keep their password; their groups, flags and office membership are set again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from kakehashi.core.models import Office, OfficeMembership, Role

DEMO_PASSWORD = "kakehashi-demo"
EDITOR_GROUP, VIEWER_GROUP = "editor", "viewer"

MOFA, MEXT = "mofa-science-cooperation", "mext-international-affairs"

# username, superuser, group, office code, role there: each role in both offices.
ACCOUNTS = [
    ("admin", True, None, None, None),
    ("mofa-editor", False, EDITOR_GROUP, MOFA, Role.EDITOR),
    ("mext-editor", False, EDITOR_GROUP, MEXT, Role.EDITOR),
    ("viewer", False, VIEWER_GROUP, MOFA, Role.VIEWER),
    ("mext-viewer", False, VIEWER_GROUP, MEXT, Role.VIEWER),
    ("mofa-reviewer", False, EDITOR_GROUP, MOFA, Role.REVIEWER),
    ("mext-reviewer", False, EDITOR_GROUP, MEXT, Role.REVIEWER),
    ("mofa-approver", False, EDITOR_GROUP, MOFA, Role.APPROVER),
    ("mext-approver", False, EDITOR_GROUP, MEXT, Role.APPROVER),
    ("mofa-administrator", False, EDITOR_GROUP, MOFA, Role.ADMINISTRATOR),
    ("mext-administrator", False, EDITOR_GROUP, MEXT, Role.ADMINISTRATOR),
]


class DemoAccountsRefused(Exception):
    """Demo accounts share a published password: never on a publicly served site."""


@dataclass
class AccountResult:
    username: str
    created: bool


def check_accounts_allowed() -> None:
    if settings.PUBLIC_HOSTING:
        raise DemoAccountsRefused(
            "Refusing to create demo accounts: this site serves public hosts "
            "(KAKEHASHI_ALLOWED_HOSTS), and the demo accounts share a published password. "
            "Run `kakehashi demo --no-accounts` to load only the data, and create real "
            "accounts with `kakehashi createsuperuser`."
        )


def ensure_groups() -> dict[str, Group]:
    """Group "editor": add/change/view registry records, view reference data;
    Group "viewer": view only."""
    registry = Permission.objects.filter(content_type__app_label="registry")
    core_view = Permission.objects.filter(
        content_type__app_label="core", codename__startswith="view_"
    )
    editor, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    editor.permissions.set(
        list(registry.filter(codename__regex=r"^(add|change|view)_")) + list(core_view)
    )
    viewer, _ = Group.objects.get_or_create(name=VIEWER_GROUP)
    viewer.permissions.set(list(registry.filter(codename__startswith="view_")) + list(core_view))
    return {EDITOR_GROUP: editor, VIEWER_GROUP: viewer}


def create_demo_accounts() -> list[AccountResult]:
    check_accounts_allowed()
    groups = ensure_groups()
    offices = Office.objects.in_bulk([a[3] for a in ACCOUNTS if a[3]], field_name="code")
    user_model = get_user_model()
    password = None  # hashed once: hashing is slow on purpose
    results = []
    for username, superuser, group, office_code, role in ACCOUNTS:
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            password = password or make_password(DEMO_PASSWORD)
            user = user_model(username=username, password=password)
        user.is_active = True
        user.is_staff = True
        user.is_superuser = superuser
        user.save()
        if group:
            user.groups.add(groups[group])
        if office_code and office_code in offices:
            OfficeMembership.objects.update_or_create(
                user=user, office=offices[office_code], defaults={"role": role}
            )
        results.append(AccountResult(username, created))
    return results
