from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kakehashi.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from kakehashi.portal import signals

        signals.connect()
