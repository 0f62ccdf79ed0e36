from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kakehashi.registry"
    label = "registry"
    verbose_name = _("Registry of cooperation")

    def ready(self) -> None:
        from kakehashi.registry import audit

        audit.register_models()
