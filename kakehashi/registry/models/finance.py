"""Budgets, planned disbursements and transactions of an activity.

`currency` is what the publisher wrote on the value; blank means the activity's default
currency applies, and export keeps it blank so the meaning is unchanged.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.registry.models.activities import Activity, ActivityPart
from kakehashi.registry.models.narratives import narrative_text


class MoneyValue(models.Model):
    # IATI values are xsd:decimal: publishers write up to ~11 decimals; keep them.
    value = models.DecimalField(_("value"), max_digits=32, decimal_places=10)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_date = models.DateField(_("value date"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def effective_currency(self) -> str:
        return self.currency or self.activity.default_currency


class Budget(ActivityPart, MoneyValue):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    type = models.CharField(_("budget type"), max_length=5, blank=True)
    status = models.CharField(_("budget status"), max_length=5, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    class Meta(ActivityPart.Meta):
        verbose_name = _("budget")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.value} {self.effective_currency}"


class PlannedDisbursement(ActivityPart, MoneyValue):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="planned_disbursements"
    )
    type = models.CharField(_("budget type"), max_length=5, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), null=True, blank=True)
    provider_ref = models.CharField(_("provider identifier"), max_length=200, blank=True)
    provider_type = models.CharField(_("provider type"), max_length=10, blank=True)
    provider_activity_id = models.CharField(_("provider activity"), max_length=255, blank=True)
    provider_narratives = models.JSONField(_("provider name"), default=list, blank=True)
    receiver_ref = models.CharField(_("receiver identifier"), max_length=200, blank=True)
    receiver_type = models.CharField(_("receiver type"), max_length=10, blank=True)
    receiver_activity_id = models.CharField(_("receiver activity"), max_length=255, blank=True)
    receiver_narratives = models.JSONField(_("receiver name"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("planned disbursement")

    def __str__(self) -> str:
        return f"{self.period_start} {self.value} {self.effective_currency}"


class Transaction(ActivityPart, MoneyValue):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transactions")
    ref = models.CharField(_("reference"), max_length=255, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    type = models.CharField(_("transaction type"), max_length=5, db_index=True)
    # No index: nothing looks transactions up by date (figures group them by year of
    # their activity's), and an index on random dates cost the IATI import a quarter of
    # its database time.
    date = models.DateField(_("transaction date"))
    description = models.JSONField(_("description"), default=list, blank=True)
    provider_ref = models.CharField(_("provider identifier"), max_length=200, blank=True)
    provider_type = models.CharField(_("provider type"), max_length=10, blank=True)
    provider_activity_id = models.CharField(_("provider activity"), max_length=255, blank=True)
    provider_narratives = models.JSONField(_("provider name"), default=list, blank=True)
    receiver_ref = models.CharField(_("receiver identifier"), max_length=200, blank=True)
    receiver_type = models.CharField(_("receiver type"), max_length=10, blank=True)
    receiver_activity_id = models.CharField(_("receiver activity"), max_length=255, blank=True)
    receiver_narratives = models.JSONField(_("receiver name"), default=list, blank=True)
    disbursement_channel = models.CharField(_("disbursement channel"), max_length=5, blank=True)
    # [{"code", "vocabulary", "vocabulary_uri", "narratives"}]
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    recipient_country = models.CharField(_("recipient country"), max_length=3, blank=True)
    recipient_region = models.CharField(_("recipient region"), max_length=20, blank=True)
    recipient_region_vocabulary = models.CharField(
        _("recipient region vocabulary"), max_length=5, blank=True
    )
    flow_type = models.CharField(_("flow type"), max_length=5, blank=True)
    finance_type = models.CharField(_("finance type"), max_length=5, blank=True)
    aid_types = models.JSONField(_("aid types"), default=list, blank=True)
    tied_status = models.CharField(_("tied status"), max_length=5, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("transaction")

    def __str__(self) -> str:
        return f"{self.type} {self.date} {self.value} {self.effective_currency}"

    @property
    def provider_name(self) -> str:
        return narrative_text(self.provider_narratives) or self.provider_ref

    @property
    def receiver_name(self) -> str:
        return narrative_text(self.receiver_narratives) or self.receiver_ref
