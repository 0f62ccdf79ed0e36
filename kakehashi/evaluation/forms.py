"""Forms of the staff pages: the sheet with its criteria as a formset, workflow, plans."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import Office
from kakehashi.evaluation.models import (
    CriterionAssessment,
    EvaluationSheet,
    EvaluationTemplate,
    ImplementationPlan,
    IndicatorValue,
    ItemStatus,
    PlanItem,
)
from kakehashi.evaluation.services import evidence as evidence_service
from kakehashi.registry.models import Activity, Contribution

TEXTAREA = {"rows": 3}


def _grade_choices(template: EvaluationTemplate) -> list[tuple[str, str]]:
    return [("", "—"), *[(g, g) for g in template.grades]]


class SheetForm(forms.ModelForm):
    class Meta:
        model = EvaluationSheet
        fields = [
            "purpose_ja",
            "purpose_en",
            "outcome_target_ja",
            "outcome_target_en",
            "indicator_ja",
            "indicator_en",
            "overall_grade",
            "overall_justification_ja",
            "overall_justification_en",
            "plan_ja",
            "plan_en",
            "do_ja",
            "do_en",
            "check_ja",
            "check_en",
            "act_ja",
            "act_en",
            "evaluator_name",
        ]
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in fields
            if name not in ("overall_grade", "evaluator_name")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        template = self.instance.template
        self.fields["overall_grade"] = forms.ChoiceField(
            label=_("overall grade (総合評価)"), choices=_grade_choices(template), required=False
        )
        if template.is_computed:
            self.fields["overall_grade"].disabled = True
            self.fields["overall_grade"].help_text = _(
                "Computed from the criterion grades when the sheet is saved."
            )


class AssessmentForm(forms.ModelForm):
    evidence_text = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One per line: a URL and a title, or contribution:ID, activity:IATI-ID, "
            "organisation:ID."
        ),
    )

    class Meta:
        model = CriterionAssessment
        fields = ["grade", "narrative_ja", "narrative_en", "improvement_ja", "improvement_en"]
        widgets = {
            "narrative_ja": forms.Textarea(attrs={"rows": 5}),
            "narrative_en": forms.Textarea(attrs={"rows": 5}),
            "improvement_ja": forms.Textarea(attrs={"rows": 2}),
            "improvement_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assessment = self.instance
        self.fields["grade"] = forms.ChoiceField(
            label=_("grade"), choices=_grade_choices(assessment.sheet.template), required=False
        )
        if assessment.pk and not self.is_bound:
            self.fields["evidence_text"].initial = evidence_service.as_text(assessment)

    def clean_evidence_text(self):
        return evidence_service.parse(self.cleaned_data["evidence_text"])


AssessmentFormSet = modelformset_factory(
    CriterionAssessment, form=AssessmentForm, extra=0, can_delete=False
)
IndicatorValueFormSet = inlineformset_factory(
    EvaluationSheet,
    IndicatorValue,
    fields=["fiscal_year", "target", "actual", "note"],
    extra=1,
    can_delete=True,
)


class CreateSheetForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("template"), queryset=EvaluationTemplate.objects.filter(is_active=True)
    )
    contribution = forms.ModelChoiceField(
        label=_("contribution"), queryset=Contribution.objects.none(), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("activity"), queryset=Activity.objects.none(), required=False
    )
    fiscal_year = forms.IntegerField(
        label=_("fiscal year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_("For an activity; a contribution has its own fiscal year."),
    )

    def __init__(self, *args, contributions=None, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contributions is not None:
            self.fields["contribution"].queryset = contributions
        if activities is not None:
            self.fields["activity"].queryset = activities

    def clean(self):
        data = super().clean()
        subjects = [data.get("contribution"), data.get("activity")]
        if sum(s is not None for s in subjects) != 1:
            raise forms.ValidationError(_("Choose either a contribution or an activity."))
        if data.get("activity") and not data.get("fiscal_year"):
            raise forms.ValidationError(_("An activity sheet needs a fiscal year."))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanForm(forms.ModelForm):
    office = forms.ModelChoiceField(label=_("office"), queryset=Office.objects.none())

    class Meta:
        model = ImplementationPlan
        fields = ["office", "fiscal_year", "title_ja", "title_en", "strategy_ja", "strategy_en"]
        widgets = {
            "strategy_ja": forms.Textarea(attrs=TEXTAREA),
            "strategy_en": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is not None:
            self.fields["office"].queryset = offices


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["title_ja", "title_en", "target_ja", "target_en", "status"]
        widgets = {
            "target_ja": forms.Textarea(attrs=TEXTAREA),
            "target_en": forms.Textarea(attrs=TEXTAREA),
        }


class PlanReviewForm(forms.Form):
    """The half-yearly review: notes, and per item a status and a note."""

    reviewed_on = forms.DateField(label=_("reviewed on"))
    notes_ja = forms.CharField(
        label=_("review notes (Japanese)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    notes_en = forms.CharField(
        label=_("review notes (English)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"status_{item.pk}"] = forms.ChoiceField(
                label=str(item), choices=ItemStatus.choices, initial=item.status
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def item_rows(self):
        return [(item, self[f"status_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]
