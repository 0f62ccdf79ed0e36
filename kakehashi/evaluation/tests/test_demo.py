"""The evaluation demo: the FY2017 ISTC sheet as facts, and sample sheets that show flags."""

import pytest
from django.contrib.auth import get_user_model

from kakehashi.evaluation.models import EvaluationSheet, ImplementationPlan, Status
from kakehashi.evaluation.services import calibration
from kakehashi.evaluation.services.demo import load_evaluation_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_istc_and_sample_sheets_idempotently():
    first = load_evaluation_demo()
    assert load_evaluation_demo() == first  # a second run adds nothing
    istc = EvaluationSheet.objects.get(
        contribution__organisation__abbreviation="ISTC", fiscal_year=2017
    )
    assert istc.overall_grade == "B" and istc.status == Status.PUBLISHED
    assert str(istc.budget_amount) == "40159000.00"
    assert istc.responsible_office.name_ja == "国際科学協力室"
    assert all(a.narrative_ja and a.grade for a in istc.assessments.all())
    assert istc.plan_ja and istc.do_ja and istc.check_ja and istc.act_ja
    assert "2,800" in istc.assessments.get(criterion__code="outcomes").narrative_ja
    copy = EvaluationSheet.objects.get(previous=istc)
    assert copy.fiscal_year == 2018 and copy.status == Status.DRAFT
    years = set(EvaluationSheet.objects.values_list("fiscal_year", flat=True))
    assert years >= {2014, 2015, 2016, 2017, 2018}
    assert EvaluationSheet.objects.values("responsible_office").distinct().count() >= 3
    assert ImplementationPlan.objects.filter(reviews__half="H2").distinct().count() == 2


def test_demo_makes_every_flag_show():
    load_evaluation_demo()
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    data = calibration.dashboard(admin)
    assert {f.kind for f in data["flags"]} == {"persistent_low", "out_of_line", "empty_criterion"}
    assert data["total"].high_share > 80  # the grades hardly discriminate
