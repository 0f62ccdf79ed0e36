"""Shared helpers of the evaluation pages."""

from __future__ import annotations

from django.http import Http404

from kakehashi.core.services.permissions import can_view, visible
from kakehashi.evaluation.models import EvaluationSheet


def sheet_or_404(user, pk: int) -> EvaluationSheet:
    """The sheet if the user may see it (published, or of one of their offices)."""
    sheet = (
        visible(EvaluationSheet.objects.with_related(), user)
        .prefetch_related(
            "assessments__criterion", "assessments__evidence__content_type", "indicator_values"
        )
        .filter(pk=pk)
        .first()
    )
    if sheet is None or not can_view(user, sheet):
        raise Http404
    return sheet


def year_param(request) -> int | None:
    value = request.GET.get("fiscal_year", "")
    return int(value) if value.isdigit() else None


def int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None
