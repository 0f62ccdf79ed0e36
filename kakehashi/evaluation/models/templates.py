"""Evaluation templates: the criteria, the grade scale and how the overall grade is set."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import BilingualNameMixin


class GradeScale(models.TextChoices):
    ABCD = "ABCD", _("A / B / C / D")
    SABCD = "SABCD", _("S / A / B / C / D")


# Points per grade: the higher the better. "Low" means B or lower on either scale (the level
# at which the Japanese review found budgets still rising year after year).
GRADE_POINTS = {"S": 5, "A": 4, "B": 3, "C": 2, "D": 1}
LOW_GRADE_POINTS = GRADE_POINTS["B"]
HIGH_GRADE_POINTS = GRADE_POINTS["A"]


def scale_grades(scale: str) -> list[str]:
    """The grades of a scale, best first: "SABCD" -> ["S", "A", "B", "C", "D"]."""
    return list(scale)


class OverallMethod(models.TextChoices):
    EVALUATOR = "evaluator", _("set by the evaluator, with a justification")
    COMPUTED = "computed", _("computed from the criterion grades")


class OverallRule(models.TextChoices):
    WEIGHTED_MEAN = "weighted_mean", _("weighted mean of the criterion grades, rounded")
    LOWEST = "lowest", _("lowest criterion grade")


class Subject(models.TextChoices):
    CONTRIBUTION = "contribution", _("contribution to an international organisation")
    ACTIVITY = "activity", _("activity or project")


class Stage(models.TextChoices):
    ANNUAL = "annual", _("annual (年度評価)")
    EX_ANTE = "ex_ante", _("ex-ante (事前評価)")
    MID_TERM = "mid_term", _("mid-term (中間評価)")
    EX_POST = "ex_post", _("ex-post (事後評価)")


class EvaluationTemplate(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    subject = models.CharField(_("evaluates"), max_length=20, choices=Subject.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.ANNUAL)
    grade_scale = models.CharField(
        _("grade scale"), max_length=10, choices=GradeScale.choices, default=GradeScale.ABCD
    )
    overall_method = models.CharField(
        _("overall grade"),
        max_length=20,
        choices=OverallMethod.choices,
        default=OverallMethod.EVALUATOR,
    )
    overall_rule = models.CharField(
        _("rule for the computed overall grade"),
        max_length=20,
        choices=OverallRule.choices,
        default=OverallRule.WEIGHTED_MEAN,
    )
    is_shipped = models.BooleanField(
        _("shipped with Kakehashi"),
        default=False,
        help_text=_("Restored by `kakehashi evaluation templates`."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["subject", "code"]
        verbose_name = _("evaluation template")
        verbose_name_plural = _("evaluation templates")

    def __str__(self) -> str:
        return self.name

    @property
    def grades(self) -> list[str]:
        return scale_grades(self.grade_scale)

    @property
    def is_computed(self) -> bool:
        return self.overall_method == OverallMethod.COMPUTED


class Criterion(BilingualNameMixin, models.Model):
    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    category_ja = models.CharField(_("category (Japanese)"), max_length=100, blank=True)
    category_en = models.CharField(_("category (English)"), max_length=100, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    guidance_ja = models.TextField(_("guidance (Japanese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("Weight in a computed overall grade."),
    )

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="criterion_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
