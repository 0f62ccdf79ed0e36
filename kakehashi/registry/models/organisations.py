from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import BilingualNameMixin, RegistryRecord


class OrganisationKind(models.TextChoices):
    INTERNATIONAL_ORGANISATION = "international_organisation", _("international organisation")
    GOVERNMENT = "government", _("government body")
    FUNDING_AGENCY = "funding_agency", _("funding agency")
    RESEARCH_INSTITUTE = "research_institute", _("university or research institute")
    COMPANY = "company", _("company")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("other")


class Organisation(BilingualNameMixin, RegistryRecord):
    name_ja = models.CharField(_("name (Japanese)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=40, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("For example XM-DAC-701-8 (JICA)."),
    )
    iati_type = models.CharField(
        _("IATI organisation type"), max_length=10, blank=True, help_text=_("OrganisationType code")
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    headquarters_ja = models.CharField(_("headquarters (Japanese)"), max_length=200, blank=True)
    headquarters_en = models.CharField(_("headquarters (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_en", "name_ja"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ja="", name_en=""), name="organisation_has_a_name"
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("portal:organisation", args=[self.pk])
