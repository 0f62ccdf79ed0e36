"""Every public page in Japanese and English: content, language switch, 404s, query counts."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from kakehashi.registry.models import Activity, RecipientCountry

pytestmark = pytest.mark.django_db


def url(name, lang, *args):
    with translation.override(lang):
        return reverse(f"portal:{name}", args=args)


def get(client, name, lang, *args, status=200, **params):
    response = client.get(url(name, lang, *args), params)
    assert response.status_code == status, response.content[:500]
    return response


def text(response) -> str:
    """The page's visible text with tags stripped and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"</?(span|a|abbr|strong|em)\b[^>]*>", "", html)  # inline: no word break
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def switch_link(response) -> str:
    match = re.search(r'<a class="language-switch" href="([^"]+)"', response.content.decode())
    assert match, "no language switch on the page"
    return unescape(match.group(1))


def page_args(sample):
    """(url name, args) of one page of each type."""
    return [
        ("home", ()),
        ("activities", ()),
        ("activity", (sample.activity.iati_identifier,)),
        ("organisations", ()),
        ("organisation", (sample.istc.pk,)),
        ("contribution", (sample.contribution.pk,)),
        ("programmes", ()),
        ("programme", ("satreps",)),
        ("large_projects", ()),
        ("large_project", ("iter",)),
        ("agreements", ()),
        ("agreement", (sample.agreement_us.pk,)),
        ("countries", ()),
        ("country", ("TH",)),
    ]


# --- ISTC: the case from the evaluation sheet ----------------------------------------------


def test_istc_organisation_page_in_japanese(client, sample):
    page = text(get(client, "organisation", "ja", sample.istc.pk))
    assert "国際科学技術センター" in page
    assert "平成29年度" in page
    assert "40,159千円" in page
    assert "任意拠出金" in page
    assert "当初予算" in page
    assert "国際科学協力室" in page
    assert "2,800件以上" in page  # key figure with "over"
    assert "2016年12月31日" in page  # as of


def test_istc_organisation_page_in_english(client, sample):
    page = text(get(client, "organisation", "en", sample.istc.pk))
    assert "International Science and Technology Center" in page
    assert "FY2017" in page
    assert "¥40,159 thousand" in page
    assert "voluntary contribution" in page
    assert "(任意拠出金)" not in page
    assert "over 2,800 projects" in page
    assert "International Science Cooperation Division" in page


def test_unpublished_contribution_is_not_listed(client, sample):
    for lang in ("ja", "en"):
        page = text(get(client, "organisation", lang, sample.istc.pk))
        assert "99,999" not in page
    assert "99,999" not in text(get(client, "home", "ja"))


def test_reiwa_fiscal_year(client, sample):
    assert "令和元年度" in text(get(client, "organisation", "ja", sample.istc.pk))
    assert "FY2019" in text(get(client, "organisation", "en", sample.istc.pk))


def test_contribution_page(client, sample):
    ja = text(get(client, "contribution", "ja", sample.contribution.pk))
    for expected in (
        "国際科学技術センター",
        "平成29年度",
        "40,159千円",
        "任意拠出金",
        "当初予算",
        "旧ソ連諸国の科学者",
        "ISTCプロジェクトの着実な実施",
        "過去3年間に完了したプロジェクト数の平均",
        "国際科学協力室",
        "令和元年度",  # link to the other year
    ):
        assert expected in ja, expected
    en = text(get(client, "contribution", "en", sample.contribution.pk))
    for expected in (
        "International Science and Technology Center",
        "FY2017",
        "¥40,159 thousand",
        "voluntary contribution",
        "initial budget",
        "Average number of projects completed",
        "International Science Cooperation Division",
    ):
        assert expected in en, expected


