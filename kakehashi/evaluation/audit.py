"""Change history of templates, sheets and plans (django-auditlog, as the registry does)."""

from auditlog.registry import auditlog
from django.apps import apps

AUDITED_MODELS = [
    "evaluation.EvaluationTemplate",
    "evaluation.Criterion",
    "evaluation.EvaluationSheet",
    "evaluation.CriterionAssessment",
    "evaluation.Evidence",
    "evaluation.IndicatorValue",
    "evaluation.WorkflowEvent",
    "evaluation.ImplementationPlan",
    "evaluation.PlanItem",
    "evaluation.PlanReview",
    "evaluation.PlanItemReview",
]


def register_models() -> None:
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model)
