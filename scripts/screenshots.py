"""Helper of scripts/screenshots.sh: pick one page of each type, then photograph them.

    python scripts/screenshots.py --load-sample       # fill an empty database (no demo command)
    python scripts/screenshots.py --base URL --out DIR

Pages are chosen from the database the server uses (DATABASE_URL): the ISTC organisation and
its FY2017 contribution when present, SATREPS, ITER, the agreement with most meetings, the
activity with most transactions and the country with most activities. Each page is taken in
Japanese and English at desktop width, and the main ones also at phone width.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_PAGES = {
    "home", "activity", "organisation", "contribution", "activities", "country",
    "exchanges", "exchange", "person",
}  # fmt: skip


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    import django

    django.setup()


def load_sample() -> None:
    from django.core.management import call_command

    from kakehashi.core.services.codelists import sync_codelists
    from kakehashi.portal.tests.factories import build_sample

    call_command("migrate", interactive=False, verbosity=0)
    sync_codelists()
    build_sample(extra_activities=40)


def pick_pages() -> list[tuple[str, str, tuple]]:
    """(file name, url name, args) of one published page of each type."""
    from django.db.models import Count, Q

    from kakehashi.registry.models import (
        Activity,
        Agreement,
        Contribution,
        Exchange,
        LargeProject,
        Organisation,
        Programme,
        RecipientCountry,
    )

    def first(queryset):
        return queryset.first()

    pages: list[tuple[str, str, tuple]] = [
        ("home", "home", ()),
        ("activities", "activities", ()),
        ("organisations", "organisations", ()),
        ("programmes", "programmes", ()),
        ("large-projects", "large_projects", ()),
        ("agreements", "agreements", ()),
        ("countries", "countries", ()),
        ("data", "data", ()),
        ("exchanges", "exchanges", ()),
    ]
    contributions = Contribution.objects.public().filter(organisation__is_published=True)
    contribution = first(
        contributions.filter(organisation__abbreviation="ISTC", fiscal_year=2017)
    ) or first(contributions)
    if contribution:
        pages.append(("organisation", "organisation", (contribution.organisation_id,)))
        pages.append(("contribution", "contribution", (contribution.pk,)))
    partner = first(
        Organisation.objects.public()
        .annotate(n=Count("participations"))
        .filter(n__gt=0)
        .order_by("-n")
    )
    if partner:
        pages.append(("organisation-partner", "organisation", (partner.pk,)))
    programmes = Programme.objects.public()
    programme = first(programmes.filter(slug="satreps")) or first(programmes)
    if programme:
        pages.append(("programme", "programme", (programme.slug,)))
    projects = LargeProject.objects.public()
    project = first(projects.filter(slug="iter")) or first(projects)
    if project:
        pages.append(("large-project", "large_project", (project.slug,)))
    agreement = first(
        Agreement.objects.public()
        .annotate(n=Count("meetings", filter=Q(meetings__is_published=True)))
        .order_by("-n", "pk")
    )
    if agreement:
        pages.append(("agreement", "agreement", (agreement.pk,)))
    activity = first(
        Activity.objects.public()
        .annotate(n=Count("transactions", distinct=True) + Count("results", distinct=True))
        .order_by("-n", "iati_identifier")
    )
    if activity:
        pages.append(("activity", "activity", (activity.iati_identifier,)))
    country = first(
        RecipientCountry.objects.filter(activity__is_published=True)
        .values("country_code")
        .annotate(n=Count("activity"))
        .order_by("-n")
    )
    if country:
        pages.append(("country", "country", (country["country_code"],)))
    exchange = first(
        Exchange.objects.public().filter(person__is_published=True).order_by("-start_date")
    )
    if exchange:
        pages.append(("exchange", "exchange", (exchange.pk,)))
        pages.append(("person", "person", (exchange.person_id,)))
    return pages


SEARCHES = [("search-facets", "?q=%E5%8D%94%E5%8A%9B")]  # 協力: a search with its facets


def urls(pages) -> list[tuple[str, str, str]]:
    """(file stem, language, path) for every page in both languages."""
    from django.urls import reverse
    from django.utils import translation

    result = []
    for stem, name, args in pages:
        for lang in ("ja", "en"):
            with translation.override(lang):
                result.append((f"{stem}-{lang}", lang, reverse(f"portal:{name}", args=args)))
    for stem, query in SEARCHES:
        for lang in ("ja", "en"):
            with translation.override(lang):
                result.append((f"{stem}-{lang}", lang, reverse("portal:activities") + query))
    return result


def photograph(base: str, out: Path, targets) -> int:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    problems = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for viewport, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
            context = browser.new_context(viewport=viewport, device_scale_factor=1)
            page = context.new_page()
            for stem, _lang, path in targets:
                if suffix and stem.rsplit("-", 1)[0] not in PHONE_PAGES:
                    continue
                response = page.goto(base + path, wait_until="networkidle")
                status = response.status if response else 0
                if status != 200:
                    problems += 1
                    print(f"  {status} {path}", file=sys.stderr)
                file = out / f"{stem}{suffix}.png"
                page.screenshot(path=str(file), full_page=True)
                print(f"  {file}  {path}")
            context.close()
        browser.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--load-sample", action="store_true")
    parser.add_argument("--base", help="server address, e.g. http://127.0.0.1:8123")
    parser.add_argument("--out", default="screenshots", type=Path)
    options = parser.parse_args()
    setup_django()
    if options.load_sample:
        load_sample()
        return 0
    if not options.base:
        parser.error("--base is required")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    problems = photograph(options.base.rstrip("/"), options.out, urls(pick_pages()))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
