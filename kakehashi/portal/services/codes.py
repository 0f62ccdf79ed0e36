"""Names of IATI codes, countries and regions for a page, each set looked up in one query.

Registry records keep codes as strings (see registry.models.activities); a page collects the
codes it shows, then asks for all their names at once instead of one query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from kakehashi.core.models import CodelistItem, Country, Region
from kakehashi.core.services.text import pick
from kakehashi.portal.services.formatting import reader_language

# IATI sector vocabularies: 1 = OECD DAC 5-digit purpose codes, 2 = DAC 3-digit categories.
DAC_5 = "1"
DAC_3 = "2"


class CodeNames:
    """Collects (codelist, code) pairs, then resolves them in a single query."""

    def __init__(self) -> None:
        self._wanted: dict[str, set[str]] = defaultdict(set)
        self._items: dict[tuple[str, str], tuple[str, str, str]] | None = None

    def want(self, codelist: str, codes: Iterable[str | None]) -> CodeNames:
        self._wanted[codelist].update(code for code in codes if code)
        self._items = None
        return self

    def want_sectors(self, sectors: Iterable) -> CodeNames:
        """ActivitySector rows (or dicts with code/vocabulary): sectors and their categories."""
        for sector in sectors:
            code, vocabulary = _sector_fields(sector)
            if vocabulary in ("", DAC_5):
                self.want("Sector", [code])
                self.want("SectorCategory", [code[:3]])
            elif vocabulary == DAC_3:
                self.want("SectorCategory", [code])
        return self

    def _load(self) -> dict[tuple[str, str], tuple[str, str, str]]:
        if self._items is None:
            query = Q()
            for codelist, codes in self._wanted.items():
                if codes:
                    query |= Q(codelist__name=codelist, code__in=sorted(codes))
            self._items = {}
            if query:
                rows = CodelistItem.objects.filter(query).values_list(
                    "codelist__name", "code", "name_ja", "name_en", "category"
                )
                for codelist, code, name_ja, name_en, category in rows:
                    self._items[(codelist, code)] = (name_ja, name_en, category)
        return self._items

    def name(self, codelist: str, code: str | None, lang: str | None = None) -> str:
        """The code's name in the reader's language (else English), else the code itself."""
        if not code:
            return ""
        item = self._load().get((codelist, code))
        if item is None:
            return code
        return pick(item[0], item[1], reader_language(lang)) or code

    def category(self, codelist: str, code: str) -> str:
        item = self._load().get((codelist, code))
        return item[2] if item else ""

    def sector(self, sector, lang: str | None = None) -> tuple[str, str, str]:
        """(sector name, category code, category name) of a sector row."""
        code, vocabulary = _sector_fields(sector)
        if vocabulary in ("", DAC_5):
            category = self.category("Sector", code) or code[:3]
            return (
                self.name("Sector", code, lang),
                category,
                self.name("SectorCategory", category, lang),
            )
        if vocabulary == DAC_3:
            name = self.name("SectorCategory", code, lang)
            return name, code, name
        return code, "", ""


def _sector_fields(sector) -> tuple[str, str]:
    if isinstance(sector, dict):
        return sector.get("code") or "", sector.get("vocabulary") or ""
    return sector.code, sector.vocabulary


def country_names(codes: Iterable[str]) -> dict[str, Country]:
    """Countries by ISO code, in one query; unknown codes are simply absent."""
    wanted = {code.upper() for code in codes if code}
    if not wanted:
        return {}
    return {country.code: country for country in Country.objects.filter(code__in=wanted)}


def region_names(codes: Iterable[str]) -> dict[str, Region]:
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    return {region.code: region for region in Region.objects.filter(code__in=wanted)}
