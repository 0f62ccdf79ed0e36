"""Every change is recorded with user, office, time, request id, and before/after."""

import csv
import io

from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from kakehashi.accounts.services import context
from kakehashi.registry.models import Organisation


def test_api_change_is_recorded_with_user_office_and_request_id(world):
    organisation = world.published["organisation"]
    client = world.client("editor")
    response = client.patch(
        reverse("api:organisation-detail", args=[organisation.pk]),
        {"name_en": "Renamed"},
        format="json",
        HTTP_X_REQUEST_ID="req-12345678",
    )
    assert response["X-Request-ID"] == "req-12345678"
    entry = (
        LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE).get()
    )
    assert entry.actor == world.users["editor"]
    assert entry.cid == "req-12345678"
    assert entry.additional_data["office"] == "mofa-isc"
    assert entry.additional_data["source"] == "api"
    assert entry.changes_dict["name_en"] == ["Organisation PUB", "Renamed"]


def test_commands_are_recorded_by_name(world):
    with context.command("test-import"):
        Organisation.objects.create(name_en="By command", kind="ngo")
    entry = LogEntry.objects.filter(object_repr__contains="By command").get()
    assert entry.additional_data["source"] == "command"
    assert entry.additional_data["command"] == "test-import"
    assert entry.cid


def test_audit_api_filters_and_exports(world):
    client = world.client("administrator")
    rows = client.get(reverse("api:audit-list") + "?q=HIDDEN").json()["results"]
    assert rows and all("HIDDEN" in row["object_repr"] for row in rows)
    rows = client.get(reverse("api:audit-list") + "?model=registry.activity&action=create")
    assert {row["model"] for row in rows.json()["results"]} == {"registry.activity"}
    export = client.get(reverse("api:audit-export") + "?q=PUB")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert lines[0][0] == "timestamp" and len(lines) > 1


def test_audit_records_cannot_be_changed_through_the_api_or_admin(world, client):
    entry = LogEntry.objects.first()
    api = world.client("administrator")
    url = reverse("api:audit-detail", args=[entry.pk])
    assert api.get(url).status_code == 200
    assert api.delete(url).status_code in (403, 405)
    assert api.patch(url, {}, format="json").status_code in (403, 405)
    client.force_login(world.users["administrator"])
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    assert client.post(change, {}).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_audit_pages_for_administrators_only(world, client):
    for name in ["accounts:audit", "accounts:audit_export", "accounts:security"]:
        client.force_login(world.users["editor"])
        assert client.get(reverse(name)).status_code == 403
        client.force_login(world.users["administrator"])
        assert client.get(reverse(name)).status_code == 200


def test_staff_interface_changes_are_recorded(world, client):
    client.force_login(world.users["administrator"])
    call_command("token", "list", "admin-a")
    organisation = world.published["organisation"]
    url = reverse("admin:registry_organisation_delete", args=[organisation.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    entry = LogEntry.objects.filter(object_pk=str(organisation.pk), action=2).get()
    assert entry.actor == world.users["administrator"]
    assert entry.additional_data["source"] == "staff interface"


def test_audit_page_shows_before_and_after(world, client):
    organisation = world.published["organisation"]
    organisation.name_en = "Renamed on a page"
    organisation.save()
    LogEntry.objects.create(  # a snapshot with a field named like a dict method
        content_type=LogEntry.objects.first().content_type,
        object_pk="1",
        object_repr="X",
        action=LogEntry.Action.UPDATE,
        changes={
            "items": ["1", "2"],
            "members": {"type": "m2m", "operation": "add", "objects": ["alice"]},
        },
    )
    client.force_login(world.users["administrator"])
    page = client.get(reverse("accounts:audit")).content.decode()
    assert "Organisation PUB → Renamed on a page" in page
    assert "<b>items</b>: 1 → 2" in page
    assert "alice" in page
