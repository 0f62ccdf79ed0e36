"""What the activity search page shows: result rows, labelled facets, active filters."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from kakehashi.portal.services import search_index
from kakehashi.portal.services.codes import CodeNames, country_names
from kakehashi.portal.services.formatting import (
    format_money,
    format_money_about,
    format_number,
    reader_language,
)
from kakehashi.portal.services.queries import listed_activities
from kakehashi.portal.services.search import (
    AMOUNT_BANDS,
    CACHE_SECONDS,
    FACET_LIMIT,
    SORTS,
    Facet,
    FacetValue,
    SearchState,
    download_links,
    facet_counts,
    organisation_filter,
    search,
)
from kakehashi.portal.services.world_regions import REGIONS
from kakehashi.registry.models import Organisation, Programme, RecordKind

FACET_TITLES = {
    "country": _("Country"),
    "region": _("Region"),
    "sector": _("Sector"),
    "status": _("Status"),
    "programme": _("Programme"),
    "reporting_org": _("Reporting organisation"),
    "kind": _("Kind of record"),
    "amount": _("Amount"),
}
SORT_LABELS = {
    "updated": _("Last updated"),
    "start": _("Start date, oldest first"),
    "-start": _("Start date, newest first"),
    "-amount": _("Amount, largest first"),
    "amount": _("Amount, smallest first"),
    "identifier": _("IATI identifier"),
}


def amount_band_label(low: int, high: int | None, lang: str | None = None) -> str:
    low_text = format_money(low, "JPY", lang)
    if high is None:
        return str(_("%(amount)s or more")) % {"amount": low_text}
    return f"{low_text} – {format_money(high, 'JPY', lang)}"


LABELLED = ("country", "sector", "status", "programme", "reporting_org")


def _lookup_labels(wanted: dict[str, set[str]], lang: str) -> dict[str, dict]:
    """Names of the wanted facet values, in five queries (None: not published, not known)."""
    codes = CodeNames()
    codes.want("ActivityStatus", wanted["status"])
    codes.want("SectorCategory", wanted["sector"])
    countries = country_names(wanted["country"])
    programme_ids = [int(v) for v in wanted["programme"]]
    org_ids = [int(v) for v in wanted["reporting_org"]]
    programmes = {
        str(p.pk): (p.name or p.abbreviation, p.slug)
        for p in Programme.objects.public().filter(pk__in=programme_ids)
    }
    organisations = {
        str(o.pk): str(o) for o in Organisation.objects.public().filter(pk__in=org_ids)
    }
    return {
        "country": {v: c.name if (c := countries.get(v)) else None for v in wanted["country"]},
        "sector": {v: codes.name("SectorCategory", v, lang) for v in wanted["sector"]},
        "status": {v: codes.name("ActivityStatus", v, lang) for v in wanted["status"]},
        "programme": {v: programmes.get(v) for v in wanted["programme"]},
        "reporting_org": {v: organisations.get(v) for v in wanted["reporting_org"]},
    }


def _labels(counts: dict, lang: str, generation: int, universe=None) -> dict[str, dict[str, str]]:
    """Names of every facet value. Those of every indexed value (``universe``: facet ->
    values) are looked up once per index generation and language."""
    wanted = {facet: {v for v, _n in counts[facet]} for facet in LABELLED}
    # Only the largest reporting organisations are named (and so offered).
    top_orgs = {v for v, _n in counts["reporting_org"][: FACET_LIMIT * 3]}
    wanted["reporting_org"] = top_orgs
    key = f"portal:facet-labels:{generation}:{lang}"
    known = cache.get(key)
    if known is None or any(not wanted[f] <= known[f].keys() for f in LABELLED):
        everything = {f: set(wanted[f]) | set(known[f] if known else ()) for f in LABELLED}
        for facet in LABELLED:
            everything[facet] |= set((universe or {}).get(facet, ()))
        known = _lookup_labels(everything, lang)
        cache.set(key, known, CACHE_SECONDS)
    found = {
        facet: {v: known[facet][v] for v in wanted[facet] if known[facet][v] is not None}
        for facet in LABELLED
    }
    programmes = found.pop("programme")
    return {
        **found,
        "region": {k: str(v) for k, v in REGIONS.items()},
        "programme": {v: name for v, (name, _slug) in programmes.items()},
        "programme_slug": {v: slug for v, (_name, slug) in programmes.items()},
        "kind": {k: str(v) for k, v in RecordKind.choices},
    }


def build_facets(state: SearchState, matches=None, generation=None) -> tuple[list[Facet], tuple]:
    """Labelled facets and the year range, cached per search state and index generation."""
    lang = reader_language()
    if generation is None:
        generation = search_index.generation()
    key = f"portal:facet-view:{generation}:{lang}:{state.cache_key(state.sort)}"
    found = cache.get(key)
    if found is not None:
        return found
    counts = dict(facet_counts(state, matches))
    for name in ("country", "region", "sector", "status", "reporting_org", "kind"):
        present = {value for value, _n in counts[name]}
        missing = [(str(v), 0) for v in getattr(state, name) if str(v) not in present]
        counts[name] = counts[name] + missing  # a chosen value with no match still shows
    universe = matches.snapshot.values if matches is not None else None
    labels = _labels(counts, lang, generation, universe)
    facets = []
    for name in ("country", "region", "sector", "status", "programme", "reporting_org", "kind"):
        selected = [str(v) for v in getattr(state, name)]
        values = []
        for value, count in counts[name]:
            url_value = value
            if name == "programme":
                url_value = labels["programme_slug"].get(value)
                if url_value is None:
                    continue  # an unpublished programme
            label = labels[name].get(value)
            if label is None and name in ("reporting_org",):
                continue  # an unpublished organisation: not named, not offered
            is_selected = url_value in selected
            toggle_value = int(url_value) if name == "reporting_org" else url_value
            values.append(
                FacetValue(
                    value=url_value,
                    count=count,
                    label=label or value,
                    selected=is_selected,
                    url=state.toggled(name, toggle_value),
                    count_text=format_number(count),
                )
            )
        values.sort(key=lambda v: not v.selected)  # selected first, then by count
        shown = [v for v in values[:FACET_LIMIT]] + [v for v in values[FACET_LIMIT:] if v.selected]
        facets.append(
            Facet(name=str(FACET_TITLES[name]), values=shown, more=len(values) - len(shown))
        )
    bands = []
    for (band, count), (_key, low, high) in zip(counts["amounts"], AMOUNT_BANDS, strict=True):
        selected = state.amount_min == low and state.amount_max == high
        url = (
            state.query_string(amount_min=None, amount_max=None)
            if selected
            else state.query_string(amount_min=low, amount_max=high)
        )
        label = amount_band_label(low, high, lang)
        bands.append(FacetValue(band, count, label, selected, url, format_number(count)))
    facets.append(Facet(name=str(FACET_TITLES["amount"]), values=bands))
    result = (facets, counts["years"])
    cache.set(key, result, CACHE_SECONDS)
    return result


@dataclass
class SearchPage:
    state: SearchState
    page: object
    facets: list[Facet]
    years: tuple
    organisation: Organisation | None
    sorts: list[tuple[str, str]]
    selected: list[tuple[str, str, str]]  # (facet title, value label, url removing it)
    downloads: list[tuple[str, str]]


def search_page(params) -> SearchPage:
    state = SearchState.from_params(params)
    organisation = organisation_filter(state)
    result = search(state, params.get("page"))
    listed = listed_activities(list(result.index_rows))
    for activity in listed:
        _pk, amount, commitment, disbursement = result.index_rows[activity.pk]
        activity.amount_jpy = amount
        activity.amount_text = format_money_about(Decimal(amount or 0), "JPY") if amount else "—"
    result.page.object_list = listed
    facets, years = build_facets(state, result.found, result.found.snapshot.generation)
    selected = []
    for facet in facets:
        for value in facet.values:
            if value.selected:
                selected.append((facet.name, value.label, value.url))
    return SearchPage(
        state=state,
        page=result.page,
        facets=facets,
        years=years,
        organisation=organisation,
        sorts=[(key, str(SORT_LABELS[key])) for key in SORTS],
        selected=selected,
        downloads=download_links(state),
    )
