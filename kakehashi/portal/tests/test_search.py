"""Search: Japanese and English full text, facets, sorting, downloads, and the index."""

import csv
import io
import json
import re

import pytest
from lxml import etree

from kakehashi.portal.models import ActivityIndex, IndexedCountry
from kakehashi.portal.services import search_index
from kakehashi.portal.services.search_text import index_terms, parse_query
from kakehashi.portal.tests.test_pages import text, url
from kakehashi.registry.models import Activity, ActivityDescription, narratives_from

pytestmark = pytest.mark.django_db


def found(client, lang="en", **params) -> str:
    response = client.get(url("activities", lang), params)
    assert response.status_code == 200
    return text(response)


@pytest.fixture
def weeds(sample):
    activity = Activity.objects.create(
        iati_identifier="JP-TEST-WEED-1",
        reporting_org=sample.jica,
        title=narratives_from(ja="雑草防除技術の協力", en="Weed control cooperation"),
        activity_status="2",
        kind="oda_project",
    )
    ActivityDescription.objects.create(
        activity=activity,
        narratives=narratives_from(
            ja="スーダンにおける防災と農業の協力", en="Disaster risk and FARMING"
        ),
    )
    from kakehashi.registry.models import RecipientCountry

    RecipientCountry.objects.create(activity=activity, country_code="SD")
    search_index.reindex_activities([activity.pk])  # the test transaction never commits
    return activity


def test_terms_are_bigrams_words_and_latin_words():
    terms = index_terms("雑草の防除と防災協力 JP-JICA Ｆｌｏｏｄ")
    assert {"雑草", "防除", "防災", "協力", "jp", "jica", "flood"} <= terms
    query = parse_query("防災協力")
    assert query.terms == ["防災", "災協", "協力"] and query.phrases == ["防災協力"]
    assert parse_query("ＦＬＯＯＤ").prefixes == ["flood"]


@pytest.mark.parametrize(
    "q", ["雑草", "防災", "協力", "雑草防除", "ｽｰﾀﾞﾝ", "weed", "WEED", "farming", "Ｗｅｅｄ"]
)
def test_japanese_and_english_words_are_found(client, weeds, q):
    assert "JP-TEST-WEED-1" in found(client, q=q)


def test_phrase_must_occur_as_written(client, weeds):
    assert "JP-TEST-WEED-1" not in found(client, q="防災協力")  # both words, but apart
    assert "JP-TEST-WEED-1" in found(client, q="農業の協力")


def test_facets_with_counts_and_country_filter(client, weeds):
    page = found(client, country="SD")
    assert "1 activity" in page and "JP-TEST-WEED-1" in page
    html = client.get(url("activities", "en"), {"q": "協力"}).content.decode()
    assert "Sudan" in html
    # A facet value links to the same search with that value added.
    assert re.search(r'href="/en/activities/\?q=%E5%8D%94%E5%8A%9B&amp;country=SD"', html)


def test_status_kind_and_amount_facets(client, sample, weeds):
    assert "2 activities" in found(client, status="2")
    assert "JP-TEST-WEED-1" in found(client, kind="oda_project")
    page = found(client, amount_min="100000000")
    assert "JP-JST-SATREPS-TH-001" in page and "JP-TEST-WEED-1" not in page


def test_year_range_and_sorting(client, sample):
    page = found(client, year_from="2014", year_to="2016")
    assert "JP-JST-SATREPS-TH-001" in page
    page = found(client, year_from="2021")
    assert "JP-JST-SATREPS-TH-001" not in page
    page = found(client, sort="-amount")
    assert page.index("JP-JST-SATREPS-TH-001") < page.index("XM-DAC-701-8-KE-002")


