"""Researcher exchange and person pages, and Japanese names of the DAC 5-digit sectors."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from kakehashi.core.models import CodelistItem, Country
from kakehashi.core.services.codelists import JAPANESE_NAMES
from kakehashi.portal.tests.test_pages import get, switch_link, text, url
from kakehashi.registry.models import Exchange, ExchangeKind, Organisation, Person, Programme

pytestmark = pytest.mark.django_db


class People:
    """Two published researchers with exchanges, and the records the public must not see."""

    def __init__(self, sample):
        countries = Country.objects.in_bulk(["JP", "TH", "KZ"])
        self.kyoto = Organisation.objects.create(
            name_ja="京都大学", name_en="Kyoto University", kind="academic", country=countries["JP"]
        )
        self.chula = Organisation.objects.create(
            name_ja="チュラロンコン大学",
            name_en="Chulalongkorn University",
            kind="academic",
            country=countries["TH"],
        )
        self.programme = Programme.objects.create(
            name_ja="海外特別研究員", name_en="Overseas Research Fellowships", slug="jsps-osf"
        )
        self.sato = Person.objects.create(
            family_name_ja="佐藤",
            given_name_ja="美咲",
            family_name_en="Sato",
            given_name_en="Misaki",
            affiliation=self.kyoto,
            nationality=countries["JP"],
            orcid="0000-0002-1825-0097",
            field_ja="防災工学",
            field_en="Disaster engineering",
        )
        self.somchai = Person.objects.create(
            family_name_en="Srisuk",
            given_name_en="Somchai",
            affiliation=self.chula,
            nationality=countries["TH"],
            field_en="Hydrology",
        )
        self.dispatch = self.exchange(
            self.sato, ExchangeKind.DISPATCH, dt.date(2018, 3, 1), self.kyoto, self.chula, "TH"
        )
        self.dispatch_2 = self.exchange(
            self.sato, ExchangeKind.DISPATCH, dt.date(2019, 4, 1), self.kyoto, None, "KZ"
        )
        self.invitation = self.exchange(
            self.somchai, ExchangeKind.INVITATION, dt.date(2018, 10, 1), self.chula, self.kyoto
        )
        # Not public: an unpublished exchange, and a published one of an unpublished person.
        self.hidden_exchange = self.exchange(
            self.sato, ExchangeKind.DISPATCH, dt.date(2018, 5, 1), self.kyoto, self.chula, "TH"
        )
        self.hidden_exchange.is_published = False
        self.hidden_exchange.save()
        self.hidden_person = Person.objects.create(
            family_name_ja="秘匿", given_name_ja="太郎", family_name_en="Hidden", is_published=False
        )
        self.of_hidden_person = self.exchange(
            self.hidden_person, ExchangeKind.DISPATCH, dt.date(2018, 6, 1), self.kyoto, None, "TH"
        )
        self.unpublished_host = self.exchange(
            self.somchai,
            ExchangeKind.INVITATION,
            dt.date(2020, 6, 1),
            self.chula,
            sample.hidden_org,
        )

    def exchange(self, person, kind, start, home, host, country="JP"):
        return Exchange.objects.create(
            person=person,
            kind=kind,
            programme=self.programme,
            home_organisation=home,
            host_organisation=host,
            host_country_id=country,
            start_date=start,
            end_date=start + dt.timedelta(days=364),
            purpose_ja="洪水予測の共同研究",
            purpose_en="Joint research on flood forecasting",
        )


@pytest.fixture
def people(sample):
    return People(sample)


def test_list_in_both_languages(client, people):
    assert "<title>研究者交流 | " in get(client, "exchanges", "ja").content.decode()
    assert "<title>Researcher exchanges | " in get(client, "exchanges", "en").content.decode()
    ja = text(get(client, "exchanges", "ja"))
    assert "研究者交流" in ja
    assert "佐藤 美咲" in ja and "4件の交流" in ja
    assert "海外派遣" in ja and "タイ" in ja and "平成29年度" in ja  # March 2018 is FY2017
    en = text(get(client, "exchanges", "en"))
    assert "Researcher exchanges" in en and "4 exchanges" in en
    assert "Misaki Sato" in en and "Somchai Srisuk" in en and "FY2017" in en
    assert "Mar 2018–Feb 2019" in en and "2018年3月–2019年2月" in ja


def test_language_switch_keeps_the_filters(client, people):
    response = get(client, "exchanges", "ja", country="TH", kind="dispatch")
    assert switch_link(response) == "/en/exchanges/?country=TH&kind=dispatch"


def test_name_only_in_english_keeps_its_language(client, people):
    html = get(client, "exchanges", "ja").content.decode()
    assert '<span lang="en">Somchai Srisuk</span>' in html


def test_unpublished_records_are_hidden(client, people):
    for lang in ("ja", "en"):
        page = get(client, "exchanges", lang).content.decode()
        assert "秘匿" not in page and "Hidden" not in page
        assert "非公開機関" not in page and "Unpublished Body" not in page
    get(client, "exchange", "ja", people.hidden_exchange.pk, status=404)
    get(client, "exchange", "en", people.of_hidden_person.pk, status=404)
    get(client, "person", "ja", people.hidden_person.pk, status=404)
    # The exchange is public, its unpublished host institution is not named.
    detail = text(get(client, "exchange", "ja", people.unpublished_host.pk))
    assert "非公開機関" not in detail
    person = get(client, "person", "ja", people.sato.pk).content.decode()
    assert reverse("portal:exchange", args=[people.dispatch.pk]) in person
    assert reverse("portal:exchange", args=[people.hidden_exchange.pk]) not in person


def test_facets_count_and_filter(client, people):
    listing = get(client, "exchanges", "en", country="TH").context["listing"]
    assert listing.page.paginator.count == 3  # Sato to Thailand, Somchai from Thailand twice
    # A facet counts without its own filter: every partner country stays reachable.
    assert {(f.value, f.count) for f in listing.countries} == {("TH", 3), ("KZ", 1)}
    assert {(f.value, f.count) for f in listing.kinds} == {("dispatch", 1), ("invitation", 2)}
    assert {(f.value, f.count) for f in listing.years} == {("2017", 1), ("2018", 1), ("2020", 1)}
    assert [(f.label, f.count) for f in listing.programmes] == [
        ("Overseas Research Fellowships", 3)
    ]
    # Only the published Japanese institution is offered.
    assert [(f.label, f.count) for f in listing.organisations] == [("Kyoto University", 2)]

    listing = get(client, "exchanges", "ja", fy="2018", kind="invitation").context["listing"]
    assert [e.pk for e in listing.page.object_list] == [people.invitation.pk]
    assert listing.labels == {"kind": "日本への招へい", "fy": "平成30年度"}
    listing = get(client, "exchanges", "en", organisation=str(people.kyoto.pk)).context["listing"]
    assert listing.page.paginator.count == 3
    # Junk parameters are ignored, not errors.
    get(client, "exchanges", "en", fy="x", kind="nope", programme="", page="99")


def test_totals_by_year_and_country(client, people):
    response = get(client, "exchanges", "en")
    listing = response.context["listing"]
    by_year = {row.label: (row.dispatch, row.invitation, row.total) for row in listing.by_year}
    assert by_year == {"FY2017": (1, 0, 1), "FY2018": (0, 1, 1), "FY2019": (1, 0, 1),
                       "FY2020": (0, 1, 1)}  # fmt: skip
    # Years without exchanges are kept between the others, so the chart's axis runs evenly.
    invited = get(client, "exchanges", "en", kind="invitation").context["listing"].by_year
    assert [(row.key, row.total) for row in invited] == [(2018, 1), (2019, 0), (2020, 1)]
    by_country = [(row.key, row.total) for row in listing.by_country]
    assert by_country == [("TH", 3), ("KZ", 1)]
    html = response.content.decode()
    assert "data-count-chart" in html and "exchanges.js" in html
    assert "Table of the figures" in html  # the chart's text alternative


def test_partner_country_filter_and_facet_links(client, people):
    html = get(client, "exchanges", "en", kind="dispatch").content.decode()
    assert 'href="?kind=dispatch&amp;country=TH"' in html
    assert 'href="?" class="selected"' in html  # the selected kind links to no filter


def test_csv_download(client, people):
    response = client.get(url("exchanges", "ja"), {"format": "csv", "country": "TH"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kakehashi-exchanges.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert [row["id"] for row in rows] == [
        str(people.unpublished_host.pk),
        str(people.invitation.pk),
        str(people.dispatch.pk),
    ]
    first = rows[0]
    assert first["kind"] == "invitation" and first["fiscal_year"] == "2020"
    assert first["partner_country"] == "TH" and first["host_country"] == "JP"
    assert first["host_organisation"] == ""  # unpublished: not named
    assert rows[2]["purpose_ja"] == "洪水予測の共同研究"
    assert rows[2]["url"] == f"/ja/exchanges/{people.dispatch.pk}/"
    # Personal data stays out of bulk downloads, as in the API.
    assert "Sato" not in body and "佐藤" not in body and "0000-0002" not in body


def test_exchange_detail(client, people):
    ja = get(client, "exchange", "ja", people.dispatch.pk)
    assert "<title>佐藤 美咲：海外派遣 | 架け橋" in ja.content.decode()
    page = text(ja)
    assert "京都大学" in page and "チュラロンコン大学" in page and "海外特別研究員" in page
    assert "平成29年度" in page and "洪水予測の共同研究" in page
    en = get(client, "exchange", "en", people.invitation.pk)
    assert "<title>Somchai Srisuk: invitation to Japan | " in en.content.decode()
    page = text(en)
    assert "Chulalongkorn University" in page and "FY2018" in page
    assert "Partner country Thailand" in page  # the home institution's country


def test_person_page(client, people):
    ja = get(client, "person", "ja", people.sato.pk)
    assert "<title>佐藤 美咲 | 架け橋" in ja.content.decode()
    page = text(ja)
    assert "Misaki Sato" in page and "京都大学" in page and "防災工学" in page
    assert "0000-0002-1825-0097" in page
    en = text(get(client, "person", "en", people.sato.pk))
    assert "Misaki Sato" in en and "Disaster engineering" in en and "Kyoto University" in en
    # Nationality is personal data the page has no use for.
    assert "Nationality" not in en and "国籍" not in page


def test_links_from_other_pages(client, people):
    exchanges_url = url("exchanges", "ja")
    assert f'href="{exchanges_url}"' in get(client, "home", "ja").content.decode()
    country = get(client, "country", "en", "TH").content.decode()
    assert f'href="{url("exchanges", "en")}?country=TH">' in country
    data = get(client, "data", "ja").content.decode()
    assert f"{exchanges_url}?format=csv" in data and "公開している研究者交流：4件" in text(
        get(client, "data", "ja")
    )


@pytest.mark.parametrize("name,limit", [("exchanges", 12), ("exchange", 1), ("person", 2)])
def test_query_counts_do_not_grow(client, people, name, limit, django_assert_num_queries):
    for n in range(30):
        people.exchange(people.sato, ExchangeKind.DISPATCH, dt.date(2010 + n % 10, 5, 1),
                        people.kyoto, people.chula, "TH")  # fmt: skip
    args = {"exchanges": (), "exchange": (people.dispatch.pk,), "person": (people.sato.pk,)}
    for lang in ("ja", "en"):
        with django_assert_num_queries(limit):
            get(client, name, lang, *args[name])


def test_pages_refuse_post(client, people):
    assert client.post(url("exchanges", "en")).status_code == 405


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chart_drawn_and_facet_followed_in_a_browser(live_server, page, monkeypatch):
    from kakehashi.portal.tests.conftest import ensure_reference_data
    from kakehashi.portal.tests.factories import build_sample

    # Playwright's sync API keeps an event loop running in the test thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ensure_reference_data()  # a transactional test may run after another one emptied tables
    People(build_sample())
    page.goto(f"{live_server.url}/ja/exchanges/")
    figure = page.locator("figure[data-count-chart]")
    figure.locator(".chart-canvas svg").wait_for()
    assert "chart-ready" in figure.get_attribute("class")
    assert "平成29年度" in figure.locator(".chart-canvas").inner_text()  # an axis label
    page.locator(".facets").get_by_role("link", name="タイ").click()
    page.wait_for_url(re.compile(r"/ja/exchanges/\?country=TH$"))
    assert "3件の交流" in page.locator(".result-count").inner_text()


# --- Japanese names of the DAC 5-digit sectors -----------------------------------------------


def test_every_dac_sector_has_a_japanese_name():
    names = json.loads(JAPANESE_NAMES.read_text(encoding="utf-8"))["Sector"]
    items = CodelistItem.objects.filter(codelist__name="Sector")
    assert items.count() > 300
    missing = [item.code for item in items if not names.get(item.code)]
    assert missing == []
    assert names["11110"] == "教育政策・行政管理" and names["12220"] == "基礎医療"
    assert items.get(code="41050").name_ja == "洪水防止・制御"  # loaded by codelists sync


def test_five_digit_sector_shows_in_japanese_on_activity_page(client, sample):
    ja = text(get(client, "activity", "ja", sample.activity.iati_identifier))
    assert "洪水防止・制御" in ja and "水資源保全（データ収集を含む）" in ja
    assert "Flood prevention/control" not in ja
    with translation.override("en"):
        en = text(get(client, "activity", "en", sample.activity.iati_identifier))
    assert "Flood prevention/control" in en
