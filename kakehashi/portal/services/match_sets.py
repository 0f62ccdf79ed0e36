"""Facet counts, totals, sorting and paging of activity searches, in process memory.

The search index (portal.models.search) is read once per index generation into compact
columns: every facet value becomes a bitset (a Python int, one bit per indexed activity, by
position), each sort order an array of positions in the database's own order. A search then
costs one full-text query (its match set is cached per generation, so a common word is read
once per process) and set intersections: counting a facet value is ``(a & b).bit_count()``,
however many activities match. 100,000 activities take a few MB per process and load in
about a second; every process checks the generation (one indexed query) per request.

The same answers as the SQL of ``services.search.filtered`` (kept for downloads): facets are
OR within a facet and AND across facets; a facet's own counts leave its own filter out.
"""

from __future__ import annotations

import bisect
import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from kakehashi.portal.models import (
    ActivityIndex,
    IndexedCountry,
    IndexedRegion,
    IndexedSector,
)
from kakehashi.portal.services import search_index
from kakehashi.portal.services.search_text import Query, parse_query
from kakehashi.registry.models import ParticipatingOrg, Programme

TEXT_CACHE = 256  # full-text match sets kept per process and generation
AMOUNT_CACHE = 64
_NONZERO = re.compile(rb"[^\x00]")
_BYTE_BITS = [tuple(k for k in range(8) if byte >> k & 1) for byte in range(256)]


def bits_of(positions: Iterable[int], size: int) -> int:
    """A bitset with the given positions set."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions_of(bits: int) -> list[int]:
    """The positions set in a bitset, ascending."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    found: list[int] = []
    for match in _NONZERO.finditer(raw):
        base = match.start() * 8
        found.extend(base + k for k in _BYTE_BITS[raw[match.start()]])
    return found


