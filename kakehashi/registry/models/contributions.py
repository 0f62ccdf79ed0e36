from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import RegistryRecord
from kakehashi.core.services.japanese_calendar import FiscalYear
from kakehashi.core.services.money import Money


class ContributionKind(models.TextChoices):
    ASSESSED = "assessed", _("assessed contribution (分担金)")
    VOLUNTARY = "voluntary", _("voluntary contribution (任意拠出金)")


class BudgetKind(models.TextChoices):
    INITIAL = "initial", _("initial budget (当初予算)")
    SUPPLEMENTARY = "supplementary", _("supplementary budget (補正予算)")


class Contribution(RegistryRecord):
    """Japan's contribution (拠出金) to an international organisation in one fiscal year."""

    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("international organisation"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    budget_kind = models.CharField(
        _("kind of budget"), max_length=20, choices=BudgetKind.choices, default=BudgetKind.INITIAL
    )
    amount = models.DecimalField(_("budget amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="JPY")
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    purpose_ja = models.TextField(_("purpose (Japanese)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    outcome_target_ja = models.TextField(_("outcome target (Japanese)"), blank=True)
    outcome_target_en = models.TextField(_("outcome target (English)"), blank=True)
    indicator_ja = models.TextField(_("outcome indicator (Japanese)"), blank=True)
    indicator_en = models.TextField(_("outcome indicator (English)"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("For the responsible office only; never published."),
    )

    # Read only by the owning office and administrators (core.services.permissions).
    confidential_fields = ("internal_notes",)

    class Meta:
        ordering = ["-fiscal_year", "organisation"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "kind", "budget_kind"],
                name="contribution_unique_per_year_and_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year_label} {self.get_kind_display()}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def fiscal_year_label(self) -> str:
        return FiscalYear(self.fiscal_year).label_en

    @property
    def fiscal_year_label_ja(self) -> str:
        return FiscalYear(self.fiscal_year).label_ja

    def get_absolute_url(self) -> str:
        return reverse("portal:contribution", args=[self.pk])
