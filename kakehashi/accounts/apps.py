from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kakehashi.accounts"
    label = "accounts"
    verbose_name = _("Accounts, tokens and logs")

    def ready(self) -> None:
        from kakehashi.accounts import signals

        signals.connect()
