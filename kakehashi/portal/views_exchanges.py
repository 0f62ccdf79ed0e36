"""Public pages of researcher exchanges and the researchers in them (published records only)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from kakehashi.portal.services import exchanges


@require_safe
def exchange_list(request):
    if request.GET.get("format") == "csv":
        return exchanges.csv_response(request.GET)
    context = {"nav": "exchanges", "listing": exchanges.exchange_list(request.GET)}
    return render(request, "portal/exchange_list.html", context)


@require_safe
def exchange_detail(request, pk):
    context = {"nav": "exchanges", "exchange": exchanges.exchange_detail(pk)}
    return render(request, "portal/exchange_detail.html", context)


@require_safe
def person_detail(request, pk):
    context = {"nav": "exchanges", "detail": exchanges.person_detail(pk)}
    return render(request, "portal/person.html", context)
