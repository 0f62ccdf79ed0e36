"""Bilateral S&T cooperation agreements and the meetings held under them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import RegistryRecord
from kakehashi.core.models.base import bilingual


class AgreementKind(models.TextChoices):
    SCIENCE_AND_TECHNOLOGY = "s_and_t", _("S&T cooperation agreement")
    MEMORANDUM = "memorandum", _("memorandum of cooperation")
    OTHER = "other", _("other")


class Agreement(RegistryRecord):
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AgreementKind.choices,
        default=AgreementKind.SCIENCE_AND_TECHNOLOGY,
    )
    countries = models.ManyToManyField(
        "core.Country", verbose_name=_("partner countries"), blank=True, related_name="agreements"
    )
    organisations = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="agreements",
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["title_en"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("portal:agreement", args=[self.pk])


class MeetingKind(models.TextChoices):
    JOINT_COMMITTEE = "joint_committee", _("joint committee (合同委員会)")
    MINISTERIAL = "ministerial", _("ministerial meeting")
    OTHER = "other", _("other meeting")


class MeetingLevel(models.TextChoices):
    MINISTERIAL = "ministerial", _("ministers")
    VICE_MINISTERIAL = "vice_ministerial", _("vice-ministers")
    SENIOR_OFFICIAL = "senior_official", _("senior officials")
    WORKING = "working", _("working level")


class Meeting(RegistryRecord):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.JOINT_COMMITTEE
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("13 for the 13th meeting.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=[("day", _("day")), ("month", _("month")), ("year", _("year"))],
        default="day",
    )
    place_ja = models.CharField(_("place (Japanese)"), max_length=200, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    country = models.ForeignKey(
        "core.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    level = models.CharField(_("level"), max_length=20, choices=MeetingLevel.choices, blank=True)
    outcome_ja = models.TextField(_("outcome (Japanese)"), blank=True)
    outcome_en = models.TextField(_("outcome (English)"), blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return bilingual(self, "title") or f"{self.get_kind_display()} {self.date or ''}".strip()