def test_titles_and_descriptions_are_per_page(client, sample):
    ja = get(client, "contribution", "ja", sample.contribution.pk).content.decode()
    assert re.search(r"<title>[^<]*国際科学技術センター[^<]*平成29年度[^<]*</title>", ja)
    assert '<html lang="ja">' in ja
    en = get(client, "organisation", "en", sample.istc.pk).content.decode()
    assert "<title>International Science and Technology Center | Kakehashi</title>" in en
    assert 'name="description" content="An international organisation' in en
    assert '<html lang="en">' in en


# --- language switch -----------------------------------------------------------------------


def test_language_switch_goes_to_the_same_page(client, sample):
    for name, args in page_args(sample):
        assert switch_link(get(client, name, "ja", *args)) == url(name, "en", *args)
        assert switch_link(get(client, name, "en", *args)) == url(name, "ja", *args)


def test_language_switch_keeps_the_query(client, sample):
    response = client.get(url("activities", "ja"), {"q": "洪水", "page": "1"})
    assert switch_link(response) == f"{url('activities', 'en')}?q=%E6%B4%AA%E6%B0%B4&page=1"


def test_alternate_links_in_head(client, sample):
    html = get(client, "organisation", "ja", sample.istc.pk).content.decode()
    assert f'hreflang="en" href="/en/organisations/{sample.istc.pk}/"' in html
    assert f'hreflang="ja" href="/ja/organisations/{sample.istc.pk}/"' in html


def test_every_page_has_skip_link_navigation_and_sample_note(client, sample):
    for name, args in page_args(sample):
        for lang, note in (("ja", "サンプル"), ("en", "sample data")):
            html = get(client, name, lang, *args).content.decode()
            assert 'href="#main"' in html and 'id="main"' in html
            assert f'href="/{lang}/activities/"' in html
            assert f'href="/{lang}/organisations/"' in html
            assert f'href="/{lang}/agreements/"' in html
            assert note in html


# --- home ----------------------------------------------------------------------------------


def test_home_figures_and_links(client, sample):
    response = get(client, "home", "ja")
    page = text(response)
    html = response.content.decode()
    # 2 published activities, 2 recipient countries (TH, KE); the hidden one is not counted.
    assert re.search(r"\b2 活動", page)
    assert "国際科学技術センター" in page
    assert "地球規模課題対応国際科学技術協力プログラム" in page
    assert "国際熱核融合実験炉" in page
    assert "日米科学技術協力協定" in page
    assert "タイにおける気候変動に対応した洪水管理" in page
    # Commitments: 350,000,000 JPY + 1,000,000 USD (other activity's default currency).
    assert "3億5,000万円" in page
    assert "100万米ドル" in page
    assert "7億" not in page  # the unpublished activity's commitment
    for target in (
        url("organisation", "ja", sample.istc.pk),
        url("programme", "ja", "satreps"),
        url("large_project", "ja", "iter"),
        url("agreement", "ja", sample.agreement_us.pk),
        url("agreements", "ja"),
        url("activity", "ja", sample.activity.iati_identifier),
        url("activities", "ja"),
        url("country", "ja", "TH"),
        url("countries", "ja"),
    ):
        assert f'href="{target}"' in html, target


def test_home_in_english(client, sample):
    page = text(get(client, "home", "en"))
    assert "International Science and Technology Center" in page
    assert "Flood management under climate change in Thailand" in page
    assert "¥350 million" in page
    assert "US$1 million" in page


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/ja/", "/en/")


# --- activities ----------------------------------------------------------------------------


def test_activity_detail_in_japanese(client, sample):
    page = text(get(client, "activity", "ja", sample.activity.iati_identifier))
    for expected in (
        "タイにおける気候変動に対応した洪水管理",
        "チャオプラヤ川流域",
        "実施中",  # ActivityStatus 2 in Japanese
        "資金提供",  # OrganisationRole 1
        "実施",  # OrganisationRole 4
        "Kasetsart University",
        "タイ",
        "100%",
        "60%",
        "3億5,000万円",  # budget and commitment
        "1億2,000万円",
        "5万米ドル",
        "予測システムを使う自治体の数",
        "プロジェクト概要",
        "XM-DAC-701-8-KE-002",
        "2015年6月1日",
    ):
        assert expected in page, expected
    assert "非公開機関" not in page
    assert "Unpublished Body" not in page


