"""Creating sheets from the registry, and starting a new year's sheet from last year's."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from kakehashi.core.services.japanese_calendar import fiscal_year_range
from kakehashi.evaluation.models import (
    CriterionAssessment,
    EvaluationSheet,
    EvaluationTemplate,
    IndicatorValue,
    Subject,
    WorkflowAction,
    WorkflowEvent,
)
from kakehashi.registry.models import Activity, Contribution

# Sheet fields carried over from last year's sheet by the copy action.
CARRIED_FIELDS = [
    "purpose_ja",
    "purpose_en",
    "outcome_target_ja",
    "outcome_target_en",
    "indicator_ja",
    "indicator_en",
    "plan_ja",
    "plan_en",
    "do_ja",
    "do_en",
    "check_ja",
    "check_en",
    "act_ja",
    "act_en",
    "evaluator_name",
]


class SheetError(ValueError):
    """A sheet cannot be created as asked; the message is for the user."""


def registry_budget(subject, fiscal_year: int) -> tuple[Decimal | None, str]:
    """The budget of the evaluated record in that fiscal year, from the registry.

    A contribution has one amount per fiscal year. For an activity: its budgets whose
    period starts in the fiscal year, in the activity's default currency.
    """
    if isinstance(subject, Contribution):
        return subject.amount, subject.currency
    start, end = fiscal_year_range(fiscal_year)
    currency = subject.default_currency or "JPY"
    budgets = subject.budgets.filter(period_start__range=(start, end)).filter(
        Q(currency="") | Q(currency=currency)
    )
    values = [b.value for b in budgets]
    return (sum(values, Decimal(0)) if values else None), currency


def _subject_fields(subject) -> dict:
    if isinstance(subject, Contribution):
        return {"contribution": subject, "activity": None}
    if isinstance(subject, Activity):
        return {"contribution": None, "activity": subject}
    raise SheetError("A sheet evaluates a contribution or an activity.")


@transaction.atomic
def create_sheet(
    template: EvaluationTemplate,
    subject,
    fiscal_year: int | None = None,
    *,
    user=None,
    office=None,
    **fields,
) -> EvaluationSheet:
    """A new draft sheet with one (empty) assessment per criterion of the template."""
    subject_fields = _subject_fields(subject)
    expected = Subject.CONTRIBUTION if subject_fields["contribution"] else Subject.ACTIVITY
    if template.subject != expected:
        raise SheetError("This template does not evaluate this kind of record.")
    if isinstance(subject, Contribution):
        fiscal_year = subject.fiscal_year
        defaults = {
            "purpose_ja": subject.purpose_ja,
            "purpose_en": subject.purpose_en,
            "outcome_target_ja": subject.outcome_target_ja,
            "outcome_target_en": subject.outcome_target_en,
            "indicator_ja": subject.indicator_ja,
            "indicator_en": subject.indicator_en,
        }
    else:
        if fiscal_year is None:
            raise SheetError("An activity sheet needs a fiscal year.")
        defaults = {}
    amount, currency = registry_budget(subject, fiscal_year)
    sheet = EvaluationSheet(
        template=template,
        fiscal_year=fiscal_year,
        budget_amount=amount,
        budget_currency=currency,
        responsible_office=office or subject.responsible_office,
        evaluator=user if user and user.is_authenticated else None,
        **subject_fields,
        **{**defaults, **fields},
    )
    if EvaluationSheet.objects.filter(
        template=template, fiscal_year=fiscal_year, **subject_fields
    ).exists():
        raise SheetError("A sheet for this record, template and year exists already.")
    sheet.save()
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(sheet=sheet, criterion=criterion)
        for criterion in template.criteria.all()
    )
    WorkflowEvent.objects.create(
        sheet=sheet,
        action=WorkflowAction.CREATE,
        to_status=sheet.status,
        user=user if user and user.is_authenticated else None,
    )
    return sheet


def next_subject(sheet: EvaluationSheet):
    """The record to evaluate the year after: next year's contribution, or the activity."""
    if sheet.activity_id:
        return sheet.activity
    contribution = sheet.contribution
    return Contribution.objects.filter(
        organisation=contribution.organisation,
        kind=contribution.kind,
        budget_kind=contribution.budget_kind,
        fiscal_year=sheet.fiscal_year + 1,
    ).first()


@transaction.atomic
def copy_to_next_year(sheet: EvaluationSheet, *, user=None) -> EvaluationSheet:
    """Start next year's sheet from this one: texts and criteria carried over, grades cleared
    (each year is graded afresh), budget from the registry for the new year."""
    subject = next_subject(sheet)
    if subject is None:
        raise SheetError("The registry has no contribution for the next fiscal year: add it first.")
    carried = {field: getattr(sheet, field) for field in CARRIED_FIELDS}
    if sheet.contribution_id:
        # Last year's texts win over the registry's only where the registry has none.
        for field in ("purpose", "outcome_target", "indicator"):
            for lang in ("ja", "en"):
                name = f"{field}_{lang}"
                carried[name] = getattr(subject, name) or carried[name]
    new = create_sheet(
        sheet.template,
        subject,
        sheet.fiscal_year + 1,
        user=user,
        office=sheet.responsible_office,
        previous=sheet,
        is_sample=sheet.is_sample,
        **carried,
    )
    old = {a.criterion_id: a for a in sheet.assessments.all()}
    for assessment in new.assessments.all():
        before = old.get(assessment.criterion_id)
        if before:
            assessment.narrative_ja = before.narrative_ja
            assessment.narrative_en = before.narrative_en
            assessment.improvement_ja = before.improvement_ja
            assessment.improvement_en = before.improvement_en
            assessment.save()
            for evidence in before.evidence.all():
                evidence.pk = None
                evidence.assessment = assessment
                evidence.save()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            sheet=new,
            fiscal_year=value.fiscal_year,
            target=value.target,
            actual=value.actual,
            note=value.note,
        )
        for value in sheet.indicator_values.all()
    )
    new.events.filter(action=WorkflowAction.CREATE).update(
        action=WorkflowAction.COPY, comment=str(sheet)
    )
    return new


def series(sheet: EvaluationSheet) -> list[EvaluationSheet]:
    """All sheets of the same series (same template and record across years), oldest first."""
    queryset = EvaluationSheet.objects.with_related().filter(template_id=sheet.template_id)
    if sheet.contribution_id:
        queryset = queryset.filter(
            contribution__organisation_id=sheet.contribution.organisation_id,
            contribution__kind=sheet.contribution.kind,
        )
    else:
        queryset = queryset.filter(activity_id=sheet.activity_id)
    return list(queryset.order_by("fiscal_year").prefetch_related("assessments__criterion"))
