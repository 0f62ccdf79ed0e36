"""Every staff page opens for a superuser, in Japanese and English, with its history."""

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def staff_client(client, registry):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-12345678")
    client.force_login(user)
    return client


def admin_url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [model for model, _ in ADMINS], ids=lambda m: m._meta.label)
def test_admin_pages_open(staff_client, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    assert staff_client.get(admin_url(model, "changelist"), {"q": "ISTC"}).status_code == 200
    if admin.site._registry[model].has_add_permission(
        type("R", (), {"user": get_user_model().objects.get(username="admin")})()
    ):
        assert staff_client.get(admin_url(model, "add")).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        assert staff_client.get(admin_url(model, "change", instance.pk)).status_code == 200


def test_registry_models_with_records_are_covered(registry):
    """A new registry model without an admin (and so without a test here) fails."""
    from django.apps import apps

    registered = {model for model, _ in ADMINS}
    inline_only = {
        "IndicatorPeriod",
        "LargeProjectMember",
        "ActivityDescription",
        "ParticipatingOrg",
        "RecipientCountry",
        "RecipientRegion",
        "ActivitySector",
        "Budget",
        "PlannedDisbursement",
        "Transaction",
        "DocumentLink",
        "PolicyMarker",
        "Tag",
        "RelatedActivity",
        "Location",
    }
    for model in apps.get_app_config("registry").get_models():
        assert model in registered or model.__name__ in inline_only, model


def test_admin_speaks_japanese_and_english(staff_client):
    assert "ようこそ" in staff_client.get("/ja/admin/").content.decode()
    assert "Welcome" in staff_client.get("/en/admin/").content.decode()
    japanese = staff_client.get("/ja/admin/registry/organisation/").content.decode()
    english = staff_client.get("/en/admin/registry/organisation/").content.decode()
    assert "組織" in japanese
    assert "Select organisation to change" in english


def test_a_change_through_the_admin_is_in_the_history(staff_client, registry):
    istc = registry["istc"]
    url = admin_url(type(istc), "change", istc.pk)
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"website": "https://www.istc.int/", "kind": "international_organisation"})
    data.update(
        {
            "registry-keyfigure-content_type-object_id-TOTAL_FORMS": "0",
            "registry-keyfigure-content_type-object_id-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = LogEntry.objects.get_for_object(istc).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor.username == "admin"
    assert entry.changes_dict["website"] == ["", "https://www.istc.int/"]

    history = staff_client.get(admin_url(type(istc), "auditlog", istc.pk))
    assert history.status_code == 200
    assert "https://www.istc.int/" in history.content.decode()


def test_creating_and_deleting_records_is_logged(registry):
    from kakehashi.registry.models import Organisation

    organisation = Organisation.objects.create(name_en="Temporary", kind="other")
    pk = organisation.pk
    organisation.delete()
    actions = list(
        LogEntry.objects.filter(object_pk=str(pk), content_type__model="organisation").values_list(
            "action", flat=True
        )
    )
    assert LogEntry.Action.CREATE in actions and LogEntry.Action.DELETE in actions
