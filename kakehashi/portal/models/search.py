"""The portal's search index: one row per published activity plus small link tables.

Denormalised from the registry by ``services.search_index`` (never edited by hand) so that
full-text search, facet counts and year/amount ranges over 100,000 activities are a few
indexed GROUP BY queries. Full text lives beside it: an FTS5 table on SQLite, a generated
``tsvector`` column with a GIN index on PostgreSQL (migration 0002).

Amounts are whole yen: commitments and disbursements converted at the annual rate of the
transaction's year (``services.rates``), so activities in different currencies compare.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityIndex(models.Model):
    activity = models.OneToOneField(
        "registry.Activity",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="portal_index",
        verbose_name=_("activity"),
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=255, db_index=True)
    status = models.CharField(_("activity status"), max_length=5, blank=True, db_index=True)
    kind = models.CharField(_("kind of record"), max_length=30, db_index=True)
    programme_id = models.BigIntegerField(_("programme"), null=True, db_index=True)
    reporting_org_id = models.BigIntegerField(_("reporting organisation"), db_index=True)
    start_year = models.SmallIntegerField(_("first year"), null=True, db_index=True)
    end_year = models.SmallIntegerField(_("last year"), null=True, db_index=True)
    start_date = models.DateField(_("start"), null=True)
    last_updated = models.DateTimeField(_("last updated"), null=True, db_index=True)
    # Commitments, else the budgets, in yen: what the amount facet and sorting use.
    amount_jpy = models.BigIntegerField(_("amount (yen)"), default=0, db_index=True)
    commitment_jpy = models.BigIntegerField(_("commitments (yen)"), default=0)
    disbursement_jpy = models.BigIntegerField(_("disbursements (yen)"), default=0)
    # search_key() of identifier, titles and descriptions: confirms phrase matches.
    text = models.TextField(_("normalised text"), blank=True)
    # Space-separated index terms (CJK bigrams, Sudachi words, latin words).
    tokens = models.TextField(_("index terms"), blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            models.Index(fields=["-last_updated", "activity"], name="portal_idx_updated"),
            models.Index(fields=["-amount_jpy", "activity"], name="portal_idx_amount"),
            models.Index(fields=["start_date", "activity"], name="portal_idx_start"),
        ]

    def __str__(self) -> str:
        return self.iati_identifier


class IndexedLink(models.Model):
    activity = models.ForeignKey(ActivityIndex, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.code


class IndexedCountry(IndexedLink):
    # Share of the activity (recipient-country percentage / 100), for attributing amounts.
    share = models.FloatField(_("share"), default=1.0)

    class Meta:
        verbose_name = _("indexed recipient country")
        indexes = [models.Index(fields=["code", "activity"], name="portal_country_code")]


class IndexedRegion(IndexedLink):
    """World region key (services.world_regions.REGIONS) of a country or IATI region."""

    class Meta:
        verbose_name = _("indexed region")
        indexes = [models.Index(fields=["code", "activity"], name="portal_region_code")]


class IndexedSector(IndexedLink):
    """DAC 3-digit sector category."""

    class Meta:
        verbose_name = _("indexed sector category")
        indexes = [models.Index(fields=["code", "activity"], name="portal_sector_code")]


class IndexedYear(models.Model):
    """Commitments and disbursements of an activity in one calendar year, in yen."""

    activity = models.ForeignKey(ActivityIndex, on_delete=models.CASCADE, related_name="+")
    year = models.SmallIntegerField(_("year"))
    commitment_jpy = models.BigIntegerField(_("commitments (yen)"), default=0)
    disbursement_jpy = models.BigIntegerField(_("disbursements (yen)"), default=0)

    class Meta:
        verbose_name = _("indexed year")
        indexes = [models.Index(fields=["year", "activity"], name="portal_year")]

    def __str__(self) -> str:
        return str(self.year)


class IndexState(models.Model):
    """A counter bumped on every reindex: cached aggregates are keyed by it."""

    key = models.CharField(max_length=30, primary_key=True)
    generation = models.BigIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index state")

    def __str__(self) -> str:
        return f"{self.key} {self.generation}"


class IndexSummary(models.Model):
    """Aggregates over every indexed activity that the home page shows (totals per currency,
    per year, per country, sector, reporting organisation and programme), computed once per
    data generation (services.summary) instead of on a page request."""

    key = models.CharField(max_length=30, primary_key=True)
    generation = models.BigIntegerField(default=0)
    data = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index summary")

    def __str__(self) -> str:
        return f"{self.key} {self.generation}"