def test_activity_detail_in_english(client, sample):
    page = text(get(client, "activity", "en", sample.activity.iati_identifier))
    for expected in (
        "Flood management under climate change in Thailand",
        "Chao Phraya",
        "Implementation",
        "Funding",
        "Thailand",
        "¥350 million",
        "¥120 million",
        "US$50,000",
        "Municipalities using the system",
        "Project summary",
    ):
        assert expected in page, expected


def test_activity_title_falls_back_to_the_other_language(client, sample):
    html = get(client, "activity", "ja", "XM-DAC-701-8-KE-002").content.decode()
    assert '<span lang="en">Rift Valley fever early warning in Kenya</span>' in html


def test_activity_list_search(client, sample):
    page = text(client.get(url("activities", "ja"), {"q": "洪水"}))
    assert "タイにおける気候変動に対応した洪水管理" in page
    assert "Rift Valley" not in page
    page = text(client.get(url("activities", "en"), {"q": "rift valley"}))
    assert "Rift Valley fever early warning in Kenya" in page
    assert "Flood management" not in page
    page = text(client.get(url("activities", "en"), {"q": "ＫＥ－００２"}))  # full-width input
    assert "Rift Valley" in page
    page = text(client.get(url("activities", "en"), {"q": "hidden"}))
    assert "Hidden activity" not in page and "0 activities" in page


def test_activity_list_filters(client, sample):
    page = text(client.get(url("activities", "en"), {"country": "KE"}))
    assert "Rift Valley" in page and "Flood management" not in page
    page = text(client.get(url("activities", "en"), {"organisation": sample.jica.pk}))
    assert "Rift Valley" in page and "Flood management" in page
    page = text(client.get(url("activities", "en"), {"organisation": sample.hidden_org.pk}))
    assert "2 activities" in page  # an unpublished organisation is no filter at all


def test_activity_list_paginates(client, db):
    from kakehashi.portal.tests.factories import build_sample

    build_sample(extra_activities=30)
    first = get(client, "activities", "en")
    assert "32 activities" in text(first)
    assert "page 1 of 2" in text(first)
    second = text(client.get(url("activities", "en"), {"page": 2, "sort": "identifier"}))
    assert "JP-JST-SATREPS-X-029" in second


# --- other pages ---------------------------------------------------------------------------


def test_programme_page(client, sample):
    ja = text(get(client, "programme", "ja", "satreps"))
    assert "地球規模課題対応国際科学技術協力プログラム" in ja
    assert "アジア" in ja and "アフリカ" in ja  # by region
    assert "68件" in ja  # key figure
    assert "非公開の活動" not in ja
    assert "非公開機関" not in ja
    en = text(get(client, "programme", "en", "satreps"))
    assert "Science and Technology Research Partnership for Sustainable Development" in en
    assert "Asia" in en and "Africa" in en
    assert "Basic Health" in en  # DAC category 122 of the Kenyan activity
    assert "FY2008–FY2012" in en


def test_large_project_page(client, sample):
    ja = text(get(client, "large_project", "ja", "iter"))
    expected_ja = (
        "国際熱核融合実験炉",
        "日本",
        "米国",
        "欧州連合",
        "超伝導コイル",
        "約30人",
        "7極",
    )
    for expected in expected_ja:
        assert expected in ja, expected
    en = text(get(client, "large_project", "en", "iter"))
    for expected in (
        "International Thermonuclear Experimental Reactor",
        "Japan",
        "United States",
        "European Union",
        "quasi-host",
        "superconducting coils",
        "about 30 people",
        "7 members",
    ):
        assert expected in en, expected
    assert "Unpublished Body" not in en


