"""What an IATI organisation file says about an organisation: budgets, expenditure, documents.

`OrganisationIati` holds the file's own data about the organisation (every name narrative,
reporting-org, default currency, last-updated-datetime) and, in `preserved_xml`, whatever the
models do not hold, so an export gives back what the publisher wrote. Budgets, expenditure and
documents are replaced as a whole by each import of a newer file.

Money: `currency` is the currency that applies (the value's own, else the organisation's
default-currency); `currency_is_default` remembers that the publisher left it to the default,
so export writes it blank again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.registry.models.narratives import narrative_text
from kakehashi.registry.models.organisations import Organisation


class OrganisationIati(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="iati_file"
    )
    names = models.JSONField(_("name narratives"), default=list, blank=True)
    default_lang = models.CharField(_("default language"), max_length=10, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    last_updated_datetime = models.DateTimeField(
        _("last updated (publisher)"), null=True, blank=True
    )
    iati_version = models.CharField(_("IATI version of the source"), max_length=10, blank=True)
    reporting_org_ref = models.CharField(_("reporting organisation"), max_length=200)
    reporting_org_type = models.CharField(_("reporting organisation type"), max_length=10)
    reporting_org_secondary = models.BooleanField(_("secondary reporter"), null=True, blank=True)
    reporting_org_narratives = models.JSONField(
        _("reporting organisation name"), default=list, blank=True
    )
    # Elements and attributes the models do not hold, written back on export (as
    # Activity.preserved_xml): [{"after", "tag", "xml", "replaces"?}, {"attributes": {...}}].
    preserved_xml = models.JSONField(_("preserved IATI elements"), default=list, blank=True)
    source_hash = models.CharField(
        _("fingerprint of the imported IATI XML"), max_length=64, blank=True, editable=False
    )
    imported = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("IATI organisation file data")
        verbose_name_plural = _("IATI organisation file data")

    def __str__(self) -> str:
        return str(self.organisation)


class OrganisationPart(models.Model):
    """Base for what an organisation file gives an organisation, kept in document order."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["organisation", "sequence"]


class OrganisationMoney(models.Model):
    # IATI values are xsd:decimal: keep every digit a publisher wrote.
    value = models.DecimalField(_("value"), max_digits=32, decimal_places=10)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    currency_is_default = models.BooleanField(_("default currency applied"), default=False)
    value_date = models.DateField(_("value date"), null=True, blank=True)

    class Meta:
        abstract = True


class OrganisationBudgetKind(models.TextChoices):
    TOTAL = "total", _("total budget")
    RECIPIENT_ORG = "recipient_org", _("recipient organisation budget")
    RECIPIENT_REGION = "recipient_region", _("recipient region budget")
    RECIPIENT_COUNTRY = "recipient_country", _("recipient country budget")


class OrganisationBudget(OrganisationPart, OrganisationMoney):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="iati_budgets"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationBudgetKind.choices)
    status = models.CharField(_("budget status"), max_length=5, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The recipient organisation's ref, the region code or the country code.
    recipient_ref = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_vocabulary = models.CharField(_("vocabulary"), max_length=5, blank=True)
    recipient_vocabulary_uri = models.CharField(_("vocabulary URI"), max_length=500, blank=True)
    recipient_narratives = models.JSONField(_("recipient name"), default=list, blank=True)

    class Meta(OrganisationPart.Meta):
        verbose_name = _("organisation budget")
        verbose_name_plural = _("organisation budgets")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.value} {self.currency}"

    @property
    def recipient_name(self) -> str:
        return narrative_text(self.recipient_narratives) or self.recipient_ref


class OrganisationExpenditure(OrganisationPart, OrganisationMoney):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="iati_expenditures"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    class Meta(OrganisationPart.Meta):
        verbose_name = _("organisation expenditure")
        verbose_name_plural = _("organisation expenditures")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.value} {self.currency}"


class Line(OrganisationMoney):
    """A budget line or an expense line: a part of the total, with its own description."""

    sequence = models.PositiveIntegerField(_("order"), default=0)
    ref = models.CharField(_("reference"), max_length=255, blank=True)
    narratives = models.JSONField(_("description"), default=list, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return narrative_text(self.narratives) or self.ref


class OrganisationBudgetLine(Line):
    budget = models.ForeignKey(OrganisationBudget, on_delete=models.CASCADE, related_name="lines")

    class Meta:
        ordering = ["budget", "sequence"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")


class OrganisationExpenseLine(Line):
    expenditure = models.ForeignKey(
        OrganisationExpenditure, on_delete=models.CASCADE, related_name="lines"
    )

    class Meta:
        ordering = ["expenditure", "sequence"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")


class OrganisationDocument(OrganisationPart):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="iati_documents"
    )
    url = models.URLField(_("URL"), max_length=2000)
    format = models.CharField(_("format"), max_length=200, blank=True)
    title = models.JSONField(_("title"), default=list, blank=True)
    description = models.JSONField(_("description"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    # [{"code": "KE", "narratives": [...]}]
    recipient_countries = models.JSONField(_("recipient countries"), default=list, blank=True)

    class Meta(OrganisationPart.Meta):
        verbose_name = _("organisation document")
        verbose_name_plural = _("organisation documents")

    def __str__(self) -> str:
        return narrative_text(self.title) or self.url
