"""Every page, walked as every role: portal pages, account pages and the staff interface.

No page fails (5xx); unpublished records never show on public pages; the staff interface
shows a record only to those who may see it and lets only its office change it."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from kakehashi.api.tests.conftest import ROLES

OWNING_OFFICE = {"viewer", "editor", "approver", "administrator"}


def _page_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in {"admin", "api"} or "i18n" in str(pattern.pattern):
                continue
            yield from _page_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            yield f"{namespace}{pattern.name}", pattern


def page_urls(world):
    """(url, public) for every named page: public pages are the portal's."""
    urls = []
    for name, pattern in _page_names():
        names = list(pattern.pattern.regex.groupindex)
        candidates = (
            [{}]
            if not names
            else [
                {"iati_identifier": world.published["activity"].iati_identifier},
                {"code": "KZ"},
                {"slug": world.published["programme"].slug},
                {"slug": world.published["large-project"].slug},
                *({"pk": record.pk} for record in world.published.values()),
            ]
        )
        for kwargs in candidates:
            try:
                url = reverse(
                    name, kwargs={k: v for k, v in kwargs.items() if k in names} if names else None
                )
                urls.append((url, name.startswith("portal:")))
                break
            except NoReverseMatch:
                continue
    return sorted(set(urls))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_and_hides_unpublished_records(world, client, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    urls = page_urls(world)
    assert len(urls) > 10
    for url, public in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        # Public pages never show unpublished records; staff pages (forms of other apps)
        # show them only to the owning office.
        if response.status_code == 200 and (public or role not in OWNING_OFFICE):
            assert "HIDDEN" not in response.content.decode(), url


def admin_models():
    return [model for model in admin.site._registry]


@pytest.mark.parametrize("role", ROLES)
def test_staff_interface_follows_the_offices(world, client, role):
    if role != "anonymous":
        client.force_login(world.users[role])
        world.users[role].is_staff = True
        world.users[role].save()
    for model in admin_models():
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        if role == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code in (200, 403), info
        hidden = [r.pk for r in world.unpublished.values() if type(r) is model]
        if response.status_code == 200 and hidden:
            listed = set(response.context["cl"].queryset.values_list("pk", flat=True))
            assert (hidden[0] in listed) == (role in OWNING_OFFICE), info
    if role == "anonymous":
        return
    hidden = world.unpublished["organisation"]
    change = reverse("admin:registry_organisation_change", args=[hidden.pk])
    response = client.get(change)
    if role in OWNING_OFFICE:
        assert response.status_code == 200
        editable = b'name="name_en"' in response.content
        assert editable == (role in {"editor", "approver", "administrator"})
    else:
        assert response.status_code == 302  # "does not exist" for other offices
    published = world.published["organisation"]
    response = client.post(
        reverse("admin:registry_organisation_delete", args=[published.pk]), {"post": "yes"}
    )
    allowed = role in {"editor", "approver", "administrator"}
    assert (response.status_code == 302) == allowed
    assert type(published).objects.filter(pk=published.pk).exists() != allowed