class _LRU:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class Snapshot:
    """The index of one generation as columns and bitsets."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        rows = list(
            ActivityIndex.objects.order_by("pk").values_list(
                "pk",
                "amount_jpy",
                "commitment_jpy",
                "disbursement_jpy",
                "status",
                "kind",
                "programme_id",
                "reporting_org_id",
                "start_year",
                "end_year",
            )
        )
        size = self.size = len(rows)
        self.ids = array("q", (row[0] for row in rows))
        self.position = {pk: n for n, pk in enumerate(self.ids)}
        self.amount = array("q", (row[1] for row in rows))
        self.commitment = array("q", (row[2] for row in rows))
        self.disbursement = array("q", (row[3] for row in rows))
        self.all = (1 << size) - 1

        grouped: dict[str, dict] = {}
        for facet, column in (("status", 4), ("kind", 5), ("programme", 6), ("reporting_org", 7)):
            values: dict = {}
            for n, row in enumerate(rows):
                if row[column] not in (None, ""):
                    values.setdefault(row[column], []).append(n)
            grouped[facet] = values
        starts: dict[int, list[int]] = {}
        ends: dict[int | None, list[int]] = {}
        for n, row in enumerate(rows):
            if row[8] is not None:
                starts.setdefault(row[8], []).append(n)
            ends.setdefault(row[9], []).append(n)
        del rows
        # The three link tables in one query.
        tables = {"country": IndexedCountry, "region": IndexedRegion, "sector": IndexedSector}
        union = " UNION ALL ".join(
            f"SELECT {n}, activity_id, code FROM {model._meta.db_table}"
            for n, model in enumerate(tables.values())
        )
        linked = [{} for _ in tables]
        position = self.position
        with connection.cursor() as cursor:
            cursor.execute(union)
            while chunk := cursor.fetchmany(20_000):
                for table, activity_id, code in chunk:
                    n = position.get(activity_id)
                    if n is not None:
                        linked[table].setdefault(code, []).append(n)
        grouped.update(zip(tables, linked, strict=True))
        # facet -> {value as in URLs and counts (str): bitset}; sort key per value.
        self.values: dict[str, dict[str, int]] = {}
        self.sort_keys: dict[str, dict[str, object]] = {}
        for facet, values in grouped.items():
            self.values[facet] = {str(v): bits_of(p, size) for v, p in values.items()}
            self.sort_keys[facet] = {str(v): v for v in values}
        self.start_year = {year: bits_of(p, size) for year, p in starts.items()}
        self.end_year = {year: bits_of(p, size) for year, p in ends.items() if year is not None}
        self.end_year_unknown = bits_of(ends.get(None, ()), size)

        by_amount = sorted(range(size), key=self.amount.__getitem__)
        self.by_amount = array("l", by_amount)
        self.sorted_amounts = array("q", (self.amount[n] for n in by_amount))
        self._amounts = _LRU(AMOUNT_CACHE)
        self._texts = _LRU(TEXT_CACHE)

        self._orders: dict[str, array] = {}
        self._ranks: dict[str, array] = {}
        self._lock = threading.Lock()

    # --- sets ------------------------------------------------------------------------------

    def of_values(self, facet: str, values: Iterable) -> int:
        table = self.values[facet]
        bits = 0
        for value in values:
            bits |= table.get(str(value), 0)
        return bits

    def of_ids(self, ids: Iterable[int]) -> int:
        position = self.position
        return bits_of((position[pk] for pk in ids if pk in position), self.size)

    def amount_range(self, low: int | None, high: int | None) -> int:
        """Activities with low <= amount < high (either bound may be open)."""
        key = (low, high)
        found = self._amounts.get(key)
        if found is None:
            start = 0 if low is None else bisect.bisect_left(self.sorted_amounts, low)
            end = self.size if high is None else bisect.bisect_left(self.sorted_amounts, high)
            found = bits_of(self.by_amount[start:end] if start < end else (), self.size)
            self._amounts.put(key, found)
        return found

    def year_from(self, year: int) -> int:
        """Running in ``year`` or later (as services.search.filtered)."""
        bits = 0
        for end, ending in self.end_year.items():
            if end >= year:
                bits |= ending
        started = 0
        for start, starting in self.start_year.items():
            if start >= year:
                started |= starting
        return bits | (self.end_year_unknown & started)

    def year_to(self, year: int) -> int:
        bits = 0
        for start, starting in self.start_year.items():
            if start <= year:
                bits |= starting
        return bits

    def text(self, query: Query) -> int:
        found = self._texts.get(query.text)
        if found is None:
            found = self.of_ids(_full_text_ids(query))
            self._texts.put(query.text, found)
        return found

    # --- order -----------------------------------------------------------------------------

    def order(self, sort: str) -> array:
        """Every position in the sort's order, as the database orders (read when first used:
        NULLs and collations as the engine has them)."""
        from kakehashi.portal.services.search import SORTS

        order = self._orders.get(sort)
        if order is None:
            with self._lock:
                order = self._orders.get(sort)
                if order is None:
                    ids = ActivityIndex.objects.order_by(*SORTS[sort]).values_list("pk", flat=True)
                    position = self.position
                    order = array("l", [position[pk] for pk in ids])
                    self._orders[sort] = order
        return order

    def rank(self, sort: str) -> array:
        ranks = self._ranks.get(sort)
        if ranks is None:
            ranks = array("l", [0]) * self.size
            for rank, n in enumerate(self.order(sort)):
                ranks[n] = rank
            self._ranks[sort] = ranks
        return ranks

    def ordered(self, bits: int, sort: str, start: int, stop: int) -> list[int]:
        """Positions ``start:stop`` of the set in the sort's order."""
        count = bits.bit_count()
        stop = min(stop, count)
        if start >= stop:
            return []
        order = self.order(sort)
        if count * 50 < self.size or stop * 2 > count:
            # Few matches, or a page near the end: sort the matches by rank.
            rank = self.rank(sort)
            matches = sorted(positions_of(bits), key=rank.__getitem__)
            return matches[start:stop]
        member = bits.to_bytes((self.size + 7) // 8, "little")
        found = []
        wanted = stop
        for n in order:
            if member[n >> 3] >> (n & 7) & 1:
                found.append(n)
                if len(found) == wanted:
                    break
        return found[start:stop]


def _full_text_ids(query: Query) -> list[int]:
    from kakehashi.portal.services.search import full_text

    if not query.phrases:
        if connection.vendor == "postgresql":
            sql = "SELECT activity_id FROM portal_activityindex WHERE tsv @@ %s::tsquery"
            params = [query.tsquery()]
        else:
            sql = "SELECT rowid FROM portal_activity_fts WHERE portal_activity_fts MATCH %s"
            params = [query.fts5()]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]
    # Phrases are confirmed on the normalised text.
    return list(full_text(ActivityIndex.objects.all(), query).values_list("pk", flat=True))


