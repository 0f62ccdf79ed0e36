"""Public pages: each view reads its data from services.queries and renders a template."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from kakehashi.portal.services import queries


@require_safe
def home(request):
    return render(request, "portal/home.html", {"nav": "home", "page": queries.home_page()})


@require_safe
def activity_list(request):
    filters = queries.activity_filters(request.GET)
    page = queries.activity_page(filters, request.GET.get("page"))
    context = {"nav": "activities", "filters": filters, "page_obj": page}
    return render(request, "portal/activity_list.html", context)


@require_safe
def activity_detail(request, iati_identifier):
    context = {"nav": "activities", "detail": queries.activity_detail(iati_identifier)}
    return render(request, "portal/activity_detail.html", context)


@require_safe
def organisation_list(request):
    filters = queries.organisation_filters(request.GET)
    page, kinds = queries.organisation_page(filters, request.GET.get("page"))
    context = {"nav": "organisations", "filters": filters, "page_obj": page, "kinds": kinds}
    return render(request, "portal/organisation_list.html", context)


@require_safe
def organisation_detail(request, pk):
    context = {"nav": "organisations", "detail": queries.organisation_detail(pk)}
    return render(request, "portal/organisation_detail.html", context)


@require_safe
def contribution_detail(request, pk):
    context = {"nav": "organisations", "detail": queries.contribution_detail(pk)}
    return render(request, "portal/contribution_detail.html", context)


@require_safe
def programme_list(request):
    context = {"nav": "home", "programmes": queries.programme_list()}
    return render(request, "portal/programme_list.html", context)


@require_safe
def programme_detail(request, slug):
    context = {"nav": "home", "detail": queries.programme_detail(slug)}
    return render(request, "portal/programme_detail.html", context)


@require_safe
def large_project_list(request):
    context = {"nav": "home", "projects": queries.large_project_list()}
    return render(request, "portal/large_project_list.html", context)


@require_safe
def large_project_detail(request, slug):
    context = {"nav": "home", "detail": queries.large_project_detail(slug)}
    return render(request, "portal/large_project_detail.html", context)


@require_safe
def agreement_list(request):
    context = {"nav": "agreements", "listing": queries.agreement_list()}
    return render(request, "portal/agreement_list.html", context)


@require_safe
def agreement_detail(request, pk):
    context = {"nav": "agreements", "detail": queries.agreement_detail(pk)}
    return render(request, "portal/agreement_detail.html", context)


@require_safe
def country_list(request):
    context = {"nav": "countries", "rows": queries.country_list()}
    return render(request, "portal/country_list.html", context)


@require_safe
def country_detail(request, code):
    context = {"nav": "countries", "detail": queries.country_detail(code)}
    return render(request, "portal/country_detail.html", context)
