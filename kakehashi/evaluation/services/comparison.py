"""Year-by-year comparison of one series of sheets, criterion by criterion."""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.evaluation.models import EvaluationSheet
from kakehashi.evaluation.services import grading
from kakehashi.evaluation.services.sheets import series


@dataclass
class ComparisonRow:
    code: str
    criterion: object  # the Criterion (the latest year's), for its name
    cells: list  # one CriterionAssessment (or None) per sheet, in column order

    @property
    def trend(self) -> str:
        """ "up", "down", "same" or "" between the last two graded years."""
        graded = [grading.points(c.grade) for c in self.cells if c and grading.points(c.grade)]
        if len(graded) < 2:
            return ""
        return "up" if graded[-1] > graded[-2] else "down" if graded[-1] < graded[-2] else "same"


def compare(sheet: EvaluationSheet, sheets: list[EvaluationSheet] | None = None) -> dict:
    """Columns: the series' sheets by fiscal year; rows: the criteria by code."""
    sheets = sheets if sheets is not None else series(sheet)
    rows: dict[str, ComparisonRow] = {}
    for column, item in enumerate(sheets):
        for assessment in item.assessments.all():
            code = assessment.criterion.code
            row = rows.setdefault(
                code, ComparisonRow(code, assessment.criterion, [None] * len(sheets))
            )
            row.criterion = assessment.criterion
            row.cells[column] = assessment
    ordered = sorted(rows.values(), key=lambda r: r.criterion.position)
    return {"sheets": sheets, "rows": ordered}