_lock = threading.Lock()
_current: Snapshot | None = None


def snapshot() -> Snapshot:
    """This process's copy of the index at the current generation (loaded when it changed)."""
    global _current
    generation_now = search_index.generation()
    current = _current
    if current is not None and current.generation == generation_now:
        return current
    with _lock:
        current = _current
        if current is None or current.generation != generation_now:
            current = _current = None  # let the old copy go before the new one is built
            current = _current = Snapshot(generation_now)
        return current


# --- searches ------------------------------------------------------------------------------

LINKED = ("country", "region", "sector", "status", "kind", "reporting_org")


@dataclass
class Matches:
    """A search's filters as bitsets: ``parts`` by facet (left out for facet counts) and
    ``fixed`` (full text, organisation, years), which always apply."""

    snapshot: Snapshot
    parts: dict[str, int]
    fixed: int

    def all(self, without: str | None = None) -> int:
        bits = self.fixed
        for name, part in self.parts.items():
            if name != without:
                bits &= part
        return bits


def matches(state, participating: Iterable[int] | None = None) -> Matches:
    """The state's filters as bitsets (``participating``: the activity ids the organisation
    of ``state.organisation`` takes part in, when the caller has read them)."""
    snap = snapshot()
    fixed = snap.all
    query = parse_query(state.q)
    if query:
        fixed &= snap.text(query)
    if state.organisation is not None:
        if participating is None:
            participating = ParticipatingOrg.objects.filter(
                organisation_id=state.organisation
            ).values_list("activity_id", flat=True)
        fixed &= snap.of_values("reporting_org", [state.organisation]) | snap.of_ids(participating)
    if state.year_from is not None:
        fixed &= snap.year_from(state.year_from)
    if state.year_to is not None:
        fixed &= snap.year_to(state.year_to)
    parts = {}
    for name in LINKED:
        values = getattr(state, name)
        if values:
            parts[name] = snap.of_values(name, values)
    if state.programme:
        ids = Programme.objects.public().filter(slug__in=state.programme).values_list("pk")
        parts["programme"] = snap.of_values("programme", [pk for (pk,) in ids])
    if state.amount_min is not None or state.amount_max is not None:
        parts["amount"] = snap.amount_range(state.amount_min, state.amount_max)
    return Matches(snap, parts, fixed)


def facet_counts(found: Matches, facets: Iterable[str], bands) -> dict:
    """{facet: [(value, count)] by count}, "years": (first, last), "amounts": [(band, n)]."""
    snap = found.snapshot
    counts: dict = {}
    for facet in facets:
        base = found.all(without=facet)
        keys = snap.sort_keys[facet]
        rows = [(value, (base & bits).bit_count()) for value, bits in snap.values[facet].items()]
        rows = [row for row in rows if row[1]]
        rows.sort(key=lambda row: (-row[1], keys[row[0]]))
        counts[facet] = rows
    every = found.all()
    first = min((y for y, bits in snap.start_year.items() if bits & every), default=None)
    last = max((y for y, bits in snap.end_year.items() if bits & every), default=None)
    counts["years"] = (first, last)
    base = found.all(without="amount")
    counts["amounts"] = [
        (band, (base & snap.amount_range(low, high)).bit_count()) for band, low, high in bands
    ]
    return counts


def page_rows(found: Matches, sort: str, start: int, stop: int) -> list[tuple]:
    """(activity id, amount, commitments, disbursements) of matches start:stop in order."""
    snap = found.snapshot
    return [
        (snap.ids[n], snap.amount[n], snap.commitment[n], snap.disbursement[n])
        for n in snap.ordered(found.all(), sort, start, stop)
    ]


class OrderedRows:
    """The matches in order as a lazy sequence for django.core.paginator.Paginator."""

    def __init__(self, found: Matches, sort: str) -> None:
        self.found = found
        self.sort = sort
        self.total = found.all().bit_count()

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if isinstance(item, slice):
            start, stop, _step = item.indices(self.total)
            return page_rows(self.found, self.sort, start, stop)
        return page_rows(self.found, self.sort, item, item + 1)[0]
