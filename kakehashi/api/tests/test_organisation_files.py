"""GET /api/v1/organisations/{id}/iati-file/: an organisation's IATI organisation file."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kakehashi.iati.services.organisation_files import import_organisation_file
from kakehashi.iati.tests.helpers import shared_data
from kakehashi.registry.models import Organisation, OrganisationBudget, OrganisationDocument

pytestmark = pytest.mark.django_db


def url(organisation) -> str:
    return reverse("api:organisation-iati-file", args=[organisation.pk])


@pytest.fixture
def adb():
    import_organisation_file(shared_data() / "samples" / "adb" / "asian-dev-bank-org.xml")
    return Organisation.objects.get(iati_identifier="XM-DAC-46004")


def test_the_file_as_imported(adb, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # at most six for the file, whatever its size
        response = APIClient().get(url(adb))
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["organisation"], data["iati_identifier"]) == (adb.pk, "XM-DAC-46004")
    header = data["file"]
    assert (header["default_currency"], header["default_lang"]) == ("USD", "en")
    assert header["names"] == [{"lang": "", "text": "Asian Development Bank"}]
    assert header["reporting_org_secondary"] is False
    budgets = data["budgets"]
    assert len(budgets) == OrganisationBudget.objects.filter(organisation=adb).count() == 249
    total = budgets[0]  # in the file's order
    assert (total["kind"], total["period_start"], total["period_end"]) == (
        "total",
        "2021-01-01",
        "2021-12-31",
    )
    assert Decimal(total["value"]) == Decimal("25376000000")
    assert (total["currency"], total["currency_is_default"]) == ("USD", False)
    assert [(Decimal(line["value"]), line["narratives"][0]["text"]) for line in total["lines"]] == [
        (Decimal("4876000000"), "Non-sovereign activities total"),
        (Decimal("20500000000"), "Sovereign activities total"),
    ]
    azerbaijan = next(
        b for b in budgets if b["recipient_ref"] == "AZ" and b["period_start"].startswith("2021")
    )
    assert azerbaijan["kind"] == "recipient_country"
    assert Decimal(azerbaijan["value"]) == Decimal("250000000")
    assert azerbaijan["recipient_narratives"] == [{"lang": "", "text": "Azerbaijan"}]
    documents = data["documents"]
    assert len(documents) == OrganisationDocument.objects.filter(organisation=adb).count()
    stored = OrganisationDocument.objects.filter(organisation=adb).first()
    assert documents[0]["url"] == stored.url and documents[0]["title"] == stored.title
    assert data["expenditures"] == []


def test_an_organisation_without_a_file_is_not_found(adb):
    other = Organisation.objects.create(name_ja="外務省", name_en="MOFA", kind="government")
    response = APIClient().get(url(other), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "no IATI organisation file" in response.json()["detail"]
    japanese = APIClient().get(url(other), HTTP_ACCEPT_LANGUAGE="ja")
    assert japanese.json()["detail"] == "この組織にはIATI組織ファイルがありません。"


def test_a_budget_entered_by_hand_is_a_file_too(adb):
    """Budgets kept without the file's own record (entered in the staff interface) are
    served, with no file fields."""
    adb.iati_file.delete()
    data = APIClient().get(url(adb)).json()
    assert data["file"] is None and len(data["budgets"]) == 249


def test_the_file_is_read_only(adb):
    from django.contrib.auth import get_user_model

    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_superuser("root", "r@x.jp", "pw"))
    assert client.post(url(adb), {}, format="json").status_code == 405
    assert client.delete(url(adb)).status_code == 405


def test_an_unpublished_organisation_hides_its_file(adb):
    from django.contrib.auth import get_user_model

    Organisation.objects.filter(pk=adb.pk).update(is_published=False)
    assert APIClient().get(url(adb)).status_code == 404
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_superuser("root", "r@x.jp", "pw"))
    assert client.get(url(adb)).status_code == 200
