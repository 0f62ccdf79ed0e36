"""Staff pages (login, roles), the public pages, the portal include."""

import re

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from kakehashi.evaluation.models import EvaluationSheet, Status
from kakehashi.evaluation.services.demo import load_evaluation_demo
from kakehashi.evaluation.services.portal import published_sheets_for

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_pages_need_login(make_sheet):
    sheet = make_sheet()
    for url in (
        "/ja/evaluations/",
        f"/ja/evaluations/{sheet.pk}/",
        "/ja/evaluations/dashboard/",
        "/ja/evaluations/plans/",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_sheet_pages_for_a_member(make_sheet, users):
    sheet = make_sheet(status=Status.PUBLISHED)
    client = login(users["viewer"])
    for suffix in ("", "compare/", "history/", "print/"):
        response = client.get(f"/en/evaluations/{sheet.pk}/{suffix}")
        assert response.status_code == 200, suffix
    page = client.get(f"/en/evaluations/{sheet.pk}/").content.decode()
    # The Content-Security-Policy forbids inline script: every script is a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert client.get(f"/en/evaluations/{sheet.pk}/edit/").status_code == 403
    assert client.get("/en/evaluations/?fiscal_year=2017").status_code == 200
    assert client.get("/en/evaluations/export.xlsx").status_code == 200
    assert client.get("/en/evaluations/dashboard/export.csv").status_code == 200


def test_edit_form_with_the_criteria_formset(make_sheet, users, istc):
    sheet = make_sheet(grades=("",) * 5, overall="")
    client = login(users["editor"])
    page = client.get(f"/en/evaluations/{sheet.pk}/edit/")
    assert page.status_code == 200
    assessments = list(sheet.assessments.all())
    data = {
        "criteria-TOTAL_FORMS": "5",
        "criteria-INITIAL_FORMS": "5",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "values-0-fiscal_year": "2017",
        "values-0-target": "10",
        "values-0-actual": "12",
        "overall_grade": "A",
        "overall_justification_ja": "総合的にA",
    }
    for index, assessment in enumerate(assessments):
        data[f"criteria-{index}-id"] = str(assessment.pk)
        data[f"criteria-{index}-grade"] = "A"
        data[f"criteria-{index}-narrative_ja"] = f"記述{index}"
    data["criteria-0-evidence_text"] = (
        f"https://example.org/report.pdf 年次報告\ncontribution:{istc[2017].pk}"
    )
    response = client.post(f"/en/evaluations/{sheet.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet.refresh_from_db()
    assert sheet.overall_grade == "A"
    assert [a.grade for a in sheet.assessments.all()] == ["A"] * 5
    assert sheet.indicator_values.get().actual == "12"
    assert sheet.assessments.first().evidence.count() == 2
    # Every change is in the history, readable.
    entries = LogEntry.objects.get_for_object(sheet)
    assert any("overall" in str(e.changes_display_dict).lower() for e in entries)
    history = client.get(f"/en/evaluations/{sheet.pk}/history/").content.decode()
    assert "A" in history and "記述0" in history
    bad = dict(data, **{"criteria-1-evidence_text": "not a link"})
    assert client.post(f"/en/evaluations/{sheet.pk}/edit/", bad).status_code == 200


def test_workflow_buttons_post(make_sheet, users):
    sheet = make_sheet()
    page = login(users["editor"]).get(f"/en/evaluations/{sheet.pk}/").content.decode()
    assert 'value="submit"' in page
    login(users["editor"]).post(f"/en/evaluations/{sheet.pk}/transition/", {"action": "submit"})
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    login(users["editor"]).post(f"/en/evaluations/{sheet.pk}/transition/", {"action": "review"})
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED  # editors do not review


def test_unpublished_sheet_print_and_pdf_are_not_public(make_sheet):
    draft = make_sheet()
    assert Client().get(f"/ja/evaluations/{draft.pk}/print/").status_code == 404
    assert Client().get(f"/ja/evaluations/{draft.pk}/pdf/").status_code == 404


@pytest.fixture
def demo(db):
    load_evaluation_demo()


def test_public_improvement_list_in_both_languages(demo):
    for lang, heading in (("ja", "改善"), ("en", "Points to improve")):
        response = Client().get(f"/{lang}/evaluations/improvements/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "ICGEB" in page  # graded C in FY2014–15, A since: improved
        if lang == "en":
            assert heading in page and "Improved since" in page


def test_published_pdf_is_public(demo):
    sheet = EvaluationSheet.objects.get(
        contribution__organisation__abbreviation="ISTC", fiscal_year=2017
    )
    response = Client().get(f"/en/evaluations/{sheet.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_portal_include_shows_published_grades_in_both_languages(demo):
    sheet = EvaluationSheet.objects.get(
        contribution__organisation__abbreviation="ISTC", fiscal_year=2017
    )
    organisation = sheet.contribution.organisation
    sheets = published_sheets_for(organisation)
    assert [s.fiscal_year for s in sheets] == [2017]  # FY2018 is a draft
    assert published_sheets_for(sheet.contribution) == sheets
    for lang, criterion in (
        ("ja", "当該機関等の組織・財政マネジメント"),
        ("en", "Organisational and financial management"),
    ):
        with translation.override(lang):
            html = render_to_string("evaluation/includes/published_grades.html", {"sheets": sheets})
        assert criterion in html and 'grade-b">B<' in html
    assert (
        render_to_string("evaluation/includes/published_grades.html", {"sheets": []}).strip() == ""
    )


def test_dashboard_page_shows_flags(demo, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    page = login(admin).get("/en/evaluations/dashboard/").content.decode()
    for kind in ("persistent_low", "out_of_line", "empty_criterion"):
        assert f"flag-{kind}" in page
    assert "<meter" in page


def test_plan_pages_and_half_yearly_review(demo, users, offices):
    from kakehashi.evaluation.models import ImplementationPlan

    plan = ImplementationPlan.objects.create(
        office=offices["isc"], fiscal_year=2019, title_ja="実施計画"
    )
    editor, reviewer = login(users["editor"]), login(users["reviewer"])
    response = editor.post(
        f"/en/evaluations/plans/{plan.pk}/items/new/",
        {"title_ja": "理事会への参加", "status": "planned"},
    )
    assert response.status_code == 302
    item = plan.items.get()
    assert editor.get(f"/en/evaluations/plans/{plan.pk}/review/H1/").status_code == 403
    response = reviewer.post(
        f"/en/evaluations/plans/{plan.pk}/review/H1/",
        {
            "reviewed_on": "2019-10-15",
            "notes_ja": "順調",
            f"status_{item.pk}": "in_progress",
            f"note_{item.pk}": "6月に参加",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"
    page = reviewer.get(f"/en/evaluations/plans/{plan.pk}/").content.decode()
    assert "6月に参加" in page and "順調" in page
    assert login(users["other-editor"]).get(f"/en/evaluations/plans/{plan.pk}/").status_code == 404
    assert "実施計画" in reviewer.get("/en/evaluations/plans/").content.decode()


def test_admin_pages(demo, django_user_model):
    admin = login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    sheet = EvaluationSheet.objects.filter(status=Status.PUBLISHED).first()
    for url in (
        "/en/admin/evaluation/evaluationsheet/",
        f"/en/admin/evaluation/evaluationsheet/{sheet.pk}/change/",
        "/en/admin/evaluation/evaluationtemplate/",
        f"/en/admin/evaluation/evaluationtemplate/{sheet.template_id}/change/",
        "/en/admin/evaluation/implementationplan/",
    ):
        assert admin.get(url).status_code == 200, url
