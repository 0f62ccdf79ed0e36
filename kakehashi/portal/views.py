"""Public pages: each view reads its data from a service and renders a template."""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kakehashi.portal.services import (
    activity_page,
    countries,
    data_files,
    downloads,
    evaluations,
    home,
    organisation_budgets,
    organisations,
    programmes,
    queries,
    search,
    search_index,
    search_page,
)

FORMATS = ("csv", "json", "xml")
PAGE_CACHE_SECONDS = 600


def _cached_page(request, render_page):
    """The page rendered once per index generation and URL (it shows nothing else: no user,
    no form token). ``render_page(generation)`` renders it when it is not cached."""
    generation = search_index.generation()
    path = request.get_full_path().encode()
    digest = hashlib.sha1(path, usedforsecurity=False).hexdigest()
    key = f"portal:page:{generation}:{digest}"
    found = cache.get(key)
    if found is not None:
        return HttpResponse(found[0], content_type=found[1])
    response = render_page(generation)
    if response.status_code == 200 and not response.streaming:
        cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
    return response


def _evaluations(obj) -> dict:
    if not evaluations.template_available():
        return {"evaluation_sheets": []}
    return {"evaluation_sheets": evaluations.published_sheets(obj)}


def _evaluations_of_country(code: str) -> dict:
    """Published evaluations of activities in the country (when the app provides them)."""
    if not evaluations.template_available():
        return {"evaluation_sheets": []}
    return {"evaluation_sheets": evaluations.sheets_of_country(code)}


@require_safe
def home_view(request):
    return _cached_page(
        request,
        lambda generation: render(
            request, "portal/home.html", {"nav": "home", "page": home.home_page(generation)}
        ),
    )


@require_safe
def activity_list(request):
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        state = search.SearchState.from_params(request.GET)
        search.organisation_filter(state)
        meta = {"query": [list(pair) for pair in state.params()]}
        return downloads.response(fmt, search.ordered_ids(state), "kakehashi-activities", meta)

    def page(generation):
        context = {"nav": "activities", "search": search_page.search_page(request.GET)}
        return render(request, "portal/activity_list.html", context)

    return _cached_page(request, page)


@require_safe
def activity_detail(request, iati_identifier):
    fmt = request.GET.get("format")
    if fmt in ("json", "xml"):
        return activity_page.download(iati_identifier, fmt)
    detail = queries.activity_detail(iati_identifier)
    context = {
        "nav": "activities",
        "detail": detail,
        "money": activity_page.money_by_year(detail),
        **(
            _evaluations(detail.activity)
            if getattr(detail.activity, "has_published_sheets", False)
            else {"evaluation_sheets": []}
        ),
    }
    return render(request, "portal/activity_detail.html", context)


@require_safe
def organisation_list(request):
    filters = organisations.organisation_filters(request.GET)
    page, kinds = organisations.organisation_page(filters, request.GET.get("page"))
    context = {"nav": "organisations", "filters": filters, "page_obj": page, "kinds": kinds}
    return render(request, "portal/organisation_list.html", context)


@require_safe
def organisation_detail(request, pk):
    detail = organisations.organisation_detail(pk)
    context = {"nav": "organisations", "detail": detail, **_evaluations(detail.organisation)}
    context["organisation_budgets"] = organisation_budgets.organisation_budgets(
        detail.organisation, get_language()
    )
    return render(request, "portal/organisation_detail.html", context)


@require_safe
def contribution_detail(request, pk):
    detail = organisations.contribution_detail(pk)
    context = {"nav": "organisations", "detail": detail, **_evaluations(detail.contribution)}
    return render(request, "portal/contribution_detail.html", context)


@require_safe
def programme_list(request):
    context = {"nav": "programmes", "programmes": programmes.programme_list()}
    return render(request, "portal/programme_list.html", context)


@require_safe
def programme_detail(request, slug):
    context = {"nav": "programmes", "detail": programmes.programme_detail(slug)}
    return render(request, "portal/programme_detail.html", context)


@require_safe
def large_project_list(request):
    context = {"nav": "programmes", "projects": programmes.large_project_list()}
    return render(request, "portal/large_project_list.html", context)


@require_safe
def large_project_detail(request, slug):
    context = {"nav": "programmes", "detail": programmes.large_project_detail(slug)}
    return render(request, "portal/large_project_detail.html", context)


@require_safe
def agreement_list(request):
    context = {"nav": "agreements", "listing": countries.agreement_list()}
    return render(request, "portal/agreement_list.html", context)


@require_safe
def agreement_detail(request, pk):
    context = {"nav": "agreements", "detail": countries.agreement_detail(pk)}
    return render(request, "portal/agreement_detail.html", context)


@require_safe
def country_list(request):
    context = {"nav": "countries", "rows": countries.country_list()}
    return render(request, "portal/country_list.html", context)


@require_safe
def country_detail(request, code):
    detail = countries.country_detail(code)
    context = {
        "nav": "countries",
        "detail": detail,
        "sectors": activity_page.country_sectors(detail.country.code),
        "years": activity_page.country_years(detail.country.code),
        **_evaluations_of_country(detail.country.code),
    }
    return render(request, "portal/country_detail.html", context)


@require_safe
def data(request):
    return render(request, "portal/data.html", {"nav": "data", "files": data_files.catalogue()})


@require_safe
def data_file(request, name, fmt):
    response = data_files.response(name, fmt)
    if response is None:
        raise Http404("no such file")
    return response
