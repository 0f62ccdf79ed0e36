"""IATI codelists as reference data, with Japanese names written by us."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models.base import BilingualNameMixin


class Codelist(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    embedded = models.BooleanField(_("embedded in the schema"), default=False)
    complete = models.BooleanField(_("complete"), default=True)
    name_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    synced = models.DateTimeField(_("last synchronised"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("codelist")
        verbose_name_plural = _("codelists")

    def __str__(self) -> str:
        return self.name


class CodelistItem(BilingualNameMixin, models.Model):
    codelist = models.ForeignKey(Codelist, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=100)
    # Names are long in places (UNSDG targets run past 500 characters).
    name_en = models.TextField(_("name (English)"), blank=True)
    name_ja = models.TextField(_("name (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["codelist", "code"]
        constraints = [
            models.UniqueConstraint(fields=["codelist", "code"], name="codelist_item_unique_code")
        ]
        verbose_name = _("codelist item")
        verbose_name_plural = _("codelist items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
