"""/api/v1/evaluations/: public reads of published sheets, filters, writes, workflow."""

import pytest
from rest_framework.test import APIClient

from kakehashi.evaluation.models import EvaluationSheet, Status

pytestmark = pytest.mark.django_db
URL = "/api/v1/evaluations/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def results(response):
    assert response.status_code == 200, response.content
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_anyone_reads_published_sheets_filtered_by_fiscal_year(make_sheet):
    published = make_sheet(year=2017, grades=("B", "A", "B", "B", "B"), status=Status.PUBLISHED)
    make_sheet(year=2016, status=Status.PUBLISHED)
    make_sheet(year=2018, status=Status.SUBMITTED)
    items = results(client_for().get(URL, {"fiscal_year": 2017}))
    assert [item["id"] for item in items] == [published.pk]
    item = items[0]
    assert item["overall_grade"] == "B"
    assert [c["grade"] for c in item["criteria"]] == ["B", "A", "B", "B", "B"]
    assert item["criteria"][0]["name_ja"] == "当該機関等の専門分野における活動の成果・影響力"
    assert item["budget"] == {"amount": "40159000.00", "currency": "JPY"}
    assert item["organisation"]["abbreviation"] == "ISTC"
    assert item["template"] == "mofa-io-contribution"
    assert len(results(client_for().get(URL))) == 2  # the submitted one is not public


def test_members_see_their_unpublished_sheets(make_sheet, users):
    draft = make_sheet(year=2018)
    assert [i["id"] for i in results(client_for(users["viewer"]).get(URL))] == [draft.pk]
    assert results(client_for(users["other-editor"]).get(URL)) == []
    assert client_for().get(f"{URL}{draft.pk}/").status_code == 404


def test_editor_creates_and_edits_a_draft(istc, users):
    payload = {
        "template": "mofa-io-contribution",
        "contribution": istc[2017].pk,
        "criteria": [{"code": "outcomes", "grade": "A", "narrative_ja": "成果あり"}],
        "overall_grade": "A",
        "overall_justification_ja": "理由",
    }
    assert client_for(users["other-editor"]).post(URL, payload, format="json").status_code == 403
    response = client_for(users["editor"]).post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["criteria"][0]["grade"] == "A"
    assert data["budget"]["amount"] == "40159000.00"
    sheet_url = f"{URL}{data['id']}/"
    bad = client_for(users["editor"]).patch(sheet_url, {"overall_grade": "S"}, format="json")
    assert bad.status_code == 400  # not on the A–D scale
    ok = client_for(users["editor"]).patch(
        sheet_url, {"criteria": [{"code": "pdca", "grade": "C"}]}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["criteria"][4]["grade"] == "C"


def test_workflow_through_the_api(make_sheet, users):
    sheet = make_sheet(year=2017)
    step = f"{URL}{sheet.pk}/transition/"
    assert client_for(users["reviewer"]).post(step, {"action": "submit"}).status_code == 403
    assert client_for(users["editor"]).post(step, {"action": "submit"}).status_code == 200
    response = client_for(users["reviewer"]).post(step, {"action": "return"})
    assert response.status_code == 400  # a comment is required
    response = client_for(users["reviewer"]).post(step, {"action": "return", "comment": "要修正"})
    assert response.json()["status"] == "draft"
    assert response.json()["events"][-1]["comment"] == "要修正"
    sheet.refresh_from_db()
    submitted = client_for(users["editor"]).post(step, {"action": "submit"})
    assert submitted.json()["status"] == "submitted"
    patch = client_for(users["editor"]).patch(
        f"{URL}{sheet.pk}/", {"overall_grade": "A"}, format="json"
    )
    assert patch.status_code == 403  # only drafts change


def test_copy_through_the_api(make_sheet, users):
    sheet = make_sheet(year=2017, status=Status.PUBLISHED)
    response = client_for(users["editor"]).post(f"{URL}{sheet.pk}/copy/")
    assert response.status_code == 201
    assert response.json()["fiscal_year"] == 2018 and response.json()["previous"] == sheet.pk
    assert client_for(users["editor"]).post(f"{URL}{sheet.pk}/copy/").status_code == 400
    assert EvaluationSheet.objects.count() == 2