def test_csv_download_opens_in_excel(client, sample):
    response = client.get(url("activities", "en"), {"country": "TH", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert {row["iati_identifier"] for row in rows} == {
        "JP-JST-SATREPS-TH-001",
        "XM-DAC-701-8-KE-002",
    }
    flood = next(row for row in rows if row["iati_identifier"] == "JP-JST-SATREPS-TH-001")
    assert flood["title_ja"] == "タイにおける気候変動に対応した洪水管理"
    assert flood["recipient_countries"] == "TH"
    assert "\r\n" in body


def test_json_and_xml_downloads(client, sample):
    response = client.get(url("activities", "ja"), {"q": "洪水", "format": "json"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["count"] == 1
    assert data["activities"][0]["iati_identifier"] == "JP-JST-SATREPS-TH-001"
    response = client.get(url("activities", "ja"), {"format": "xml"})
    root = etree.fromstring(b"".join(response.streaming_content))
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    identifiers = root.xpath("//iati-activity/iati-identifier/text()")
    assert sorted(identifiers) == ["JP-JST-SATREPS-TH-001", "XM-DAC-701-8-KE-002"]


def test_activity_downloads_and_money_by_year(client, sample):
    identifier = sample.activity.iati_identifier
    xml = client.get(url("activity", "en", identifier), {"format": "xml"})
    assert b"<iati-identifier>JP-JST-SATREPS-TH-001</iati-identifier>" in xml.content
    data = json.loads(client.get(url("activity", "en", identifier), {"format": "json"}).content)
    assert data["recipient_countries"][0]["country_code"] == "TH"
    assert len(data["transactions"]) == 3
    page = text(client.get(url("activity", "en", identifier)))
    assert "Money by year" in page
    assert "US$1 = ¥108.66 (2016)" in page  # the rate and its year are said
    ja = text(client.get(url("activity", "ja", identifier)))
    assert "1米ドル＝108.66円（2016年）" in ja
    assert client.get(url("activity", "en", "JP-HIDDEN-1"), {"format": "json"}).status_code == 404


def test_unpublishing_removes_from_index(client, sample):
    assert ActivityIndex.objects.filter(pk=sample.activity.pk).exists()
    sample.activity.is_published = False
    sample.activity.save()
    search_index.reindex_activities([sample.activity.pk])
    assert not ActivityIndex.objects.filter(pk=sample.activity.pk).exists()
    assert not IndexedCountry.objects.filter(activity_id=sample.activity.pk).exists()
    assert "0 activities" in found(client, q="flood")


def test_data_page_and_files(client, sample):
    page = text(client.get(url("data", "en")))
    assert "Licence" in page and "IATI XML" in page
    response = client.get(url("data_file", "en", "contributions", "csv"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "40159000" in body and "99999000" not in body
    organisations = json.loads(client.get(url("data_file", "ja", "organisations", "json")).content)
    assert "国際科学技術センター" in {o["name_ja"] for o in organisations}
    assert "非公開機関" not in {o["name_ja"] for o in organisations}
    assert client.get("/en/data/nothing.csv").status_code == 404


def test_home_has_map_and_chart_tables(client, sample):
    html = client.get(url("home", "en")).content.decode()
    assert 'data-chart="map"' in html and 'data-iso3="THA"' in html
    assert 'data-chart="bars"' in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline style or script


def test_country_page_totals_by_sector(client, sample):
    page = text(client.get(url("country", "en", "TH")))
    assert "Totals by sector" in page and "Totals by year" in page


def _sql_counts(state, facet):
    """What services.match_sets counts, counted by SQL GROUP BY (the reference)."""
    from django.db.models import Count

    from kakehashi.portal.models import IndexedRegion, IndexedSector
    from kakehashi.portal.services.search import filtered

    base = filtered(state, without=facet)
    links = {"country": IndexedCountry, "region": IndexedRegion, "sector": IndexedSector}
    if facet in links:
        rows = (
            links[facet]
            .objects.filter(activity_id__in=base.values("pk"))
            .values_list("code")
            .annotate(n=Count("activity_id"))
        )
    else:
        column = {"programme": "programme_id", "reporting_org": "reporting_org_id"}.get(
            facet, facet
        )
        rows = base.values_list(column).annotate(n=Count("pk")).order_by()
    return {str(value): n for value, n in rows if value not in (None, "")}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "協力"},
        {"q": "weed"},
        {"q": "防災協力"},
        {"country": ["TH", "SD"], "status": ["2"]},
        {"sector": ["311"], "kind": ["oda_project"]},
        {"year_from": "2015", "year_to": "2018"},
        {"amount_min": "100000000", "amount_max": "1000000000"},
        {"amount_min": "1"},
        {"q": "research", "region": ["asia"], "year_from": "2010"},
    ],
)
def test_in_memory_search_agrees_with_sql(sample, weeds, params):
    from django.http import QueryDict

    from kakehashi.portal.services import match_sets
    from kakehashi.portal.services.search import (
        FACETS,
        SORTS,
        SearchState,
        facet_counts,
        filtered,
        search,
    )

    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    state = SearchState.from_params(query)
    counts = facet_counts(state)
    for facet in FACETS:
        assert dict(counts[facet]) == _sql_counts(state, facet), facet
    every = filtered(state)
    assert counts["years"] == (
        min((y for y in every.values_list("start_year", flat=True) if y is not None), default=None),
        max((y for y in every.values_list("end_year", flat=True) if y is not None), default=None),
    )
    for sort, order in SORTS.items():
        expected = list(every.order_by(*order).values_list("pk", flat=True))
        found = match_sets.matches(replace_sort(state, sort))
        assert [row[0] for row in match_sets.page_rows(found, sort, 0, 10_000)] == expected
        # Early pages scan the sort order; late ones sort the matches: the same answer.
        for start, stop in ((0, 3), (2, 5), (len(expected) - 2, len(expected))):
            rows = match_sets.page_rows(found, sort, max(start, 0), stop)
            assert [row[0] for row in rows] == expected[max(start, 0) : stop]
        page = search(replace_sort(state, sort), 1).page
        assert page.paginator.count == len(expected)
        assert [row[0] for row in page.object_list] == expected[:25]


def replace_sort(state, sort):
    from dataclasses import replace

    return replace(state, sort=sort)
