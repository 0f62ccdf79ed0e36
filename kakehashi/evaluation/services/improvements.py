"""The public improvement list, generated from published evaluations.

A criterion is a *point to improve* when the evaluator wrote what to improve, or graded it
C or lower. A record has *improved since* when a criterion that was a point to improve on
an earlier published sheet of its series is graded higher on the latest one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kakehashi.evaluation.models import GRADE_POINTS, EvaluationSheet
from kakehashi.evaluation.services import grading

TO_IMPROVE_BELOW = GRADE_POINTS["B"]


def is_point_to_improve(assessment) -> bool:
    noted = bool(assessment.improvement_ja.strip() or assessment.improvement_en.strip())
    value = grading.points(assessment.grade)
    return noted or (value is not None and value < TO_IMPROVE_BELOW)


@dataclass
class Improvement:
    criterion: object
    before: object  # CriterionAssessment on the earlier sheet
    before_sheet: EvaluationSheet
    after: object  # CriterionAssessment on the latest sheet


@dataclass
class Entry:
    sheet: EvaluationSheet  # the latest published sheet of the series
    points: list = field(default_factory=list)  # CriterionAssessment to improve
    improved: list = field(default_factory=list)  # Improvement


def improvement_list(sheets=None) -> dict:
    """{"to_improve": [Entry], "improved": [Entry]} over the published sheets."""
    if sheets is None:
        sheets = (
            EvaluationSheet.objects.public()
            .with_related()
            .prefetch_related("assessments__criterion")
        )
    by_series = defaultdict(list)
    for sheet in sheets:
        by_series[sheet.series_key()].append(sheet)
    to_improve, improved = [], []
    for items in by_series.values():
        items.sort(key=lambda s: s.fiscal_year)
        latest = items[-1]
        entry = Entry(latest)
        latest_by_code = {a.criterion.code: a for a in latest.assessments.all()}
        entry.points = [a for a in latest_by_code.values() if is_point_to_improve(a)]
        seen = set()
        for earlier in reversed(items[:-1]):
            for before in earlier.assessments.all():
                code = before.criterion.code
                after = latest_by_code.get(code)
                if code in seen or after is None or not is_point_to_improve(before):
                    continue
                was, now = grading.points(before.grade), grading.points(after.grade)
                if was is not None and now is not None and now > was:
                    seen.add(code)
                    entry.improved.append(Improvement(after.criterion, before, earlier, after))
        if entry.points:
            to_improve.append(entry)
        if entry.improved:
            improved.append(entry)
    key = lambda e: (-e.sheet.fiscal_year, e.sheet.subject_title())  # noqa: E731
    return {"to_improve": sorted(to_improve, key=key), "improved": sorted(improved, key=key)}
