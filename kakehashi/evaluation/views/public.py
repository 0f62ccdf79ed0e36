"""Public pages: the improvement list; a published sheet as a printable page and a PDF
(unpublished sheets only for the members of the owning office)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from kakehashi.evaluation.services import grading, pdf
from kakehashi.evaluation.services.improvements import improvement_list
from kakehashi.evaluation.views.common import sheet_or_404


def improvements(request):
    return render(request, "evaluation/improvements.html", improvement_list())


def sheet_print(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    return render(
        request,
        "evaluation/sheet_print.html",
        {
            "sheet": sheet,
            "assessments": sheet.assessments.all(),
            "mean": grading.weighted_mean(sheet),
        },
    )


def sheet_pdf(request, pk: int):
    sheet = sheet_or_404(request.user, pk)
    response = HttpResponse(pdf.sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="evaluation-{sheet.fiscal_year}-{sheet.pk}.pdf"'
    )
    return response
