"""Grades as points, the computed overall grade, and checks of a grade against a scale."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kakehashi.evaluation.models import (
    GRADE_POINTS,
    LOW_GRADE_POINTS,
    EvaluationSheet,
    OverallRule,
)


def points(grade: str) -> int | None:
    return GRADE_POINTS.get(grade or "")


def is_low(grade: str) -> bool:
    """B or lower: the grades that, in the Japanese review, came with rising budgets."""
    value = points(grade)
    return value is not None and value <= LOW_GRADE_POINTS


def grade_for_points(value: Decimal, scale: list[str]) -> str:
    """The grade of the scale nearest to a mean (halves round up): 3.5 -> A on A–D."""
    rounded = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    by_points = {GRADE_POINTS[g]: g for g in scale}
    best, worst = max(by_points), min(by_points)
    return by_points[min(max(rounded, worst), best)]


def graded_assessments(sheet: EvaluationSheet) -> list:
    return [a for a in sheet.assessments.all() if points(a.grade) is not None]


def weighted_mean(sheet: EvaluationSheet) -> Decimal | None:
    """Weighted mean of the criterion grades in points (None when nothing is graded)."""
    graded = graded_assessments(sheet)
    total_weight = sum((a.criterion.weight for a in graded), Decimal(0))
    if not graded or not total_weight:
        return None
    total = sum((a.criterion.weight * points(a.grade) for a in graded), Decimal(0))
    return total / total_weight


def computed_overall(sheet: EvaluationSheet) -> str:
    """The overall grade the template's rule gives ("" until a criterion is graded)."""
    graded = graded_assessments(sheet)
    if not graded:
        return ""
    if sheet.template.overall_rule == OverallRule.LOWEST:
        return min((a.grade for a in graded), key=points)
    return grade_for_points(weighted_mean(sheet), sheet.template.grades)


def refresh_overall(sheet: EvaluationSheet) -> None:
    """For templates with a computed overall grade, set it from the criteria and save."""
    if not sheet.template.is_computed:
        return
    grade = computed_overall(sheet)
    if grade != sheet.overall_grade:
        sheet.overall_grade = grade
        sheet.save(update_fields=["overall_grade", "updated"])
