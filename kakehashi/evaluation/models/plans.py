"""Implementation plans (実施計画): an office's yearly plan of international work, reviewed
every half year, as JST reviews the per-department plans of its international strategy."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models.base import TimeStampedModel


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


class Half(models.TextChoices):
    FIRST = "H1", _("first half (April–September)")
    SECOND = "H2", _("second half (October–March)")


class ImplementationPlan(TimeStampedModel):
    office = models.ForeignKey(
        "core.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="implementation_plans",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    strategy_ja = models.TextField(_("strategy and goals (Japanese)"), blank=True)
    strategy_en = models.TextField(_("strategy and goals (English)"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "office"]
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year"], name="one_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.office} FY{self.fiscal_year}"

    @property
    def responsible_office_id(self) -> int:
        return self.office_id


class PlanItem(models.Model):
    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title_ja = models.CharField(_("item (Japanese)"), max_length=300)
    title_en = models.CharField(_("item (English)"), max_length=300, blank=True)
    target_ja = models.TextField(_("target (Japanese)"), blank=True)
    target_en = models.TextField(_("target (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    contribution = models.ForeignKey(
        "registry.Contribution",
        verbose_name=_("contribution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        "registry.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.title_ja or self.title_en


class PlanReview(models.Model):
    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="reviews")
    half = models.CharField(_("half year"), max_length=2, choices=Half.choices)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes_ja = models.TextField(_("review notes (Japanese)"), blank=True)
    notes_en = models.TextField(_("review notes (English)"), blank=True)

    class Meta:
        ordering = ["plan", "half"]
        verbose_name = _("half-yearly review")
        verbose_name_plural = _("half-yearly reviews")
        constraints = [models.UniqueConstraint(fields=["plan", "half"], name="one_review_per_half")]

    def __str__(self) -> str:
        return f"{self.plan} {self.half}"


class PlanItemReview(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="item_reviews")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["review", "item__position"]
        verbose_name = _("item review")
        verbose_name_plural = _("item reviews")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_item_review_per_half")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.status}"
