"""Saving the staff edit form of a sheet: the sheet, its criteria and indicator values."""

from __future__ import annotations

from django.db import transaction

from kakehashi.evaluation.services import evidence as evidence_service
from kakehashi.evaluation.services import grading


@transaction.atomic
def save_sheet(form, assessments, values) -> None:
    """Save validated forms; evidence lines become links; a computed overall is refreshed."""
    sheet = form.save()
    for assessment_form in assessments.forms:
        assessment = assessment_form.save()
        evidence_service.replace(assessment, assessment_form.cleaned_data["evidence_text"])
    values.save()
    grading.refresh_overall(sheet)
