"""Admin of templates, sheets and plans, with the change history (django-auditlog)."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from kakehashi.evaluation.models import (
    Criterion,
    CriterionAssessment,
    EvaluationSheet,
    EvaluationTemplate,
    ImplementationPlan,
    IndicatorValue,
    PlanItem,
    PlanReview,
    WorkflowEvent,
)


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "name_ja", "name_en", "mandatory", "weight"]


@admin.register(EvaluationTemplate)
class EvaluationTemplateAdmin(HistoryAdmin):
    list_display = [
        "code",
        "name_ja",
        "name_en",
        "subject",
        "stage",
        "grade_scale",
        "overall_method",
        "is_shipped",
        "is_active",
    ]
    list_filter = ["subject", "stage", "grade_scale", "overall_method", "is_shipped"]
    search_fields = ["code", "name_ja", "name_en"]
    inlines = [CriterionInline]


class AssessmentInline(admin.StackedInline):
    model = CriterionAssessment
    extra = 0
    can_delete = False
    fields = [
        "criterion",
        "grade",
        "narrative_ja",
        "narrative_en",
        "improvement_ja",
        "improvement_en",
    ]
    readonly_fields = ["criterion"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


class EventInline(admin.TabularInline):
    model = WorkflowEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "user", "comment", "created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EvaluationSheet)
class EvaluationSheetAdmin(HistoryAdmin):
    list_display = [
        "__str__",
        "fiscal_year",
        "template",
        "responsible_office",
        "overall_grade",
        "status",
        "is_sample",
    ]
    list_filter = ["status", "template", "fiscal_year", "responsible_office", "is_sample"]
    search_fields = [
        "contribution__organisation__abbreviation",
        "contribution__organisation__name_ja",
        "activity__iati_identifier",
    ]
    raw_id_fields = ["contribution", "activity", "previous", "evaluator"]
    readonly_fields = ["status", "is_published", "published_at"]
    inlines = [AssessmentInline, IndicatorValueInline, EventInline]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["position", "title_ja", "title_en", "status"]


@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(HistoryAdmin):
    list_display = ["__str__", "office", "fiscal_year"]
    list_filter = ["fiscal_year", "office"]
    inlines = [PlanItemInline]


@admin.register(PlanReview)
class PlanReviewAdmin(HistoryAdmin):
    list_display = ["plan", "half", "reviewed_on"]
