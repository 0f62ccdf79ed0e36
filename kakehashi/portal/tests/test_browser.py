"""The portal in a real browser: follow links from the home page and switch language."""

import os
import re

import pytest

from kakehashi.portal.tests.conftest import ensure_reference_data
from kakehashi.portal.tests.factories import build_sample

# Playwright's sync API keeps an event loop running in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    ensure_reference_data()  # a transactional test may run after another one emptied tables
    return live_server.url, build_sample()


def test_from_home_to_istc_then_english(site, page):
    base, sample = site
    page.goto(f"{base}/ja/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "架け橋" in page.title()

    page.get_by_role("link", name="国際科学技術センター").first.click()
    page.wait_for_url(re.compile(rf"/ja/organisations/{sample.istc.pk}/$"))
    body = page.locator("main").inner_text()
    assert "国際科学技術センター" in page.locator("h1").inner_text()
    assert "平成29年度" in body
    assert "40,159千円" in body

    page.locator("a.language-switch").click()
    page.wait_for_url(re.compile(rf"/en/organisations/{sample.istc.pk}/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "International Science and Technology Center" in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    assert "FY2017" in body
    assert "¥40,159 thousand" in body

    page.get_by_role("link", name="FY2017").click()
    page.wait_for_url(re.compile(rf"/en/contributions/{sample.contribution.pk}/$"))
    assert "Average number of projects completed" in page.locator("main").inner_text()


def test_styles_load_and_japanese_renders(site, page):
    base, _ = site
    page.goto(f"{base}/ja/")
    header_colour = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour == "rgb(23, 50, 92)"  # the stylesheet was served
    # Japanese text is laid out with a real font: a CJK glyph is about as wide as it is tall.
    width = page.locator(".brand-mark").evaluate("element => element.getBoundingClientRect().width")
    assert width > 40


def test_skip_link_and_phone_layout(site, browser):
    base, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{base}/en/activities/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
        # Nothing wider than the screen except inside scrolling table wrappers.
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 390
    finally:
        context.close()


def test_search_facets_activity_language_csv_and_country(site, page):
    base, sample = site
    page.goto(f"{base}/ja/activities/")
    page.get_by_label("タイトルと説明を検索（日本語または英語）").fill("洪水")
    page.get_by_role("button", name="検索", exact=True).click()
    page.wait_for_url(re.compile(r"/ja/activities/\?q="))
    assert "1件の活動" in page.locator(".result-count").inner_text()

    # A facet narrows the search; the state is in the URL and the back button restores it.
    page.goto(f"{base}/ja/activities/")
    page.locator(".facet a", has_text="ケニア").click()
    page.wait_for_url(re.compile(r"country=KE"))
    assert "Rift Valley" in page.locator("main").inner_text()
    assert "洪水管理" not in page.locator(".results").inner_text()
    page.go_back()
    page.wait_for_url(re.compile(r"/ja/activities/$"))
    assert "洪水管理" in page.locator(".results").inner_text()

    # The whole result set downloads as CSV.
    with page.expect_download() as download_info:
        page.locator(".downloads a", has_text="CSV").click()
    path = download_info.value.path()
    body = open(path, encoding="utf-8").read()
    assert body.startswith("\ufeff") and "JP-JST-SATREPS-TH-001" in body

    # Open an activity, its chart draws, switch to English.
    page.get_by_role("link", name="タイにおける気候変動に対応した洪水管理").click()
    page.wait_for_url(re.compile(r"/ja/activities/JP-JST-SATREPS-TH-001/$"))
    page.wait_for_selector("figure.chart-ready svg")
    page.locator("a.language-switch").click()
    page.wait_for_url(re.compile(r"/en/activities/JP-JST-SATREPS-TH-001/$"))
    assert "Flood management" in page.locator("h1").inner_text()

    # Its country page, with the yearly chart and the map on the home page.
    page.locator("main").get_by_role("link", name="Thailand").first.click()
    page.wait_for_url(re.compile(r"/en/countries/TH/$"))
    assert "Thailand" in page.locator("h1").inner_text()
    assert "Totals by year" in page.locator("main").inner_text()
    page.goto(f"{base}/en/")
    page.wait_for_selector("figure.map.chart-ready svg path")