def test_agreement_pages(client, sample):
    ja = text(get(client, "agreement", "ja", sample.agreement_us.pk))
    for expected in ("日米科学技術協力協定", "米国", "第13回", "2012年7月", "ワシントン"):
        assert expected in ja, expected
    assert "第99回" not in ja
    en = text(get(client, "agreement", "en", sample.agreement_us.pk))
    for expected in ("13th", "July 2012", "Washington, D.C.", "ministers"):
        assert expected in en, expected
    assert "Secret Place" not in en
    listing = text(get(client, "agreements", "en"))
    assert "Japan–EU Science and Technology Cooperation Agreement" in listing
    assert "Hidden Agreement" not in listing
    assert "19th Asia-Pacific Regional Space Agency Forum" in listing  # meeting without agreement


def test_country_page(client, sample):
    ja = text(get(client, "country", "ja", "US"))
    assert "日米科学技術協力協定" in ja and "第13回" in ja
    assert "非公開協定" not in ja
    th = text(get(client, "country", "en", "th"))  # codes are case-insensitive
    assert "Thailand" in th
    assert "Flood management under climate change in Thailand" in th
    assert "Rift Valley" in th
    assert "Hidden activity" not in th
    # 2015 commitment 350,000,000 JPY; 2013: half of 1,000,000 USD for Thailand's 50%.
    assert "¥350 million" in th
    assert "US$500,000" in th
    assert "¥777 million" not in th


def test_country_list_and_organisation_list(client, sample):
    countries = text(get(client, "countries", "en"))
    assert "Thailand" in countries and "Kenya" in countries and "United States" in countries
    organisations = text(get(client, "organisations", "ja"))
    assert "国際科学技術センター" in organisations and "非公開機関" not in organisations
    filtered = text(client.get(url("organisations", "en"), {"kind": "international_organisation"}))
    assert "International Science and Technology Center" in filtered
    assert "Japan Science and Technology Agency" not in filtered


def test_organisation_page_lists_participations(client, sample):
    page = text(get(client, "organisation", "en", sample.jica.pk))
    assert "Flood management under climate change in Thailand" in page
    assert "Funding" in page  # JICA's role
    assert "Hidden activity" not in page
    assert "Ministry of Foreign Affairs of Japan" in page  # parent


# --- unpublished and unknown records -------------------------------------------------------


def test_unpublished_and_unknown_records_are_404(client, sample):
    for lang in ("ja", "en"):
        get(client, "organisation", lang, sample.hidden_org.pk, status=404)
        get(client, "organisation", lang, 999999, status=404)
        get(client, "contribution", lang, sample.hidden_contribution.pk, status=404)
        get(client, "programme", lang, "hidden", status=404)
        get(client, "large_project", lang, "hidden-project", status=404)
        get(client, "agreement", lang, sample.hidden_agreement.pk, status=404)
        get(client, "activity", lang, sample.hidden_activity.iati_identifier, status=404)
        get(client, "activity", lang, "NO-SUCH-ACTIVITY", status=404)
        get(client, "country", lang, "XX", status=404)
        get(client, "country", lang, "THA", status=404)


def test_contribution_of_an_unpublished_organisation_is_404(client, sample):
    sample.istc.is_published = False
    sample.istc.save()
    get(client, "contribution", "en", sample.contribution.pk, status=404)


def test_not_found_page_is_translated(client, sample):
    response = client.get("/en/organisations/999999/")
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert switch_link(response) == "/ja/organisations/999999/"
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in text(response)
    assert switch_link(response) == "/en/no-such-page/"


def test_pages_refuse_post(client, sample):
    assert client.post(url("home", "en")).status_code == 405


