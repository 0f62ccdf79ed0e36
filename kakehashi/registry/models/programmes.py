"""Programmes that group activities, and large international projects."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import BilingualNameMixin, RegistryRecord


class ProgrammeKind(models.TextChoices):
    RESEARCH_PARTNERSHIP = "research_partnership", _("research partnership")
    GRANT = "grant", _("research grant programme")
    FELLOWSHIP = "fellowship", _("fellowship scheme")
    EXCHANGE = "exchange", _("researcher exchange")
    JOINT_CALL = "joint_call", _("joint call")
    FRAMEWORK = "framework", _("international framework")
    OTHER = "other", _("other")


class Programme(BilingualNameMixin, RegistryRecord):
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    slug = models.SlugField(_("short name in URLs"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=ProgrammeKind.choices, default=ProgrammeKind.OTHER
    )
    organisations = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("organisations running it"),
        blank=True,
        related_name="programmes",
    )
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def get_absolute_url(self) -> str:
        return reverse("portal:programme", args=[self.slug])


class LargeProject(BilingualNameMixin, RegistryRecord):
    """A large international project (ITER, ISS, IODP, LHC…) with its members."""

    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    slug = models.SlugField(_("short name in URLs"), max_length=60, unique=True)
    host_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_projects",
    )
    field_ja = models.CharField(_("field (Japanese)"), max_length=200, blank=True)
    field_en = models.CharField(_("field (English)"), max_length=200, blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    japan_role_ja = models.TextField(_("Japan's role (Japanese)"), blank=True)
    japan_role_en = models.TextField(_("Japan's role (English)"), blank=True)
    in_kind_contribution_ja = models.TextField(_("in-kind contributions (Japanese)"), blank=True)
    in_kind_contribution_en = models.TextField(_("in-kind contributions (English)"), blank=True)
    japanese_participants = models.PositiveIntegerField(
        _("Japanese participants"), null=True, blank=True, help_text=_("Approximate number.")
    )
    japanese_participants_note_ja = models.CharField(
        _("note on participants (Japanese)"), max_length=300, blank=True
    )
    japanese_participants_note_en = models.CharField(
        _("note on participants (English)"), max_length=300, blank=True
    )
    website = models.URLField(_("website"), max_length=500, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("large international project")
        verbose_name_plural = _("large international projects")

    def get_absolute_url(self) -> str:
        return reverse("portal:large_project", args=[self.slug])


class LargeProjectMember(BilingualNameMixin, models.Model):  # noqa: DJ008 - from the mixin
    """A member ("pole") of a large project: a country, or a body such as the EU."""

    project = models.ForeignKey(LargeProject, on_delete=models.CASCADE, related_name="members")
    country = models.ForeignKey(
        "core.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_memberships",
    )
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    joined = models.PositiveSmallIntegerField(_("year joined"), null=True, blank=True)
    role_ja = models.CharField(_("role (Japanese)"), max_length=300, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__isnull=False)
                | models.Q(organisation__isnull=False)
                | ~models.Q(name_en="", name_ja=""),
                name="member_is_named",
            )
        ]

    @property
    def name(self) -> str:
        own = super().name
        if own:
            return own
        return (self.country or self.organisation).name
