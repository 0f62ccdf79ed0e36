"""Activity search: the state in the URL, full text, facets with counts, sorting, paging.

Everything runs on the portal's index tables (portal.models.search), which hold published
activities only. The full-text part is the one difference between the engines: an FTS5 MATCH
on SQLite, a tsvector @@ tsquery on PostgreSQL; the rest is the same ORM query.

URL parameters (all repeatable facets are OR within a facet, AND across facets):
    q, country (ISO alpha-2), region (world region key), sector (DAC 3-digit category),
    status (IATI ActivityStatus), programme (slug), reporting_org (id), kind (record kind),
    organisation (id: reporting or participating), year_from, year_to (calendar years the
    activity runs in), amount_min, amount_max (yen), sort, page, format.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from kakehashi.portal.models import ActivityIndex, IndexedCountry, IndexedRegion, IndexedSector
from kakehashi.portal.services import match_sets
from kakehashi.portal.services.search_text import Query, parse_query
from kakehashi.portal.services.world_regions import REGIONS
from kakehashi.registry.models import Organisation, ParticipatingOrg, Programme, RecordKind

PER_PAGE = 25
MAX_VALUES = 20  # values of one facet in a URL
FACET_LIMIT = 12  # values shown per facet before "more"
CACHE_SECONDS = 600
SORTS = {
    # Each order follows an index of ActivityIndex (forwards or backwards) exactly.
    "updated": ("-last_updated", "activity_id"),
    "start": ("start_date", "activity_id"),
    "-start": ("-start_date", "-activity_id"),
    "amount": ("amount_jpy", "-activity_id"),
    "-amount": ("-amount_jpy", "activity_id"),
    "identifier": ("iati_identifier",),
}
DEFAULT_SORT = "updated"
# Amount bands in yen for the amount facet: (key, min, max).
AMOUNT_BANDS = [
    ("0-10000000", 0, 10_000_000),
    ("10000000-100000000", 10_000_000, 100_000_000),
    ("100000000-1000000000", 100_000_000, 1_000_000_000),
    ("1000000000-10000000000", 1_000_000_000, 10_000_000_000),
    ("10000000000-", 10_000_000_000, None),
]
FACETS = ("country", "region", "sector", "status", "programme", "reporting_org", "kind")

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,30}$")


def _ints(values) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 12]


def _int(value) -> int | None:
    value = (value or "").strip().replace(",", "")
    return int(value) if value.isdigit() and len(value) < 16 else None


@dataclass
class SearchState:
    q: str = ""
    country: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    sector: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    programme: list[str] = field(default_factory=list)
    reporting_org: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    organisation: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params) -> SearchState:
        def codes(name, valid=None):
            values = []
            for value in params.getlist(name)[:MAX_VALUES]:
                value = value.strip()
                if value and _CODE.match(value) and (valid is None or value in valid):
                    values.append(value)
            return list(dict.fromkeys(values))

        sort = params.get("sort") or DEFAULT_SORT
        return cls(
            q=" ".join((params.get("q") or "").split())[:200],
            country=[c.upper() for c in codes("country") if len(c) == 2],
            region=codes("region", REGIONS),
            sector=codes("sector"),
            status=codes("status"),
            programme=codes("programme"),
            reporting_org=_ints(codes("reporting_org")),
            kind=codes("kind", RecordKind.values),
            organisation=_int(params.get("organisation")),
            year_from=_int(params.get("year_from")),
            year_to=_int(params.get("year_to")),
            amount_min=_int(params.get("amount_min")),
            amount_max=_int(params.get("amount_max")),
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )

    def params(self, **changes) -> list[tuple[str, str]]:
        """The state as URL parameters (defaults left out), with ``changes`` applied."""
        state = {**vars(self), **changes}
        pairs: list[tuple[str, str]] = [("q", state["q"])] if state["q"] else []
        for name in FACETS:
            pairs.extend((name, str(v)) for v in state[name])
        for name in ("organisation", "year_from", "year_to", "amount_min", "amount_max"):
            if state[name] is not None:
                pairs.append((name, str(state[name])))
        if state["sort"] != DEFAULT_SORT:
            pairs.append(("sort", state["sort"]))
        return pairs

    def query_string(self, **changes) -> str:
        # A search page writes ~50 of these (a link per facet value): each pair is encoded
        # once (as urlencode does it) and remembered.
        pairs = self.params(**changes)
        return "?" + "&".join(_encoded_pair(*pair) for pair in pairs) if pairs else "?"

    def toggled(self, facet: str, value) -> str:
        """URL query that adds or removes one facet value (page back to 1)."""
        values = list(getattr(self, facet))
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self.query_string(**{facet: values})

    @property
    def active(self) -> bool:
        return bool(self.params(sort=DEFAULT_SORT))

    def cache_key(self, *extra) -> str:
        raw = repr((self.params(sort=DEFAULT_SORT), extra))
        return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


@lru_cache(maxsize=4096)
def _encoded_pair(name: str, value: str) -> str:
    return urlencode([(name, value)])


def full_text(queryset: QuerySet, query: Query) -> QuerySet:
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        # A subquery rather than .extra(where=…): it stays valid when this queryset is itself
        # used as a subquery (Django renames the outer table there).
        queryset = queryset.filter(
            pk__in=RawSQL(
                "SELECT activity_id FROM portal_activityindex WHERE tsv @@ %s::tsquery",
                [query.tsquery()],
            )
        )
    else:
        queryset = queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM portal_activity_fts WHERE portal_activity_fts MATCH %s",
                [query.fts5()],
            )
        )
    for phrase in query.phrases:
        queryset = queryset.filter(text__contains=phrase)
    return queryset


def _programme_ids(slugs: list[str]) -> list[int]:
    if not slugs:
        return []
    return list(Programme.objects.public().filter(slug__in=slugs).values_list("pk", flat=True))


def filtered(state: SearchState, without: str | None = None) -> QuerySet[ActivityIndex]:
    """Index rows matching ``state``; ``without`` leaves one facet's own filter out."""
    queryset = full_text(ActivityIndex.objects.all(), parse_query(state.q))
    links = {"country": IndexedCountry, "region": IndexedRegion, "sector": IndexedSector}
    for name, model in links.items():
        values = getattr(state, name)
        if values and name != without:
            queryset = queryset.filter(
                pk__in=model.objects.filter(code__in=values).values("activity_id")
            )
    if state.status and without != "status":
        queryset = queryset.filter(status__in=state.status)
    if state.kind and without != "kind":
        queryset = queryset.filter(kind__in=state.kind)
    if state.programme and without != "programme":
        queryset = queryset.filter(programme_id__in=_programme_ids(state.programme))
    if state.reporting_org and without != "reporting_org":
        queryset = queryset.filter(reporting_org_id__in=state.reporting_org)
    if state.organisation is not None:
        queryset = queryset.filter(
            Q(reporting_org_id=state.organisation)
            | Q(
                pk__in=ParticipatingOrg.objects.filter(organisation_id=state.organisation).values(
                    "activity_id"
                )
            )
        )
    if state.year_from is not None:
        queryset = queryset.filter(
            Q(end_year__gte=state.year_from)
            | Q(end_year__isnull=True, start_year__gte=state.year_from)
        )
    if state.year_to is not None:
        queryset = queryset.filter(start_year__lte=state.year_to)
    if without != "amount":
        if state.amount_min is not None:
            queryset = queryset.filter(amount_jpy__gte=state.amount_min)
        if state.amount_max is not None:
            queryset = queryset.filter(amount_jpy__lt=state.amount_max)
    return queryset