# --- query counts: no N+1 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args,limit",
    [
        # Home and search read aggregates from the index tables (cached once warm); the
        # first, cold request of each language is what is counted here.
        ("home", (), 22),
        ("activities", (), 14),
        ("activity", ("JP-JST-SATREPS-TH-001",), 17),
        ("organisations", (), 6),
        ("organisation", ("istc",), 19),  # +1: has it published an organisation file?
        ("organisation", ("jica",), 19),
        ("contribution", (), 6),
        ("programmes", (), 4),
        ("programme", ("satreps",), 12),
        ("large_projects", (), 4),
        ("large_project", ("iter",), 6),
        ("agreements", (), 8),
        ("agreement", (), 8),
        ("countries", (), 8),
        ("country", ("TH",), 20),
    ],
)
def test_query_counts_do_not_grow_with_records(
    client, db, name, args, limit, django_assert_max_num_queries
):
    from kakehashi.portal.tests.factories import build_sample

    sample = build_sample(extra_activities=20)
    many = Activity.objects.filter(iati_identifier__startswith="JP-JST-SATREPS-X-")
    for activity in many:
        RecipientCountry.objects.create(activity=activity, country_code="KE", sequence=1)
    lookup = {
        ("organisation", "istc"): (sample.istc.pk,),
        ("organisation", "jica"): (sample.jica.pk,),
        ("contribution",): (sample.contribution.pk,),
        ("agreement",): (sample.agreement_us.pk,),
    }
    args = lookup.get((name, *args), args)
    for lang in ("ja", "en"):
        with django_assert_max_num_queries(limit):
            response = client.get(url(name, lang, *args))
        assert response.status_code == 200


def test_key_figures_read_naturally(client, sample):
    from decimal import Decimal

    from kakehashi.portal.tests.factories import key_figure

    key_figure(
        sample.istc,
        3,
        label_ja="承認プロジェクトへの資金",
        label_en="funding of approved projects",
        value=Decimal(868000000),
        unit_ja="米ドル",
        unit_en="US dollars",
        approximate=True,
    )
    key_figure(
        sample.istc, 4, label_ja="経費削減", label_en="cost cut", value=Decimal(21), unit_en="%"
    )
    ja = text(get(client, "organisation", "ja", sample.istc.pk))
    assert "約8億6,800万米ドル" in ja
    en = text(get(client, "organisation", "en", sample.istc.pk))
    assert "about 868 million US dollars" in en
    assert "21%" in en


def test_organisation_list_by_country(client, sample):
    page = text(client.get(url("organisations", "en"), {"country": "KZ"}))
    assert "International Science and Technology Center" in page
    assert "Japan Science and Technology Agency" not in page
    assert (
        f'href="{url("organisations", "en")}?country=JP"'
        in get(client, "country", "en", "JP").content.decode()
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_list_links_are_what_reverse_gives(lang):
    from kakehashi.portal.services.queries import url_maker

    identifiers = [
        "JP-1",
        "XM-DAC-41114-PROJECT-00/12",
        "a b?c#d%e",
        "日本-協力",
        "x:y@z~!$&'()*+,;=",
    ]
    with translation.override(lang):
        activity_url = url_maker("portal:activity")
        for identifier in identifiers:
            assert activity_url(identifier) == reverse("portal:activity", args=[identifier])


def test_activity_page_shows_its_published_evaluations_only(client):
    pytest.importorskip("kakehashi.evaluation")
    from kakehashi.evaluation.models import EvaluationSheet
    from kakehashi.evaluation.services.demo import load_evaluation_demo

    load_evaluation_demo()
    with_sheets = get(client, "activity", "en", "JP-DEMO-SAMPLE-EVAL-1").content.decode()
    assert 'grade-a">A<' in with_sheets
    EvaluationSheet.objects.filter(activity__iati_identifier="JP-DEMO-SAMPLE-EVAL-1").update(
        is_published=False
    )
    without = get(client, "activity", "en", "JP-DEMO-SAMPLE-EVAL-1").content.decode()
    assert "grade-" not in without
