from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kakehashi.evaluation"
    label = "evaluation"
    # Called by `kakehashi demo` after the registry demo (see registry.services.demo).
    demo_loader = "kakehashi.evaluation.services.demo.load_evaluation_demo"
    verbose_name = _("Evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kakehashi.evaluation import audit

        audit.register_models()
