"""Results with indicators, and the other described parts of an activity."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.registry.models.activities import Activity, ActivityPart
from kakehashi.registry.models.narratives import narrative_text


class Result(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    type = models.CharField(_("result type"), max_length=5, blank=True)
    aggregation_status = models.BooleanField(_("aggregation status"), null=True, blank=True)
    title = models.JSONField(_("title"), default=list, blank=True)
    description = models.JSONField(_("description"), default=list, blank=True)
    # Result-level document links, references and other parts, as XML, written back on export.
    extra_xml = models.TextField(_("other IATI elements"), blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("result")

    def __str__(self) -> str:
        return narrative_text(self.title)[:80]


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    sequence = models.PositiveIntegerField(_("order"), default=0)
    measure = models.CharField(_("measure"), max_length=5, blank=True)
    ascending = models.BooleanField(_("ascending"), null=True, blank=True)
    aggregation_status = models.BooleanField(_("aggregation status"), null=True, blank=True)
    title = models.JSONField(_("title"), default=list, blank=True)
    description = models.JSONField(_("description"), default=list, blank=True)
    # [{"year", "iso_date", "value", "comment": narratives}] – 2.03 allows several baselines.
    baselines = models.JSONField(_("baselines"), default=list, blank=True)
    extra_xml = models.TextField(_("other IATI elements"), blank=True)

    class Meta:
        ordering = ["result", "sequence"]
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return narrative_text(self.title)[:80]


class IndicatorPeriod(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    sequence = models.PositiveIntegerField(_("order"), default=0)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    # [{"value", "comment": narratives, ...}] – values stay strings as published.
    targets = models.JSONField(_("targets"), default=list, blank=True)
    actuals = models.JSONField(_("actuals"), default=list, blank=True)
    extra_xml = models.TextField(_("other IATI elements"), blank=True)

    class Meta:
        ordering = ["indicator", "sequence"]
        verbose_name = _("indicator period")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class DocumentLink(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    url = models.URLField(_("URL"), max_length=2000)
    format = models.CharField(_("format"), max_length=200, blank=True)
    title = models.JSONField(_("title"), default=list, blank=True)
    description = models.JSONField(_("description"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("document link")

    def __str__(self) -> str:
        return narrative_text(self.title) or self.url


class PolicyMarker(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="policy_markers")
    code = models.CharField(_("policy marker"), max_length=200)
    vocabulary = models.CharField(_("vocabulary"), max_length=5, blank=True)
    vocabulary_uri = models.URLField(_("vocabulary URI"), max_length=500, blank=True)
    significance = models.CharField(_("significance"), max_length=5, blank=True)
    narratives = models.JSONField(_("description"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("policy marker")

    def __str__(self) -> str:
        return f"{self.code} ({self.significance})"


class Tag(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="tags")
    code = models.CharField(_("tag"), max_length=200)
    vocabulary = models.CharField(_("vocabulary"), max_length=5, blank=True)
    vocabulary_uri = models.URLField(_("vocabulary URI"), max_length=500, blank=True)
    narratives = models.JSONField(_("description"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("tag")

    def __str__(self) -> str:
        return narrative_text(self.narratives) or self.code


class RelatedActivity(ActivityPart):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="related")
    ref = models.CharField(_("related activity identifier"), max_length=255)
    type = models.CharField(_("relationship"), max_length=5)

    class Meta(ActivityPart.Meta):
        verbose_name = _("related activity")

    def __str__(self) -> str:
        return f"{self.type}: {self.ref}"
