"""The calibration dashboard and its CSV/Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from kakehashi.core.models import Office
from kakehashi.evaluation.models import EvaluationTemplate
from kakehashi.evaluation.services import calibration, exports
from kakehashi.evaluation.views.common import int_param, year_param


def _data(request) -> dict:
    return calibration.dashboard(
        request.user,
        fiscal_year=year_param(request),
        office=int_param(request, "office"),
        template=int_param(request, "template"),
    )


@login_required
def dashboard(request):
    return render(
        request,
        "evaluation/dashboard.html",
        {
            **_data(request),
            "offices": Office.objects.all(),
            "templates": EvaluationTemplate.objects.all(),
            "filters": request.GET,
            "query": request.GET.urlencode(),
            "flag_labels": calibration.FLAG_LABELS,
        },
    )


@login_required
def dashboard_export(request, fmt: str):
    tables = exports.dashboard_tables(_data(request))
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(tables), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="evaluation-calibration.{fmt}"'
    return response
