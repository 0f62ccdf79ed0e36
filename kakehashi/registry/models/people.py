"""Researchers and their exchanges (dispatch abroad or invitation to Japan)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import RegistryRecord
from kakehashi.core.services.text import pick


class Person(RegistryRecord):
    family_name_ja = models.CharField(_("family name (Japanese)"), max_length=100, blank=True)
    given_name_ja = models.CharField(_("given name (Japanese)"), max_length=100, blank=True)
    family_name_en = models.CharField(_("family name (English)"), max_length=100, blank=True)
    given_name_en = models.CharField(_("given name (English)"), max_length=100, blank=True)
    affiliation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("affiliation"),
    )
    nationality = models.ForeignKey(
        "core.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nationality"),
    )
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)
    field_ja = models.CharField(_("field (Japanese)"), max_length=200, blank=True)
    field_en = models.CharField(_("field (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["family_name_en", "given_name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        ja = f"{self.family_name_ja} {self.given_name_ja}".strip()
        en = f"{self.given_name_en} {self.family_name_en}".strip()
        return pick(ja, en, (get_language() or "ja")[:2])


class ExchangeKind(models.TextChoices):
    DISPATCH = "dispatch", _("dispatch abroad")
    INVITATION = "invitation", _("invitation to Japan")


class Exchange(RegistryRecord):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="exchanges", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExchangeKind.choices)
    programme = models.ForeignKey(
        "registry.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
        verbose_name=_("programme"),
    )
    home_organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_exchanges",
        verbose_name=_("home organisation"),
    )
    host_organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_exchanges",
        verbose_name=_("host organisation"),
    )
    host_country = models.ForeignKey(
        "core.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host country"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    purpose_ja = models.TextField(_("purpose (Japanese)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} {self.start_date or ''}".strip()
