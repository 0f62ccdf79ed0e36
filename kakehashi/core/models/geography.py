"""Countries (ISO 3166-1, from pycountry with Japanese names) and IATI regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models.base import BilingualNameMixin


class Country(BilingualNameMixin, models.Model):
    code = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, primary_key=True)
    alpha_3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, blank=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Region(BilingualNameMixin, models.Model):
    """A region of the IATI Region codelist (OECD DAC regions, vocabulary 1)."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