def organisation_filter(state: SearchState) -> Organisation | None:
    """The organisation of ``?organisation=`` when it is published (else no filter)."""
    if state.organisation is None:
        return None
    organisation = Organisation.objects.public().filter(pk=state.organisation).first()
    if organisation is None:
        state.organisation = None
    return organisation


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""
    selected: bool = False
    url: str = ""
    count_text: str = ""  # the count as the page writes it (1,234)


@dataclass
class Facet:
    name: str
    values: list[FacetValue]
    more: int = 0


def facet_counts(state: SearchState, found: match_sets.Matches | None = None) -> dict:
    """{facet: [(value, count)]}, "years": (min, max), "amounts": [(band, count)], counted
    in memory over the index generation's bitsets (services.match_sets)."""
    if found is None:
        found = match_sets.matches(state)
    return match_sets.facet_counts(found, FACETS, AMOUNT_BANDS)


@dataclass
class SearchResult:
    state: SearchState
    page: object
    index_rows: dict
    found: match_sets.Matches

    @property
    def facets(self) -> dict:
        return facet_counts(self.state, self.found)


def search(state: SearchState, page_number) -> SearchResult:
    """A page of matches (rows of the index: id, amount, commitments, disbursements)."""
    found = match_sets.matches(state)
    paginator = Paginator(match_sets.OrderedRows(found, state.sort), PER_PAGE)
    page = paginator.get_page(page_number)
    index_rows = {row[0]: row for row in page.object_list}
    return SearchResult(state=state, page=page, index_rows=index_rows, found=found)


def ordered_ids(state: SearchState) -> QuerySet:
    """Every matching activity id in the state's order (for downloads)."""
    return filtered(state).order_by(*SORTS[state.sort]).values_list("pk", flat=True)


def download_links(state: SearchState) -> list[tuple[str, str]]:
    """(format, URL query) of each download of the whole result set."""
    links = []
    for fmt in ("csv", "json", "xml"):
        pairs = [*state.params(), ("format", fmt)]
        links.append((fmt, "?" + urlencode(pairs)))
    return links
