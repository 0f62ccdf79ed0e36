"""API shape of evaluation sheets: /api/v1/evaluations/.

Each sheet carries its `overall_grade` and `criteria`, each with its `grade`. Writes change
drafts only; workflow steps go through the `transition` action.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from kakehashi.core.services import permissions
from kakehashi.evaluation.models import (
    CriterionAssessment,
    EvaluationSheet,
    EvaluationTemplate,
    IndicatorValue,
    WorkflowEvent,
)
from kakehashi.evaluation.services import evidence as evidence_service
from kakehashi.evaluation.services import grading
from kakehashi.evaluation.services.sheets import SheetError, create_sheet
from kakehashi.evaluation.services.workflow import TRANSITIONS
from kakehashi.registry.models import Activity, Contribution

TEXT_FIELDS = [
    f"{name}_{lang}"
    for name in (
        "purpose",
        "outcome_target",
        "indicator",
        "overall_justification",
        "plan",
        "do",
        "check",
        "act",
    )
    for lang in ("ja", "en")
]


class EvidenceSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    record_type = serializers.SerializerMethodField()
    record_id = serializers.CharField(source="object_id", read_only=True)

    def get_url(self, evidence) -> str:
        return evidence_service.link(evidence)

    def get_record_type(self, evidence) -> str:
        return evidence.content_type.model if evidence.content_type_id else ""


class CriterionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code")
    name_ja = serializers.CharField(source="criterion.name_ja", read_only=True)
    name_en = serializers.CharField(source="criterion.name_en", read_only=True)
    mandatory = serializers.BooleanField(source="criterion.mandatory", read_only=True)
    weight = serializers.DecimalField(
        source="criterion.weight", max_digits=5, decimal_places=2, read_only=True
    )
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = CriterionAssessment
        fields = [
            "code",
            "name_ja",
            "name_en",
            "mandatory",
            "weight",
            "grade",
            "narrative_ja",
            "narrative_en",
            "improvement_ja",
            "improvement_en",
            "evidence",
        ]
        extra_kwargs = {"grade": {"allow_blank": True, "required": False}}


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["fiscal_year", "target", "actual", "note"]


class EventSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = WorkflowEvent
        fields = ["action", "from_status", "to_status", "user", "comment", "created"]

    def get_user(self, event) -> str:
        return event.user.get_username() if event.user_id else ""


class EvaluationSheetSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(
        slug_field="code", queryset=EvaluationTemplate.objects.filter(is_active=True)
    )
    template_name_ja = serializers.CharField(source="template.name_ja", read_only=True)
    template_name_en = serializers.CharField(source="template.name_en", read_only=True)
    grade_scale = serializers.CharField(source="template.grade_scale", read_only=True)
    overall_method = serializers.CharField(source="template.overall_method", read_only=True)
    contribution = serializers.PrimaryKeyRelatedField(
        queryset=Contribution.objects.all(), required=False, allow_null=True
    )
    activity = serializers.SlugRelatedField(
        slug_field="iati_identifier",
        queryset=Activity.objects.all(),
        required=False,
        allow_null=True,
    )
    subject_title_ja = serializers.SerializerMethodField()
    subject_title_en = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    fiscal_year = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    budget = serializers.SerializerMethodField()
    responsible_office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    criteria = CriterionSerializer(source="assessments", many=True, required=False)
    indicator_values = IndicatorValueSerializer(many=True, required=False)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationSheet
        fields = [
            "id",
            "template",
            "template_name_ja",
            "template_name_en",
            "grade_scale",
            "overall_method",
            "contribution",
            "activity",
            "subject_title_ja",
            "subject_title_en",
            "organisation",
            "fiscal_year",
            "budget",
            *TEXT_FIELDS[:6],
            "indicator_values",
            "overall_grade",
            *TEXT_FIELDS[6:8],
            "criteria",
            *TEXT_FIELDS[8:],
            "responsible_office",
            "evaluator_name",
            "status",
            "published_at",
            "is_sample",
            "previous",
            "events",
            "created",
            "updated",
        ]
        read_only_fields = ["status", "published_at", "is_sample", "previous", "created", "updated"]
        extra_kwargs = {"overall_grade": {"required": False, "allow_blank": True}}
        validators = []  # uniqueness per record and year is checked by create_sheet

    def get_subject_title_ja(self, sheet) -> str:
        return sheet.subject_title("ja")

    def get_subject_title_en(self, sheet) -> str:
        return sheet.subject_title("en")

    def get_organisation(self, sheet) -> dict | None:
        organisation = sheet.organisation
        if organisation is None:
            return None
        return {
            "id": organisation.pk,
            "abbreviation": organisation.abbreviation,
            "name_ja": organisation.name_ja,
            "name_en": organisation.name_en,
        }

    def get_budget(self, sheet) -> dict | None:
        if sheet.budget_amount is None:
            return None
        return {"amount": str(sheet.budget_amount), "currency": sheet.budget_currency}

    # --- validation and writes ---------------------------------------------------------

    def validate(self, attrs):
        template = attrs.get("template") or getattr(self.instance, "template", None)
        if self.instance is not None:
            for locked in ("template", "contribution", "activity", "fiscal_year"):
                if locked in attrs and attrs[locked] != getattr(self.instance, locked):
                    raise serializers.ValidationError(
                        {locked: _("This cannot change once the sheet exists.")}
                    )
        grades = template.grades if template else []
        overall = attrs.get("overall_grade")
        if overall:
            if overall not in grades:
                raise serializers.ValidationError({"overall_grade": _("Not on the grade scale.")})
            if template.is_computed:
                raise serializers.ValidationError(
                    {"overall_grade": _("This template computes the overall grade.")}
                )
        codes = {c.code for c in template.criteria.all()} if template else set()
        for item in attrs.get("assessments", []):
            code = item.get("criterion", {}).get("code")
            if code not in codes:
                raise serializers.ValidationError(
                    {"criteria": _("Unknown criterion %(code)s.") % {"code": code}}
                )
            if item.get("grade") and item["grade"] not in grades:
                raise serializers.ValidationError({"criteria": _("Not on the grade scale.")})
        if self.instance is None:
            subjects = [attrs.get("contribution"), attrs.get("activity")]
            if sum(s is not None for s in subjects) != 1:
                raise serializers.ValidationError(_("Give either a contribution or an activity."))
            subject = attrs.get("contribution") or attrs.get("activity")
            user = self.context["request"].user
            if not permissions.can_create(user, subject.responsible_office_id):
                raise PermissionDenied(_("Only editors of the record's office may evaluate it."))
        return attrs

    def _write_parts(self, sheet, assessments, values) -> None:
        if assessments is not None:
            by_code = {a.criterion.code: a for a in sheet.assessments.select_related("criterion")}
            for item in assessments:
                assessment = by_code[item["criterion"]["code"]]
                for field in (
                    "grade",
                    "narrative_ja",
                    "narrative_en",
                    "improvement_ja",
                    "improvement_en",
                ):
                    if field in item:
                        setattr(assessment, field, item[field])
                assessment.save()
        if values is not None:
            sheet.indicator_values.all().delete()
            IndicatorValue.objects.bulk_create(IndicatorValue(sheet=sheet, **v) for v in values)
        grading.refresh_overall(sheet)

    @transaction.atomic
    def create(self, validated_data):
        assessments = validated_data.pop("assessments", None)
        values = validated_data.pop("indicator_values", None)
        template = validated_data.pop("template")
        subject = validated_data.pop("contribution", None) or validated_data.pop("activity")
        validated_data.pop("activity", None)
        fiscal_year = validated_data.pop("fiscal_year", None)
        try:
            sheet = create_sheet(
                template, subject, fiscal_year, user=self.context["request"].user, **validated_data
            )
        except SheetError as error:
            raise serializers.ValidationError(str(error)) from None
        self._write_parts(sheet, assessments, values)
        return sheet

    @transaction.atomic
    def update(self, instance, validated_data):
        assessments = validated_data.pop("assessments", None)
        values = validated_data.pop("indicator_values", None)
        for field, value in validated_data.items():
            setattr(instance, field, value)
        instance.save()
        self._write_parts(instance, assessments, values)
        return instance


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
