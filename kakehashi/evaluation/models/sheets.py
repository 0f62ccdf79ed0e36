"""Evaluation sheets (評価シート): one per evaluated contribution or activity and fiscal year."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import RegistryRecord
from kakehashi.core.models.base import bilingual
from kakehashi.core.services.japanese_calendar import FiscalYear
from kakehashi.core.services.money import Money
from kakehashi.evaluation.models.templates import Criterion, EvaluationTemplate


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    REVIEWED = "reviewed", _("reviewed")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")


class SheetQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True, status=Status.PUBLISHED)

    def with_related(self):
        return self.select_related(
            "template",
            "contribution__organisation",
            "activity__reporting_org",
            "responsible_office",
        )


class EvaluationSheet(RegistryRecord):
    template = models.ForeignKey(
        EvaluationTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="sheets",
    )
    contribution = models.ForeignKey(
        "registry.Contribution",
        verbose_name=_("contribution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_sheets",
    )
    activity = models.ForeignKey(
        "registry.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_sheets",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    budget_amount = models.DecimalField(
        _("budget amount"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Taken from the registry when the sheet is created."),
    )
    budget_currency = models.CharField(_("currency"), max_length=3, default="JPY")
    purpose_ja = models.TextField(_("purpose (Japanese)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    outcome_target_ja = models.TextField(_("outcome target (Japanese)"), blank=True)
    outcome_target_en = models.TextField(_("outcome target (English)"), blank=True)
    indicator_ja = models.TextField(_("outcome indicator (Japanese)"), blank=True)
    indicator_en = models.TextField(_("outcome indicator (English)"), blank=True)
    overall_grade = models.CharField(_("overall grade (総合評価)"), max_length=1, blank=True)
    overall_justification_ja = models.TextField(
        _("justification of the overall grade (Japanese)"), blank=True
    )
    overall_justification_en = models.TextField(
        _("justification of the overall grade (English)"), blank=True
    )
    plan_ja = models.TextField(_("Plan (Japanese)"), blank=True)
    plan_en = models.TextField(_("Plan (English)"), blank=True)
    do_ja = models.TextField(_("Do (Japanese)"), blank=True)
    do_en = models.TextField(_("Do (English)"), blank=True)
    check_ja = models.TextField(_("Check (Japanese)"), blank=True)
    check_en = models.TextField(_("Check (English)"), blank=True)
    act_ja = models.TextField(_("Act (Japanese)"), blank=True)
    act_en = models.TextField(_("Act (English)"), blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_sheets",
    )
    evaluator_name = models.CharField(_("evaluator (as printed)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    # Shown publicly only once the workflow has published it (see services.workflow).
    is_published = models.BooleanField(_("published"), default=False, editable=False)

    objects = SheetQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "template", "pk"]
        verbose_name = _("evaluation sheet")
        verbose_name_plural = _("evaluation sheets")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(contribution__isnull=False, activity__isnull=True)
                    | Q(contribution__isnull=True, activity__isnull=False)
                ),
                name="evaluation_sheet_one_subject",
            ),
            models.UniqueConstraint(
                fields=["template", "contribution"],
                condition=Q(contribution__isnull=False),
                name="evaluation_sheet_unique_contribution",
            ),
            models.UniqueConstraint(
                fields=["template", "activity", "fiscal_year"],
                condition=Q(activity__isnull=False),
                name="evaluation_sheet_unique_activity_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_title()} {FiscalYear(self.fiscal_year).label_en}"

    @property
    def subject(self):
        return self.contribution or self.activity

    @property
    def organisation(self):
        if self.contribution_id:
            return self.contribution.organisation
        return self.activity.reporting_org if self.activity_id else None

    def subject_title(self, lang: str | None = None) -> str:
        if self.contribution_id:
            contribution = self.contribution
            title = bilingual(contribution, "title", lang)
            if title:
                return title
            name = bilingual(contribution.organisation, "name", lang)
            suffix = "拠出金" if (lang or "ja")[:2] == "ja" else "contribution"
            return f"{name} {suffix}".strip()
        return self.activity.title_text(lang) or self.activity.iati_identifier

    @property
    def subject_title_ja(self) -> str:
        return self.subject_title("ja")

    @property
    def subject_title_en(self) -> str:
        return self.subject_title("en")

    def series_key(self) -> tuple:
        """What makes sheets of different years one series, compared year by year."""
        if self.contribution_id:
            contribution = self.contribution
            return (self.template_id, "c", contribution.organisation_id, contribution.kind)
        return (self.template_id, "a", self.activity_id)

    @property
    def budget(self) -> Money | None:
        if self.budget_amount is None:
            return None
        return Money(self.budget_amount, self.budget_currency)

    @property
    def fiscal_year_label_ja(self) -> str:
        return FiscalYear(self.fiscal_year).label_ja

    @property
    def fiscal_year_label_en(self) -> str:
        return FiscalYear(self.fiscal_year).label_en

    @property
    def is_editable_stage(self) -> bool:
        return self.status == Status.DRAFT


class CriterionAssessment(models.Model):
    sheet = models.ForeignKey(EvaluationSheet, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    narrative_ja = models.TextField(_("narrative (Japanese)"), blank=True)
    narrative_en = models.TextField(_("narrative (English)"), blank=True)
    improvement_ja = models.TextField(_("points to improve (Japanese)"), blank=True)
    improvement_en = models.TextField(_("points to improve (English)"), blank=True)

    class Meta:
        ordering = ["sheet", "criterion__position"]
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="assessment_one_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name_ja}: {self.grade or '—'}"


class Evidence(models.Model):
    """A link supporting a criterion: a document URL, a registry record, or both."""

    assessment = models.ForeignKey(
        CriterionAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("record id"), max_length=100, blank=True)
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title or self.url or f"{self.content_type} {self.object_id}"


class IndicatorValue(models.Model):
    sheet = models.ForeignKey(
        EvaluationSheet, on_delete=models.CASCADE, related_name="indicator_values"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    target = models.CharField(_("target"), max_length=100, blank=True)
    actual = models.CharField(_("actual"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["sheet", "fiscal_year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.target} / {self.actual}"


class WorkflowAction(models.TextChoices):
    CREATE = "create", _("created")
    COPY = "copy", _("copied from last year")
    SUBMIT = "submit", _("submitted")
    REVIEW = "review", _("reviewed")
    APPROVE = "approve", _("approved")
    PUBLISH = "publish", _("published")
    RETURN = "return", _("returned for revision")
    COMMENT = "comment", _("comment")


class WorkflowEvent(models.Model):
    """A step of the workflow with its comment: who did what, when."""

    sheet = models.ForeignKey(EvaluationSheet, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=WorkflowAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["sheet", "created", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created:%Y-%m-%d}"
