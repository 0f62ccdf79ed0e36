"""The calibration dashboard: do grades discriminate, and where do they look wrong?

Grade distribution by fiscal year, office and template, counted and weighted by budget
(yen only: amounts in other currencies are counted but not weighted). Three flags:

* ``empty_criterion`` — a submitted (or later) sheet with a criterion left empty: nothing
  written for a mandatory criterion, or a grade given without any narrative. (A missing
  grade on a mandatory criterion already stops submission; sheets taken over from paper,
  which had only an overall grade, keep their criteria ungraded without being flagged.)
* ``persistent_low`` — the same low grade (B or lower) overall three fiscal years running
  in one series (same template and organisation/activity) while the budget rose (the third
  year's budget is higher than the first's).
* ``out_of_line`` — an overall grade a full grade or more away from the weighted mean of
  its criterion grades (e.g. A overall with every criterion at B).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kakehashi.core.services.permissions import visible
from kakehashi.evaluation.models import GRADE_POINTS, HIGH_GRADE_POINTS, EvaluationSheet, Status
from kakehashi.evaluation.services import grading

UNGRADED = "—"
GRADE_COLUMNS = [*GRADE_POINTS, UNGRADED]
WEIGHT_CURRENCY = "JPY"
OUT_OF_LINE_DISTANCE = Decimal(1)
RUN_LENGTH = 3

FLAG_LABELS = {
    "empty_criterion": _("criterion left empty"),
    "persistent_low": _("same low grade three years running while the budget rose"),
    "out_of_line": _("overall grade out of line with its criteria"),
}


def sheets_for(user, *, fiscal_year=None, office=None, template=None, status=None) -> QuerySet:
    """The sheets the dashboard looks at: visible to the user, drafts left out."""
    queryset = visible(EvaluationSheet.objects.with_related(), user).exclude(status=Status.DRAFT)
    if fiscal_year:
        queryset = queryset.filter(fiscal_year=fiscal_year)
    if office:
        queryset = queryset.filter(responsible_office_id=office)
    if template:
        queryset = queryset.filter(template_id=template)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.prefetch_related("assessments__criterion")


def _weight(sheet: EvaluationSheet) -> Decimal:
    if sheet.budget_amount is None or sheet.budget_currency != WEIGHT_CURRENCY:
        return Decimal(0)
    return sheet.budget_amount


@dataclass
class DistributionRow:
    key: object
    label: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(GRADE_COLUMNS, 0))
    budgets: dict = field(default_factory=lambda: dict.fromkeys(GRADE_COLUMNS, Decimal(0)))

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def budget(self) -> Decimal:
        return sum(self.budgets.values(), Decimal(0))

    def share(self, grade: str) -> Decimal:
        """Share of the (yen) budget with this grade, in percent."""
        if not self.budget:
            return Decimal(0)
        return (self.budgets[grade] * 100 / self.budget).quantize(Decimal("0.1"))

    @property
    def high_share(self) -> Decimal:
        """Percent of the budget graded A or above (the figure that was over 90%)."""
        if not self.budget:
            return Decimal(0)
        high = sum(
            (
                b
                for g, b in self.budgets.items()
                if grading.points(g) and grading.points(g) >= HIGH_GRADE_POINTS
            ),
            Decimal(0),
        )
        return (high * 100 / self.budget).quantize(Decimal("0.1"))

    @property
    def cells(self) -> list[dict]:
        return [
            {"grade": g, "count": self.counts[g], "budget": self.budgets[g], "share": self.share(g)}
            for g in GRADE_COLUMNS
        ]


def _labels(sheet: EvaluationSheet, dimension: str) -> tuple[object, str]:
    if dimension == "fiscal_year":
        return sheet.fiscal_year, f"FY{sheet.fiscal_year} ({sheet.fiscal_year_label_ja})"
    if dimension == "office":
        office = sheet.responsible_office
        return (office.pk, office.name) if office else (None, str(_("no office")))
    return sheet.template_id, sheet.template.name


def distribution(sheets, dimension: str) -> list[DistributionRow]:
    """Overall grades by `dimension` ("fiscal_year", "office" or "template")."""
    rows: dict = {}
    for sheet in sheets:
        key, label = _labels(sheet, dimension)
        row = rows.setdefault(key, DistributionRow(key, label))
        grade = sheet.overall_grade if sheet.overall_grade in GRADE_POINTS else UNGRADED
        row.counts[grade] += 1
        row.budgets[grade] += _weight(sheet)
    order = sorted(rows.values(), key=lambda r: (r.key is None, str(r.key)))
    if dimension == "fiscal_year":
        order = sorted(rows.values(), key=lambda r: r.key)
    return order


def total(sheets) -> DistributionRow:
    row = DistributionRow("total", str(_("All")))
    for sheet in sheets:
        grade = sheet.overall_grade if sheet.overall_grade in GRADE_POINTS else UNGRADED
        row.counts[grade] += 1
        row.budgets[grade] += _weight(sheet)
    return row


@dataclass
class Flag:
    kind: str
    sheet: EvaluationSheet
    detail: str
    related: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(FLAG_LABELS[self.kind])


def empty_criteria(sheet: EvaluationSheet) -> list:
    return [
        a
        for a in sheet.assessments.all()
        if not (a.narrative_ja.strip() or a.narrative_en.strip())
        and (a.criterion.mandatory or grading.points(a.grade))
    ]


def flag_empty_criteria(sheets) -> list[Flag]:
    flags = []
    for sheet in sheets:
        if sheet.status == Status.DRAFT:
            continue
        empty = empty_criteria(sheet)
        if empty:
            names = "、".join(a.criterion.name for a in empty)
            flags.append(Flag("empty_criterion", sheet, names))
    return flags


def flag_out_of_line(sheets) -> list[Flag]:
    flags = []
    for sheet in sheets:
        overall = grading.points(sheet.overall_grade)
        mean = grading.weighted_mean(sheet)
        if overall is None or mean is None:
            continue
        if abs(Decimal(overall) - mean) >= OUT_OF_LINE_DISTANCE:
            detail = _("overall %(overall)s, criteria average %(mean)s") % {
                "overall": sheet.overall_grade,
                "mean": grading.grade_for_points(mean, sheet.template.grades)
                + f" ({mean.quantize(Decimal('0.01'))})",
            }
            flags.append(Flag("out_of_line", sheet, str(detail)))
    return flags


def flag_persistent_low(sheets) -> list[Flag]:
    by_series: dict = defaultdict(dict)
    for sheet in sheets:
        by_series[sheet.series_key()][sheet.fiscal_year] = sheet
    flags = []
    for years in by_series.values():
        for year, last in sorted(years.items()):
            run = [years.get(year - offset) for offset in range(RUN_LENGTH - 1, -1, -1)]
            if any(s is None for s in run):
                continue
            grades = {s.overall_grade for s in run}
            first = run[0]
            if len(grades) != 1 or not grading.is_low(last.overall_grade):
                continue
            if (
                first.budget_amount is None
                or last.budget_amount is None
                or first.budget_currency != last.budget_currency
                or last.budget_amount <= first.budget_amount
            ):
                continue
            detail = _("%(grade)s in FY%(first)s–FY%(last)s; budget %(before)s → %(after)s") % {
                "grade": last.overall_grade,
                "first": first.fiscal_year,
                "last": last.fiscal_year,
                "before": f"{first.budget_amount:,.0f}",
                "after": f"{last.budget_amount:,.0f} {last.budget_currency}",
            }
            flags.append(Flag("persistent_low", last, str(detail), related=run))
    return flags


def flags(sheets) -> list[Flag]:
    """All flags, worst first: persistent low grades, then out-of-line, then empty criteria."""
    sheets = list(sheets)
    return flag_persistent_low(sheets) + flag_out_of_line(sheets) + flag_empty_criteria(sheets)


def dashboard(user, *, fiscal_year=None, office=None, template=None) -> dict:
    """Everything the dashboard shows. Runs of years are looked for in the whole history
    (so filtering by one year still shows a run ending that year)."""
    sheets = list(sheets_for(user, fiscal_year=fiscal_year, office=office, template=template))
    history = (
        sheets if not fiscal_year else list(sheets_for(user, office=office, template=template))
    )
    shown = {sheet.pk for sheet in sheets}
    found = [f for f in flag_persistent_low(history) if f.sheet.pk in shown]
    found += flag_out_of_line(sheets) + flag_empty_criteria(sheets)
    return {
        "total": total(sheets),
        "by_year": distribution(sheets, "fiscal_year"),
        "by_office": distribution(sheets, "office"),
        "by_template": distribution(sheets, "template"),
        "flags": found,
        "grade_columns": GRADE_COLUMNS,
        "sheet_count": len(sheets),
    }
