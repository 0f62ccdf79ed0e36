"""An activity (project) aligned with IATI 2.03, and the parts it owns.

Codes are kept as IATI codes (strings) rather than foreign keys: published files carry codes
we must keep even when a codelist lacks them, and imports stay fast without look-ups.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import RegistryRecord
from kakehashi.registry.models.narratives import narrative_text


class RecordKind(models.TextChoices):
    ODA_PROJECT = "oda_project", _("ODA project")
    RESEARCH_PROJECT = "research_project", _("joint research project")
    PROGRAMME_ACTIVITY = "programme_activity", _("programme activity")
    EXCHANGE = "exchange", _("researcher exchange")
    IATI = "iati", _("imported IATI activity")


class Activity(RegistryRecord):
    iati_identifier = models.CharField(_("IATI identifier"), max_length=255, unique=True)
    kind = models.CharField(
        _("kind of record"), max_length=30, choices=RecordKind.choices, default=RecordKind.IATI
    )
    reporting_org = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="reported_activities",
    )
    reporting_org_secondary = models.BooleanField(_("secondary reporter"), default=False)
    programme = models.ForeignKey(
        "registry.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.JSONField(_("title"), default=list, blank=True)
    default_lang = models.CharField(_("default language"), max_length=10, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    hierarchy = models.PositiveSmallIntegerField(_("hierarchy"), null=True, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    budget_not_provided = models.CharField(_("budget not provided"), max_length=5, blank=True)
    linked_data_uri = models.URLField(_("linked data URI"), max_length=500, blank=True)
    last_updated_datetime = models.DateTimeField(
        _("last updated (publisher)"), null=True, blank=True
    )
    iati_version = models.CharField(_("IATI version of the source"), max_length=10, blank=True)
    activity_status = models.CharField(
        _("activity status"), max_length=5, blank=True, db_index=True
    )
    activity_scope = models.CharField(_("activity scope"), max_length=5, blank=True)
    collaboration_type = models.CharField(_("collaboration type"), max_length=5, blank=True)
    default_flow_type = models.CharField(_("default flow type"), max_length=5, blank=True)
    default_finance_type = models.CharField(_("default finance type"), max_length=5, blank=True)
    default_tied_status = models.CharField(_("default tied status"), max_length=5, blank=True)
    # [{"code": "C01", "vocabulary": "1"}]: IATI allows several default aid types.
    default_aid_types = models.JSONField(_("default aid types"), default=list, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # Elements of the source XML that Kakehashi does not model, written back on export:
    # [{"after": "element-name", "xml": "<…/>"}] in document order.
    preserved_xml = models.JSONField(_("preserved IATI elements"), default=list, blank=True)
    # Fingerprint of the IATI XML last imported: re-importing the same activity is a no-op.
    source_hash = models.CharField(
        _("fingerprint of the imported IATI XML"), max_length=64, blank=True, editable=False
    )

    class Meta:
        ordering = ["iati_identifier"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        title = self.title_text()
        return f"{self.iati_identifier} {title}" if title else self.iati_identifier

    def title_text(self, lang: str | None = None) -> str:
        return narrative_text(self.title, lang)

    @property
    def start_date(self):
        return self.actual_start or self.planned_start

    @property
    def end_date(self):
        return self.actual_end or self.planned_end

    def get_absolute_url(self) -> str:
        return reverse("portal:activity", args=[self.iati_identifier])


class ActivityPart(models.Model):
    """Base for everything an activity owns: deleted with it, kept in document order."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["activity", "sequence"]


class ActivityDescription(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="descriptions")
    type = models.CharField(_("description type"), max_length=5, blank=True)
    narratives = models.JSONField(_("text"), default=list)

    class Meta(ActivityPart.Meta):
        verbose_name = _("description")

    def __str__(self) -> str:
        return narrative_text(self.narratives)[:80]


class ParticipatingOrg(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=5, db_index=True)
    ref = models.CharField(_("organisation identifier"), max_length=200, blank=True)
    type = models.CharField(_("organisation type"), max_length=10, blank=True)
    org_activity_id = models.CharField(_("its activity identifier"), max_length=255, blank=True)
    crs_channel_code = models.CharField(_("CRS channel code"), max_length=10, blank=True)
    narratives = models.JSONField(_("name"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("participating organisation")

    def __str__(self) -> str:
        return narrative_text(self.narratives) or self.ref


class RecipientCountry(ActivityPart):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_countries"
    )
    country_code = models.CharField(_("country"), max_length=3, db_index=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=20, decimal_places=10, null=True, blank=True
    )
    narratives = models.JSONField(_("name"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("recipient country")

    def __str__(self) -> str:
        return self.country_code


class RecipientRegion(ActivityPart):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_regions"
    )
    code = models.CharField(_("region"), max_length=20, db_index=True)
    vocabulary = models.CharField(_("vocabulary"), max_length=5, blank=True)
    vocabulary_uri = models.URLField(_("vocabulary URI"), max_length=500, blank=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=20, decimal_places=10, null=True, blank=True
    )
    narratives = models.JSONField(_("name"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("recipient region")

    def __str__(self) -> str:
        return self.code


class ActivitySector(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("sector"), max_length=30, db_index=True)
    vocabulary = models.CharField(_("vocabulary"), max_length=5, blank=True)
    vocabulary_uri = models.URLField(_("vocabulary URI"), max_length=500, blank=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=20, decimal_places=10, null=True, blank=True
    )
    narratives = models.JSONField(_("name"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("sector")

    def __str__(self) -> str:
        return self.code


class Location(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="locations")
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    name = models.JSONField(_("name"), default=list, blank=True)
    description = models.JSONField(_("description"), default=list, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=10, decimal_places=6, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=10, decimal_places=6, null=True)
    # The rest of the IATI location (reach, ids, administrative areas, exactness…) as XML.
    xml = models.TextField(_("IATI XML"), blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("location")

    def __str__(self) -> str:
        return narrative_text(self.name) or self.ref
