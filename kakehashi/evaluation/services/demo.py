"""Evaluation demo data: the FY2017 ISTC sheet (facts) and generated sample sheets.

`load_evaluation_demo()` is idempotent. It uses the registry records the demo command
created (ISTC, its FY2017 voluntary contribution, the office 国際科学協力室) and creates what
is missing. Generated sheets (is_sample=True) span FY2014–FY2018, several offices and
organisations, and are shaped so the calibration dashboard shows something real: most of
the budget graded A or above, one series at B three years running while its budget rose,
one overall grade out of line with its criteria, one criterion left empty, and one series
that improved.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kakehashi.core.models import Office
from kakehashi.evaluation.models import (
    EvaluationSheet,
    EvaluationTemplate,
    IndicatorValue,
    Status,
)
from kakehashi.evaluation.services import demo_istc, grading
from kakehashi.evaluation.services.catalogue import IO_CONTRIBUTION, ensure_templates
from kakehashi.evaluation.services.demo_plans import load_plans
from kakehashi.evaluation.services.sheets import copy_to_next_year, create_sheet
from kakehashi.registry.models import Activity, Budget, Contribution, Organisation, narratives_from

YEARS = range(2014, 2019)
OFFICES = {
    "mofa-science-cooperation": (demo_istc.OFFICE_JA, demo_istc.OFFICE_EN),
    # The registry demo's offices, by code; the names serve when it has not run.
    "mext-international-affairs": (
        "大臣官房国際課",
        "International Affairs Division, Minister's Secretariat",
    ),
    "jst-international-affairs": ("国際部", "Department of International Affairs"),
}
# (abbreviation, name ja, name en, office, budget in 千円 for FY2014, growth per year,
#  overall grades FY2014..FY2018, pattern)
SERIES = [
    (
        "UNESCO",
        "国際連合教育科学文化機関",
        "United Nations Educational, Scientific and Cultural Organization",
        "mext-international-affairs",
        820_000,
        Decimal("1.00"),
        "AAAAA",
        "steady",
    ),
    (
        "OECD",
        "経済協力開発機構",
        "Organisation for Economic Co-operation and Development",
        "mofa-science-cooperation",
        610_000,
        Decimal("1.03"),
        "AAAAA",
        "steady",
    ),
    (
        "HFSPO",
        "ヒューマン・フロンティア・サイエンス・プログラム機構",
        "Human Frontier Science Program Organization",
        "mext-international-affairs",
        150_000,
        Decimal("1.08"),
        "ABBBB",
        "low-rising",
    ),
    (
        "IIASA",
        "国際応用システム分析研究所",
        "International Institute for Applied Systems Analysis",
        "jst-international-affairs",
        90_000,
        Decimal("1.00"),
        "BBBAA",
        "out-of-line",
    ),
    (
        "ICGEB",
        "国際遺伝子工学バイオテクノロジーセンター",
        "International Centre for Genetic Engineering and Biotechnology",
        "mofa-science-cooperation",
        30_000,
        Decimal("0.97"),
        "CCBAA",
        "improving",
    ),
]
NARRATIVE = {
    "S": (
        "{year}年度は目標を大きく上回る成果を上げた。",
        "Results far exceeded the target in FY{year}.",
    ),
    "A": ("{year}年度は目標をおおむね達成した。", "The target was broadly met in FY{year}."),
    "B": ("{year}年度は一部で目標に届かなかった。", "The target was partly missed in FY{year}."),
    "C": (
        "{year}年度は目標を下回り、改善が必要である。",
        "Results fell short of the target in FY{year}; improvement is needed.",
    ),
    "D": (
        "{year}年度は成果がほとんど見られなかった。",
        "There were hardly any results in FY{year}.",
    ),
}
IMPROVE = (
    "成果指標の設定と進捗報告の頻度を見直す。",
    "Revise the indicator and report progress more often.",
)


def _office(key: str) -> Office:
    name_ja, name_en = OFFICES[key]
    office = (
        Office.objects.filter(code=key).first()
        or Office.objects.filter(name_ja=name_ja, organisation__isnull=False).first()
    )
    if office is None:
        office, _ = Office.objects.get_or_create(
            code=key, defaults={"name_ja": name_ja, "name_en": name_en}
        )
    return office


def _organisation(abbreviation: str, name_ja: str, name_en: str) -> Organisation:
    found = Organisation.objects.filter(abbreviation=abbreviation).first()
    return found or Organisation.objects.create(
        abbreviation=abbreviation,
        name_ja=name_ja,
        name_en=name_en,
        kind="international_organisation",
        is_sample=True,
    )


def _contribution(organisation, year, amount, office, **extra) -> Contribution:
    contribution, _ = Contribution.objects.get_or_create(
        organisation=organisation,
        fiscal_year=year,
        kind="voluntary",
        budget_kind="initial",
        defaults={
            "amount": amount,
            "currency": "JPY",
            "responsible_office": office,
            "is_sample": True,
            **extra,
        },
    )
    return contribution


def _fill(sheet: EvaluationSheet, grades: list[str], year: int, *, skip_narrative=()) -> None:
    for assessment, grade in zip(
        sheet.assessments.select_related("criterion"), grades, strict=False
    ):
        assessment.grade = grade
        if assessment.criterion.code not in skip_narrative:
            ja, en = NARRATIVE[grade]
            name_ja, name_en = assessment.criterion.name_ja, assessment.criterion.name_en
            assessment.narrative_ja = f"{name_ja}：" + ja.format(year=year)
            assessment.narrative_en = f"{name_en}: " + en.format(year=year)
        if grade in ("C", "D"):
            assessment.improvement_ja, assessment.improvement_en = IMPROVE
        assessment.save()


def _finish(sheet: EvaluationSheet, overall: str, status: str, *, justify=True) -> None:
    sheet.overall_grade = overall
    if justify and not sheet.template.is_computed:
        sheet.overall_justification_ja = f"各評価基準の結果を総合し{overall}と判断した。"
        sheet.overall_justification_en = f"Taking the criteria together, graded {overall}."
    sheet.status = status
    sheet.is_published = status == Status.PUBLISHED
    sheet.published_at = timezone.now() if sheet.is_published else None
    sheet.save()
    grading.refresh_overall(sheet)


def _criterion_grades(overall: str, pattern: str, rng: random.Random, count: int) -> list[str]:
    if pattern == "out-of-line" and overall == "A":
        return ["B", "B", "C", "B", "B"][:count]
    grades = [overall] * count
    if pattern == "steady":  # an A sheet with one B: grades that hardly discriminate
        grades[rng.randrange(count)] = "B" if rng.random() < 0.4 else overall
    return grades


def _istc(template, office) -> EvaluationSheet:
    istc = _organisation(
        "ISTC", "国際科学技術センター", "International Science and Technology Center"
    )
    contribution = _contribution(istc, 2017, demo_istc.BUDGET, office)
    sheet = EvaluationSheet.objects.filter(template=template, contribution=contribution).first()
    if sheet is None:
        sheet = create_sheet(template, contribution, office=office, **demo_istc.SHEET)
        by_code = {a.criterion.code: a for a in sheet.assessments.select_related("criterion")}
        for code, grade, narrative_ja, narrative_en in demo_istc.CRITERIA:
            assessment = by_code[code]
            assessment.grade = grade
            assessment.narrative_ja, assessment.narrative_en = narrative_ja, narrative_en
            assessment.save()
        _finish(sheet, demo_istc.OVERALL, Status.PUBLISHED, justify=False)
    # FY2018 starts from FY2017 by the copy action (sample contribution, same amount).
    next_year = _contribution(istc, 2018, contribution.amount, office)
    if not EvaluationSheet.objects.filter(template=template, contribution=next_year).exists():
        copy_to_next_year(sheet)
    return sheet


def _contribution_series(template, rng) -> int:
    created = 0
    for abbreviation, name_ja, name_en, office_key, base, growth, overall, pattern in SERIES:
        organisation = _organisation(abbreviation, name_ja, name_en)
        office = _office(office_key)
        amount = Decimal(base * 1000)
        for index, year in enumerate(YEARS):
            contribution = _contribution(
                organisation,
                year,
                (amount / 1000).quantize(Decimal(1)) * 1000,
                office,
                title_ja=f"{name_ja}（{abbreviation}）拠出金",
                title_en=f"Contribution to {abbreviation}",
            )
            amount *= growth
            if EvaluationSheet.objects.filter(
                template=template, contribution=contribution
            ).exists():
                continue
            sheet = create_sheet(
                template,
                contribution,
                office=office,
                is_sample=True,
                purpose_ja=f"{name_ja}の活動を通じた国際協力の推進（サンプル）。",
                purpose_en=f"International cooperation through {name_en} (sample).",
            )
            grade = overall[index]
            grades = _criterion_grades(grade, pattern, rng, sheet.assessments.count())
            skip = ("japanese-staff",) if (abbreviation, year) == ("OECD", 2017) else ()
            _fill(sheet, grades, year, skip_narrative=skip)
            status = (
                Status.PUBLISHED
                if year < 2018
                else rng.choice([Status.SUBMITTED, Status.REVIEWED, Status.APPROVED])
            )
            _finish(sheet, grade, status)
            IndicatorValue.objects.create(
                sheet=sheet, fiscal_year=year, target="100", actual=str(80 + 5 * index)
            )
            created += 1
    return created


def _activities(rng) -> int:
    jica = _organisation("JICA", "国際協力機構", "Japan International Cooperation Agency")
    office = _office("jst-international-affairs")
    created = 0
    plans = [
        (
            "dac-mid-term",
            2016,
            "SAMPLE-EVAL-1",
            "防災研究（サンプル）",
            "Disaster risk research (sample)",
            ["A", "S", "A", "B", "A", "A"],
            "A",
        ),
        (
            "dac-ex-post",
            2018,
            "SAMPLE-EVAL-1",
            "防災研究（サンプル）",
            "Disaster risk research (sample)",
            ["A", "A", "B", "B", "A", "B"],
            "",
        ),
        (
            "dac-ex-ante",
            2017,
            "SAMPLE-EVAL-2",
            "感染症研究（サンプル）",
            "Infectious disease research (sample)",
            ["A", "A", "A", "B", "A", "A"],
            "A",
        ),
    ]
    for code, year, suffix, title_ja, title_en, grades, overall in plans:
        template = EvaluationTemplate.objects.get(code=code)
        activity, new = Activity.objects.get_or_create(
            iati_identifier=f"JP-DEMO-{suffix}",
            defaults={
                "reporting_org": jica,
                "kind": "research_project",
                "is_sample": True,
                "title": narratives_from(ja=title_ja, en=title_en),
                "default_currency": "JPY",
                "responsible_office": office,
            },
        )
        if new:
            for budget_year in range(2015, 2019):
                Budget.objects.create(
                    activity=activity,
                    sequence=budget_year,
                    type="1",
                    status="2",
                    period_start=datetime.date(budget_year, 4, 1),
                    period_end=datetime.date(budget_year + 1, 3, 31),
                    value=Decimal(60_000_000 + rng.randrange(0, 10) * 1_000_000),
                )
        if EvaluationSheet.objects.filter(
            template=template, activity=activity, fiscal_year=year
        ).exists():
            continue
        sheet = create_sheet(
            template,
            activity,
            year,
            office=office,
            is_sample=True,
            purpose_ja=f"{title_ja}の評価。",
            purpose_en=f"Evaluation of {title_en}.",
        )
        _fill(sheet, grades, year)
        _finish(sheet, overall, Status.PUBLISHED)
        created += 1
    return created


@transaction.atomic
def load_evaluation_demo(seed: int = 2017) -> dict:
    """Load the demo evaluations; returns counts of what exists afterwards."""
    ensure_templates()
    rng = random.Random(seed)
    template = EvaluationTemplate.objects.get(code=IO_CONTRIBUTION)
    _istc(template, _office("mofa-science-cooperation"))
    _contribution_series(template, rng)
    _activities(rng)
    load_plans(_office("mofa-science-cooperation"), _office("jst-international-affairs"))
    return {
        "sheets": EvaluationSheet.objects.count(),
        "published": EvaluationSheet.objects.public().count(),
    }
