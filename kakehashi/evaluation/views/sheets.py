"""Staff pages of evaluation sheets: list, create, detail, edit, workflow, copy, compare,
history and export. Logic lives in kakehashi.evaluation.services."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.models import Office
from kakehashi.core.services.permissions import can_create, editable, visible
from kakehashi.evaluation.api.views import SheetFilterSet
from kakehashi.evaluation.forms import (
    AssessmentFormSet,
    CommentForm,
    CreateSheetForm,
    IndicatorValueFormSet,
    SheetForm,
)
from kakehashi.evaluation.models import (
    CriterionAssessment,
    EvaluationSheet,
    EvaluationTemplate,
    Evidence,
    IndicatorValue,
    Status,
)
from kakehashi.evaluation.services import (
    calibration,
    comparison,
    editing,
    exports,
    grading,
    workflow,
)
from kakehashi.evaluation.services.sheets import SheetError, copy_to_next_year, create_sheet
from kakehashi.evaluation.views.common import sheet_or_404
from kakehashi.registry.models import Activity, Contribution


def _filtered(request):
    queryset = visible(EvaluationSheet.objects.with_related(), request.user)
    filterset = SheetFilterSet(request.GET, queryset=queryset)
    return filterset, filterset.qs.order_by("-fiscal_year", "template__code", "pk")


@login_required
def sheet_list(request):
    filterset, sheets = _filtered(request)
    page = Paginator(sheets, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/sheet_list.html",
        {
            "page": page,
            "filters": request.GET,
            "statuses": Status.choices,
            "templates": EvaluationTemplate.objects.all(),
            "offices": Office.objects.all(),
            "can_create": can_create(request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def sheet_create(request):
    if not can_create(request.user):
        raise PermissionDenied
    contributions = editable(Contribution.objects.select_related("organisation"), request.user)
    activities = editable(Activity.objects.all(), request.user)
    form = CreateSheetForm(request.POST or None, contributions=contributions, activities=activities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject = data["contribution"] or data["activity"]
        try:
            sheet = create_sheet(
                data["template"], subject, data.get("fiscal_year"), user=request.user
            )
        except SheetError as error:
            form.add_error(None, str(error))
        else:
            return redirect("evaluation:edit", sheet.pk)
    return render(request, "evaluation/sheet_create.html", {"form": form})


@login_required
def sheet_detail(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    flags = [
        f for f in calibration.flag_out_of_line([sheet]) + calibration.flag_empty_criteria([sheet])
    ]
    return render(
        request,
        "evaluation/sheet_detail.html",
        {
            "sheet": sheet,
            "assessments": sheet.assessments.all(),
            "events": sheet.events.select_related("user"),
            "transitions": workflow.allowed_transitions(request.user, sheet),
            "can_edit": workflow.can_edit(request.user, sheet),
            "can_comment": workflow.can_comment(request.user, sheet),
            "can_copy": can_create(request.user, sheet.responsible_office_id),
            "problems": workflow.readiness_problems(sheet) if sheet.status == Status.DRAFT else [],
            "flags": flags,
            "mean": grading.weighted_mean(sheet),
            "comment_form": CommentForm(),
        },
    )


@login_required
def sheet_edit(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    if not workflow.can_edit(request.user, sheet):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = SheetForm(data, instance=sheet)
    assessments = AssessmentFormSet(
        data,
        queryset=sheet.assessments.select_related("criterion", "sheet__template"),
        prefix="criteria",
    )
    values = IndicatorValueFormSet(data, instance=sheet, prefix="values")
    if data is not None and form.is_valid() and assessments.is_valid() and values.is_valid():
        editing.save_sheet(form, assessments, values)
        messages.success(request, _("The sheet was saved."))
        return redirect("evaluation:sheet", sheet.pk)
    return render(
        request,
        "evaluation/sheet_edit.html",
        {
            "sheet": sheet,
            "form": form,
            "assessments": assessments,
            "values": values,
        },
    )


@login_required
@require_POST
def sheet_transition(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    try:
        event = workflow.perform(
            sheet, request.POST.get("action", ""), request.user, request.POST.get("comment", "")
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": event.get_action_display()})
    return redirect("evaluation:sheet", sheet.pk)


@login_required
@require_POST
def sheet_comment(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    try:
        workflow.add_comment(sheet, request.user, request.POST.get("comment", ""))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("evaluation:sheet", sheet.pk)


@login_required
@require_POST
def sheet_copy(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    if not can_create(request.user, sheet.responsible_office_id):
        raise PermissionDenied
    try:
        new = copy_to_next_year(sheet, user=request.user)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("evaluation:sheet", sheet.pk)
    messages.success(request, _("Next year's sheet was started from this one."))
    return redirect("evaluation:edit", new.pk)


@login_required
def sheet_compare(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    shown = visible(EvaluationSheet.objects.all(), request.user).values_list("pk", flat=True)
    allowed = set(shown)
    sheets = [s for s in comparison.series(sheet) if s.pk in allowed]
    return render(
        request,
        "evaluation/sheet_compare.html",
        {
            "sheet": sheet,
            **comparison.compare(sheet, sheets),
        },
    )


@login_required
def sheet_history(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    parts = [
        (CriterionAssessment, list(sheet.assessments.values_list("pk", flat=True))),
        (IndicatorValue, list(sheet.indicator_values.values_list("pk", flat=True))),
        (
            Evidence,
            list(Evidence.objects.filter(assessment__sheet=sheet).values_list("pk", flat=True)),
        ),
    ]
    condition = Q(
        content_type=ContentType.objects.get_for_model(EvaluationSheet), object_pk=str(sheet.pk)
    )
    for model, ids in parts:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(i) for i in ids],
        )
    entries = LogEntry.objects.filter(condition).select_related("actor", "content_type")
    return render(
        request,
        "evaluation/sheet_history.html",
        {
            "sheet": sheet,
            "entries": entries.order_by("-timestamp")[:300],
        },
    )


@login_required
def sheet_export(request, fmt: str):
    _filterset, sheets = _filtered(request)
    sheets = sheets.prefetch_related("assessments__criterion")
    if fmt == "xlsx":
        response = HttpResponse(
            exports.sheets_workbook(sheets),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(exports.sheets_csv(sheets), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="evaluation-sheets.{fmt}"'
    return response
