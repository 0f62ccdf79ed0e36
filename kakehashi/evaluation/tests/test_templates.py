"""Shipped templates, computed and evaluator-set overall grades, the copy action."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from kakehashi.evaluation.models import Criterion, EvaluationTemplate, Status
from kakehashi.evaluation.services import grading
from kakehashi.evaluation.services.sheets import SheetError, copy_to_next_year, create_sheet
from kakehashi.evaluation.tests.conftest import fill
from kakehashi.registry.models import Activity, Budget, narratives_from

pytestmark = pytest.mark.django_db


def test_shipped_templates_are_in_every_install():
    codes = set(EvaluationTemplate.objects.filter(is_shipped=True).values_list("code", flat=True))
    assert codes == {"mofa-io-contribution", "dac-ex-ante", "dac-mid-term", "dac-ex-post"}
    io = EvaluationTemplate.objects.get(code="mofa-io-contribution")
    assert [c.name_ja for c in io.criteria.all()] == [
        "当該機関等の専門分野における活動の成果・影響力",
        "当該機関等の組織・財政マネジメント",
        "日本の外交課題遂行における当該機関等の有用性",
        "当該機関等における日本人職員・ポストの状況等",
        "日本の拠出金等の執行管理におけるＰＤＣＡサイクルの確保",
    ]
    dac = EvaluationTemplate.objects.get(code="dac-ex-post")
    assert [c.code for c in dac.criteria.all()] == [
        "relevance",
        "coherence",
        "effectiveness",
        "efficiency",
        "impact",
        "sustainability",
    ]
    assert EvaluationTemplate.objects.get(code="dac-mid-term").grades == list("SABCD")


def test_templates_command_restores_shipped_texts():
    criterion = Criterion.objects.get(template__code="dac-ex-ante", code="relevance")
    criterion.name_en = "changed"
    criterion.save()
    call_command("evaluation", "templates")
    criterion.refresh_from_db()
    assert criterion.name_en == "Relevance"
    assert EvaluationTemplate.objects.filter(is_shipped=True).count() == 4


@pytest.fixture
def activity(offices, istc):
    activity = Activity.objects.create(
        iati_identifier="JP-TEST-1",
        reporting_org=istc[2017].organisation,
        title=narratives_from(ja="防災研究", en="Disaster research"),
        default_currency="JPY",
        responsible_office=offices["isc"],
    )
    import datetime

    Budget.objects.create(
        activity=activity,
        period_start=datetime.date(2018, 4, 1),
        period_end=datetime.date(2019, 3, 31),
        value=Decimal("5000000"),
    )
    return activity


def test_computed_overall_grade_is_the_weighted_mean(activity, users):
    template = EvaluationTemplate.objects.get(code="dac-ex-post")
    sheet = create_sheet(template, activity, 2018)
    assert sheet.budget_amount == Decimal("5000000")
    # relevance, coherence, effectiveness (x2), efficiency, impact (x2), sustainability
    fill(sheet, ["A", "A", "C", "A", "C", "A"])
    grading.refresh_overall(sheet)
    sheet.refresh_from_db()
    assert grading.weighted_mean(sheet) == Decimal(3)  # (4+4+2*2+4+2*2+4) / 8
    assert sheet.overall_grade == "B"
    fill(sheet, ["A", "A", "A", "A", "B", "B"])
    grading.refresh_overall(sheet)
    sheet.refresh_from_db()
    assert sheet.overall_grade == "A"  # 29/8 = 3.625


def test_lowest_rule(activity):
    template = EvaluationTemplate.objects.get(code="dac-ex-post")
    template.overall_rule = "lowest"
    template.save()
    sheet = fill(create_sheet(template, activity, 2018), ["A", "A", "A", "C", "A", "A"])
    assert grading.computed_overall(sheet) == "C"


def test_evaluator_set_overall_grade_is_not_overwritten(make_sheet, users):
    sheet = make_sheet(grades=("A",) * 5, overall="B")
    grading.refresh_overall(sheet)
    sheet.refresh_from_db()
    assert sheet.overall_grade == "B"
    assert grading.computed_overall(sheet) == "A"


def test_template_must_fit_the_record(activity, io_template):
    with pytest.raises(SheetError):
        create_sheet(io_template, activity, 2018)


def test_sheet_takes_budget_and_texts_from_the_registry(make_sheet, istc):
    sheet = make_sheet(year=2017)
    assert sheet.budget_amount == Decimal("40159000") and sheet.budget_currency == "JPY"
    assert sheet.indicator_ja == istc[2017].indicator_ja
    assert sheet.assessments.count() == 5


def test_copy_starts_next_year_from_last_year(make_sheet, users, istc):
    sheet = make_sheet(year=2017, status=Status.PUBLISHED, plan_ja="計画の記述")
    new = copy_to_next_year(sheet, user=users["editor"])
    assert new.fiscal_year == 2018 and new.contribution == istc[2018]
    assert new.previous == sheet and new.status == Status.DRAFT and not new.is_published
    assert new.budget_amount == Decimal("41000000")
    assert new.plan_ja == "計画の記述"
    assert [a.grade for a in new.assessments.all()] == [""] * 5  # graded afresh
    assert new.assessments.first().narrative_ja.endswith("について記述。")
    assert new.events.get().action == "copy"
    with pytest.raises(SheetError):  # no FY2019 contribution in the registry
        copy_to_next_year(new)
    with pytest.raises(SheetError):  # already copied
        copy_to_next_year(sheet)
