"""The PDF (Japanese text extracted back) and the Excel/CSV exports."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from kakehashi.evaluation.models import EvaluationSheet, Status
from kakehashi.evaluation.services import calibration, exports, pdf
from kakehashi.evaluation.services.demo import load_evaluation_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def istc_sheet(db):
    load_evaluation_demo()
    return EvaluationSheet.objects.get(
        contribution__organisation__abbreviation="ISTC", fiscal_year=2017
    )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # Table cells wrap lines: compare without line breaks and spaces.
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_pdf_has_the_japanese_criteria_grades_and_narrative(istc_sheet):
    data = pdf.sheet_pdf(istc_sheet)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for label in (
        "総合評価",
        "評価基準",
        "実績・成果等",
        "PLAN",
        "CHECK",
        "担当課室名",
        "国際科学協力室",
        "40,159千円",
        "平成29年度",
    ):
        assert label in text, label
    for assessment in istc_sheet.assessments.all():
        assert assessment.criterion.name_ja in text
        assert "".join(assessment.narrative_ja.split())[:40] in text
    assert "".join(istc_sheet.act_ja.split()) in text
    assert "総合評価B" in text


def test_pdf_embeds_a_japanese_truetype_font(istc_sheet):
    assert pdf.fonts_embedded(), "install fonts-ipaexfont-gothic (scripts/test.sh does)"
    reader = PdfReader(io.BytesIO(pdf.sheet_pdf(istc_sheet)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("IPAex" in name for name in fonts), fonts


def test_excel_of_a_set_of_sheets(istc_sheet):
    sheets = (
        EvaluationSheet.objects.with_related()
        .filter(fiscal_year=2017)
        .prefetch_related("assessments__criterion")
    )
    workbook = load_workbook(io.BytesIO(exports.sheets_workbook(sheets)))
    summary, criteria = workbook.worksheets
    rows = list(summary.iter_rows(values_only=True))
    header = rows[0]
    istc_row = next(r for r in rows[1:] if r[0] == istc_sheet.pk)
    assert istc_row[header.index("Overall grade")] == "B"
    assert istc_row[header.index("Budget")] == 40159000
    assert istc_row[header.index("Grade: management")] == "A"
    narratives = [r for r in criteria.iter_rows(values_only=True) if r[0] == istc_sheet.pk]
    assert len(narratives) == 5 and narratives[0][5] == "B"


def test_dashboard_exports(istc_sheet, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    tables = exports.dashboard_tables(calibration.dashboard(admin))
    text = exports.to_csv(tables)
    assert text.startswith("\ufeff") and "Flags" in text
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(tables)))
    assert workbook.sheetnames == ["By fiscal year", "By office", "By template", "Flags"]
    flags = list(workbook["Flags"].iter_rows(values_only=True))[1:]
    assert {row[0] for row in flags} == {str(label) for label in calibration.FLAG_LABELS.values()}


def test_unpublished_sheet_pdf_says_so(istc_sheet):
    draft = EvaluationSheet.objects.get(
        contribution=istc_sheet.contribution.organisation.contributions.get(fiscal_year=2018)
    )
    assert draft.status == Status.DRAFT
    assert "（下書き）" in pdf_text(pdf.sheet_pdf(draft)) or "（draft）" in pdf_text(
        pdf.sheet_pdf(draft)
    )
