"""Published evaluation grades from the evaluation app, when it is installed."""

from __future__ import annotations

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

TEMPLATE = "evaluation/includes/published_grades.html"


def published_sheets(obj) -> list:
    try:
        from kakehashi.evaluation.services.portal import published_sheets_for
    except ImportError:
        return []
    return list(published_sheets_for(obj))


def template_available() -> bool:
    try:
        get_template(TEMPLATE)
    except TemplateDoesNotExist:
        return False
    return True


def sheets_of_country(code: str, limit: int = 50) -> list:
    """Published sheets of published activities in a country, newest year first."""
    try:
        from kakehashi.evaluation.models import EvaluationSheet
    except ImportError:
        return []
    from kakehashi.portal.models import IndexedCountry

    activity_ids = IndexedCountry.objects.filter(code=code.upper()).values("activity_id")
    queryset = EvaluationSheet.objects.public().with_related().filter(activity__in=activity_ids)
    return list(
        queryset.order_by("-fiscal_year", "template__code").prefetch_related(
            "assessments__criterion"
        )[:limit]
    )
