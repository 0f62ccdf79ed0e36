"""Every API endpoint, walked as every role: what each may see and do.

anonymous and the editor of another office see only published records; members of the
owning office (viewer, editor, approver) and administrators also see unpublished ones.
Editors, approvers and administrators change the records of their office; others cannot.
"""

import pytest
from django.urls import reverse

from kakehashi.api.tests.conftest import (
    ADMIN_ENDPOINTS,
    NEW_RECORDS,
    RECORD_FACTORIES,
    REFERENCE_ENDPOINTS,
    ROLES,
)

OWNING_OFFICE = {"viewer", "editor", "approver", "administrator"}
WRITERS_OF_A = {"editor", "approver", "administrator"}
CREATORS = {"editor", "other_editor", "approver", "administrator"}


def list_url(basename):
    return reverse(f"api:{basename}-list")


def detail_url(basename, obj):
    lookup = {"office": "code", "codelist": "name", "country": "code"}.get(basename, "pk")
    return reverse(f"api:{basename}-detail", args=[getattr(obj, lookup)])


def all_ids(client, url):
    """Follow the cursor to the end; every id listed."""
    ids, seen_pages = [], 0
    while url and seen_pages < 100:
        response = client.get(url)
        assert response.status_code == 200, response.content
        ids += [row["id"] for row in response.json()["results"]]
        url, seen_pages = response.json()["next"], seen_pages + 1
    return ids


@pytest.mark.parametrize("basename", RECORD_FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_the_role_may_see(world, role, basename):
    client = world.client(role)
    ids = all_ids(client, list_url(basename))
    assert world.published[basename].pk in ids
    assert (world.unpublished[basename].pk in ids) == (role in OWNING_OFFICE)
    assert len(ids) == len(set(ids))
    # Searching by the hidden record's tag finds it only for those who may see it.
    found = all_ids(client, list_url(basename) + "?q=HIDDEN")
    assert bool(found) == (role in OWNING_OFFICE)


@pytest.mark.parametrize("basename", RECORD_FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_details_of_unpublished_records(world, role, basename):
    client = world.client(role)
    assert client.get(detail_url(basename, world.published[basename])).status_code == 200
    response = client.get(detail_url(basename, world.unpublished[basename]))
    assert response.status_code == (200 if role in OWNING_OFFICE else 404)


@pytest.mark.parametrize("role", ROLES)
def test_facet_counts_exclude_hidden_activities(world, role):
    facets = world.client(role).get(reverse("api:activity-facets")).json()
    expected = 2 if role in OWNING_OFFICE else 1
    assert facets["count"] == expected
    assert facets["country"] == {"KZ": expected}
    assert sum(facets["status"].values()) == expected


@pytest.mark.parametrize("role", ROLES)
def test_confidential_fields_only_for_the_owning_office(world, role):
    contribution = world.published["contribution"]
    body = world.client(role).get(detail_url("contribution", contribution)).json()
    assert ("internal_notes" in body) == (role in OWNING_OFFICE)
    listing = world.client(role).get(list_url("contribution")).json()["results"]
    assert all(("internal_notes" in row) == (role in OWNING_OFFICE) for row in listing)
    assert ("secret" in str(listing)) == (role in OWNING_OFFICE)


@pytest.mark.parametrize("basename", RECORD_FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_create(world, role, basename):
    model = type(world.published[basename])
    before = model.objects.count()
    response = world.client(role).post(
        list_url(basename), NEW_RECORDS[basename](world), format="json"
    )
    if role == "anonymous":
        assert response.status_code == 401
    elif role in CREATORS:
        assert response.status_code == 201, response.content
        created = model.objects.get(pk=response.json()["id"])
        office = world.office_b if role == "other_editor" else world.office_a
        assert created.responsible_office == office
        # Editors draft; approvers and administrators may publish (the default).
        assert created.is_published == (role in {"approver", "administrator"})
    else:
        assert response.status_code == 403
    assert model.objects.count() == before + (1 if role in CREATORS else 0)


@pytest.mark.parametrize("basename", RECORD_FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_update(world, role, basename):
    record = world.published[basename]
    field = "name_en" if hasattr(record, "name_en") else "title_en"
    data = (
        {field: "Changed"}
        if basename != "activity"
        else {"title": [{"lang": "en", "text": "Changed"}]}
    )
    response = world.client(role).patch(detail_url(basename, record), data, format="json")
    expected = {"anonymous": 401, "viewer": 403, "other_editor": 403}.get(role, 200)
    assert response.status_code == expected, response.content
    record.refresh_from_db()
    changed = "Changed" in str(getattr(record, field, None) or record.title)
    assert changed == (expected == 200)


@pytest.mark.parametrize("basename", RECORD_FACTORIES)
@pytest.mark.parametrize("role", ROLES)
def test_delete(world, role, basename):
    record = world.unpublished[basename]
    model = type(record)
    response = world.client(role).delete(detail_url(basename, record))
    expected = {"anonymous": 401, "viewer": 403, "other_editor": 404}.get(role, 204)
    assert response.status_code == expected, response.content
    assert model.objects.filter(pk=record.pk).exists() == (expected != 204)
    published = world.published[basename]
    response = world.client(role).delete(detail_url(basename, published))
    if role in {"anonymous", "viewer", "other_editor"}:
        assert response.status_code in (401, 403)
        assert model.objects.filter(pk=published.pk).exists()


@pytest.mark.parametrize("basename", REFERENCE_ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_reference_data_is_public_and_read_only(world, role, basename):
    client = world.client(role)
    response = client.get(list_url(basename))
    assert response.status_code == 200
    first = response.json()["results"][0]
    key = {"office": "code", "codelist": "name"}.get(basename, "code")
    assert client.get(reverse(f"api:{basename}-detail", args=[first[key]])).status_code == 200
    assert client.post(list_url(basename), {}, format="json").status_code in (401, 403)


@pytest.mark.parametrize("basename", ADMIN_ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_logs_are_for_administrators_and_read_only(world, role, basename):
    client = world.client(role)
    expected = {"anonymous": 401, "administrator": 200}.get(role, 403)
    assert client.get(list_url(basename)).status_code == expected
    assert client.post(list_url(basename), {}, format="json").status_code in (401, 403, 405)
