"""Sheets and the calibration dashboard as CSV and Excel (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kakehashi.evaluation.models import EvaluationSheet

HEADER_FILL = PatternFill("solid", fgColor="DCE3EE")


def sheet_rows(sheets: Iterable[EvaluationSheet]) -> tuple[list[str], list[list]]:
    """One row per sheet; criterion grades in columns named by criterion code."""
    sheets = list(sheets)
    codes: list[str] = []
    for sheet in sheets:
        for assessment in sheet.assessments.all():
            if assessment.criterion.code not in codes:
                codes.append(assessment.criterion.code)
    header = [
        _("ID"),
        _("Fiscal year"),
        _("Template"),
        _("Evaluated record"),
        _("Organisation"),
        _("Responsible office"),
        _("Status"),
        _("Budget"),
        _("Currency"),
        _("Overall grade"),
        *[f"{_('Grade')}: {code}" for code in codes],
    ]
    rows = []
    for sheet in sheets:
        grades = {a.criterion.code: a.grade for a in sheet.assessments.all()}
        organisation = sheet.organisation
        rows.append(
            [
                sheet.pk,
                sheet.fiscal_year,
                sheet.template.name,
                sheet.subject_title(),
                organisation.abbreviation or organisation.name if organisation else "",
                sheet.responsible_office.name if sheet.responsible_office else "",
                sheet.get_status_display(),
                sheet.budget_amount,
                sheet.budget_currency,
                sheet.overall_grade,
                *[grades.get(code, "") for code in codes],
            ]
        )
    return header, rows


def criteria_rows(sheets: Iterable[EvaluationSheet]) -> tuple[list[str], list[list]]:
    """Long format: one row per sheet and criterion, with the narrative."""
    header = [
        _("ID"),
        _("Fiscal year"),
        _("Evaluated record"),
        _("Criterion"),
        _("Mandatory"),
        _("Grade"),
        _("Narrative (Japanese)"),
        _("Narrative (English)"),
        _("Points to improve"),
    ]
    rows = []
    for sheet in sheets:
        for assessment in sheet.assessments.all():
            rows.append(
                [
                    sheet.pk,
                    sheet.fiscal_year,
                    sheet.subject_title(),
                    assessment.criterion.name,
                    assessment.criterion.mandatory,
                    assessment.grade,
                    assessment.narrative_ja,
                    assessment.narrative_en,
                    assessment.improvement_ja or assessment.improvement_en,
                ]
            )
    return header, rows


def dashboard_tables(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) for each table of the calibration dashboard."""
    columns = data["grade_columns"]
    tables = []
    for key, title in (
        ("by_year", _("By fiscal year")),
        ("by_office", _("By office")),
        ("by_template", _("By template")),
    ):
        header = [title, _("Sheets"), _("Budget (JPY)"), _("A or above, % of budget")]
        header += [f"{g} ({_('count')})" for g in columns]
        header += [f"{g} (% {_('of budget')})" for g in columns]
        rows = [
            [
                row.label,
                row.count,
                row.budget,
                row.high_share,
                *[row.counts[g] for g in columns],
                *[row.share(g) for g in columns],
            ]
            for row in [*data[key], data["total"]]
        ]
        tables.append((title, header, rows))
    flag_rows = [
        [
            flag.label,
            flag.sheet.pk,
            flag.sheet.fiscal_year,
            flag.sheet.subject_title(),
            flag.sheet.responsible_office.name if flag.sheet.responsible_office else "",
            flag.sheet.overall_grade,
            flag.detail,
        ]
        for flag in data["flags"]
    ]
    tables.append(
        (
            _("Flags"),
            [
                _("Flag"),
                _("ID"),
                _("Fiscal year"),
                _("Evaluated record"),
                _("Responsible office"),
                _("Overall grade"),
                _("Detail"),
            ],
            flag_rows,
        )
    )
    return tables


def to_csv(tables: list[tuple[str, list[str], list[list]]]) -> str:
    """Tables one after another, each under its title, with a UTF-8 BOM for Excel."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for index, (title, header, rows) in enumerate(tables):
        if index:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([title])
        writer.writerow(header)
        writer.writerows(rows)
    return out.getvalue()


def to_xlsx(tables: list[tuple[str, list[str], list[list]]]) -> bytes:
    """One worksheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in tables:
        sheet = workbook.create_sheet(title=_safe_title(title))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append([_cell(value) for value in row])
        sheet.freeze_panes = "A2"
        for index, _label in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 14 if index > 1 else 32
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(value):
    """Numbers (Decimal included) stay numbers; lazy translations become text."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    return str(value)


def _safe_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def sheets_workbook(sheets: Iterable[EvaluationSheet]) -> bytes:
    sheets = list(sheets)
    return to_xlsx(
        [
            (_("Sheets"), *sheet_rows(sheets)),
            (_("Criteria"), *criteria_rows(sheets)),
        ]
    )


def sheets_csv(sheets: Iterable[EvaluationSheet]) -> str:
    return to_csv([(_("Sheets"), *sheet_rows(sheets))])
