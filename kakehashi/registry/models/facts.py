"""Key figures about a record ("68 projects in 35 countries"), each with its source.

Figures from documents are facts with a date and a source, not numbers we derive; keeping
them as records lets pages show them and trace each one to where it was stated.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models.base import bilingual


class KeyFigure(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    label_ja = models.CharField(_("label (Japanese)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    unit_ja = models.CharField(_("unit (Japanese)"), max_length=50, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=50, blank=True)
    approximate = models.BooleanField(_("approximate"), default=False)
    at_least = models.BooleanField(_("at least ('over')"), default=False)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    period_ja = models.CharField(_("period (Japanese)"), max_length=100, blank=True)
    period_en = models.CharField(_("period (English)"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["content_type", "object_id", "sequence"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self) -> str:
        return f"{self.label}: {self.value_display}"

    @property
    def label(self) -> str:
        return bilingual(self, "label")

    @property
    def unit(self) -> str:
        return bilingual(self, "unit")

    @property
    def period(self) -> str:
        return bilingual(self, "period")

    @property
    def value_display(self) -> str:
        number = self.value.normalize()
        text = f"{number:,f}" if number == number.to_integral() else f"{number:,}"
        return f"{text} {self.unit}".strip()
