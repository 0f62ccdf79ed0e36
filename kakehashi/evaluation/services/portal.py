"""What the public portal shows of evaluations: published sheets of an organisation,
contribution or activity (for `evaluation/includes/published_grades.html`)."""

from __future__ import annotations

from django.db.models import Q

from kakehashi.evaluation.models import EvaluationSheet
from kakehashi.registry.models import Activity, Contribution, Organisation


def published_sheets_for(obj) -> list[EvaluationSheet]:
    """Published sheets about `obj`, newest year first.

    An Organisation gets the sheets of its contributions and of the activities it
    reports; a Contribution or Activity gets its own. Anything else gets none.
    """
    queryset = EvaluationSheet.objects.public().with_related()
    if isinstance(obj, Organisation):
        queryset = queryset.filter(
            Q(contribution__organisation=obj) | Q(activity__reporting_org=obj)
        )
    elif isinstance(obj, Contribution):
        queryset = queryset.filter(contribution=obj)
    elif isinstance(obj, Activity):
        queryset = queryset.filter(activity=obj)
    else:
        return []
    return list(
        queryset.order_by("-fiscal_year", "template__code").prefetch_related(
            "assessments__criterion"
        )
    )
