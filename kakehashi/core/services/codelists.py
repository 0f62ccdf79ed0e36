"""Load IATI codelists (XML, as published by IATI) into the database, with our Japanese names.

Idempotent: running it again updates names and adds new codes; codes that vanished from a
codelist are kept and marked withdrawn, since stored records may still use them.
"""

import gettext
import json
from dataclasses import dataclass
from pathlib import Path

import pycountry
from django.conf import settings
from django.db import transaction
from lxml import etree

from kakehashi.core.models import Codelist, CodelistItem, Country, Region

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JAPANESE_NAMES = Path(__file__).resolve().parent.parent / "data" / "codelist_names_ja.json"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class SyncSummary:
    codelists: int = 0
    items: int = 0
    countries: int = 0
    regions: int = 0

    def __str__(self) -> str:
        return (
            f"{self.codelists} codelists, {self.items} codes, "
            f"{self.countries} countries, {self.regions} regions"
        )


def default_codelist_dir() -> Path:
    return Path(settings.IATI_DATA_DIR) / "codelists"


def english_narrative(element) -> str:
    if element is None:
        return ""
    narratives = element.findall("narrative")
    for narrative in narratives:
        if narrative.get(XML_LANG, "en") == "en":
            return (narrative.text or "").strip()
    return (narratives[0].text or "").strip() if narratives else ""


def read_codelist(path: Path) -> tuple[dict, list[dict]]:
    try:
        root = etree.parse(str(path), SAFE_PARSER).getroot()
    except etree.XMLSyntaxError as error:
        raise ValueError(
            f"{path}:{error.lineno}: not a well-formed codelist: {error.msg}"
        ) from None
    if root.tag != "codelist" or not root.get("name"):
        raise ValueError(f"{path}:{root.sourceline}: expected a <codelist name=…> root element")
    header = {
        "name": root.get("name"),
        "embedded": root.get("embedded") == "1",
        "complete": root.get("complete", "1") == "1",
        "name_en": english_narrative(root.find("metadata/name")),
        "description_en": english_narrative(root.find("metadata/description")),
    }
    items = [
        {
            "code": (item.findtext("code") or "").strip(),
            "name_en": english_narrative(item.find("name")),
            "description_en": english_narrative(item.find("description")),
            "category": (item.findtext("category") or "").strip(),
            "withdrawn": item.get("status") == "withdrawn",
        }
        for item in root.iter("codelist-item")
    ]
    return header, [item for item in items if item["code"]]


def codelist_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ValueError(f"{directory}: no such folder of codelists")
    # IATI's layout keeps mappings and validator rules beside the codelists: not codelists.
    files = sorted(
        path
        for path in directory.rglob("*.xml")
        if path.name != "mapping.xml" and "validator-rules" not in path.parts
    )
    if not files:
        raise ValueError(f"{directory}: holds no codelist XML files")
    return files


@transaction.atomic
def sync_codelists(directory: Path | None = None) -> SyncSummary:
    directory = Path(directory) if directory else default_codelist_dir()
    japanese = json.loads(JAPANESE_NAMES.read_text(encoding="utf-8"))
    summary = SyncSummary()
    for path in codelist_files(directory):
        header, items = read_codelist(path)
        codelist, _ = Codelist.objects.update_or_create(name=header.pop("name"), defaults=header)
        names_ja = japanese.get(codelist.name, {})
        existing = {item.code: item for item in codelist.items.all()}
        seen = set()
        for values in items:
            code = values.pop("code")
            seen.add(code)
            values["name_ja"] = names_ja.get(
                code, existing[code].name_ja if code in existing else ""
            )
            if code in existing:
                item = existing[code]
                for field, value in values.items():
                    setattr(item, field, value)
                item.save()
            else:
                # Some published codelists repeat a code; the last entry wins.
                existing[code] = CodelistItem.objects.create(codelist=codelist, code=code, **values)
        codelist.items.exclude(code__in=seen).update(withdrawn=True)
        summary.codelists += 1
        summary.items += len(items)
    summary.countries = sync_countries(japanese.get("Country", {}))
    summary.regions = sync_regions(japanese.get("Region", {}))
    return summary


def sync_countries(names_ja: dict) -> int:
    """ISO 3166-1 from pycountry (Japanese names from its translations) plus IATI-only codes."""
    try:
        ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"]).gettext
    except OSError:
        ja = None
    count = 0
    for country in pycountry.countries:
        name_en = getattr(country, "common_name", None) or country.name
        name_ja = names_ja.get(country.alpha_2) or (ja(country.name) if ja else "")
        Country.objects.update_or_create(
            code=country.alpha_2,
            defaults={
                "alpha_3": country.alpha_3,
                "numeric": country.numeric,
                "name_en": name_en,
                "name_ja": "" if name_ja == country.name else name_ja,
            },
        )
        count += 1
    # Codes IATI uses that ISO has not assigned (Kosovo XK).
    iati_countries = CodelistItem.objects.filter(codelist__name="Country")
    for item in iati_countries.exclude(code__in=Country.objects.values("code")):
        Country.objects.create(
            code=item.code, name_en=item.name_en.title(), name_ja=names_ja.get(item.code, "")
        )
        count += 1
    return count


def sync_regions(names_ja: dict) -> int:
    count = 0
    for item in CodelistItem.objects.filter(codelist__name="Region"):
        Region.objects.update_or_create(
            code=item.code,
            defaults={"name_en": item.name_en, "name_ja": names_ja.get(item.code, "")},
        )
        count += 1
    return count
