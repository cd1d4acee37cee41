"""The search flow in a real Chromium (Debian's, driven by Playwright) against the real
server, started as a user starts it (``bantin serve``).

Skipped when Chromium or Playwright is missing, unless ``BANTIN_REQUIRE_BROWSER=1``
(CI sets it), which turns the skip into a failure. Screenshots go to test-artifacts/;
the results page also becomes docs/screenshot.png when that file is missing or
``BANTIN_UPDATE_SCREENSHOT=1`` (it differs on every run, by the time taken).
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT
from web_fixtures import live_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
README_SCREENSHOT = ROOT / "docs" / "screenshot.png"
SEARCH_BOX = "Tìm trong bản tin"
QUERY = "tuyên giáo"
SCRIPT = "<script>alert(1)</script>"


def _why_no_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _why_no_browser()
    if reason:
        if os.environ.get("BANTIN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"BANTIN_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    """A fresh page that records every JavaScript dialog (none should ever open)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_search_filter_and_read_a_bulletin(tab, live_server):
    tab.goto(live_server + "/")
    tab.get_by_label(SEARCH_BOX).fill(QUERY)
    tab.get_by_label(SEARCH_BOX).press("Enter")
    hits = tab.locator("li.hit")
    expect(hits).to_have_count(5)
    results = save_screenshot(tab, "results.png")
    if not README_SCREENSHOT.exists() or os.environ.get("BANTIN_UPDATE_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(results, README_SCREENSHOT)

    tab.locator(".facet-values a", has_text="2022").click()
    expect(hits).to_have_count(1)
    chip = tab.get_by_role("link", name="Bỏ lọc Năm: 2022")
    expect(chip).to_be_visible()
    chip.click()
    expect(hits).to_have_count(5)
    expect(chip).to_have_count(0)

    tab.locator("li.hit h3 a").first.click()
    expect(tab).to_have_url(re.compile(re.escape(live_server) + r"/doc/.+\?q="))
    expect(tab.locator(".doc-body mark").first).to_be_visible()
    assert {text.lower() for text in tab.locator(".doc-body mark").all_inner_texts()} == {"tuyên", "giáo"}
    save_screenshot(tab, "document.png")
    assert tab.dialogs == []


def test_the_search_box_is_reached_by_keyboard(tab, live_server):
    tab.goto(live_server + "/")
    for _ in range(3):  # the skip link, the site name, the search box
        tab.keyboard.press("Tab")
    expect(tab.get_by_label(SEARCH_BOX)).to_be_focused()
    tab.keyboard.type(QUERY)
    tab.keyboard.press("Enter")
    expect(tab.locator("li.hit")).to_have_count(5)


def test_a_script_query_shows_as_text(tab, live_server):
    tab.goto(live_server + "/")
    tab.get_by_label(SEARCH_BOX).fill(SCRIPT)
    tab.get_by_label(SEARCH_BOX).press("Enter")
    expect(tab.locator("#result-summary")).to_contain_text(SCRIPT)
    expect(tab.get_by_label(SEARCH_BOX)).to_have_value(SCRIPT)
    tab.goto(f"{live_server}/doc/{quote(SCRIPT)}?q={quote(SCRIPT)}")
    expect(tab.locator("main")).to_contain_text(SCRIPT)
    assert tab.dialogs == []


@pytest.mark.parametrize("path", [f"/?q={QUERY}", "/?q=tuyên giáo&year=2022", "/doc/003_2fa3e06238549911?q=tuyên"])
def test_readable_on_a_360px_phone(tab, live_server, path):
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(live_server + path)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    if path.startswith("/?"):
        form, filters, results = (tab.locator(selector).bounding_box()
                                  for selector in (".search-form", ".filters > summary", ".results"))
        assert form["y"] < filters["y"] < results["y"]  # stacked: form, the folded filters, results
        tab.get_by_text("Lọc kết quả").first.click()
        assert tab.locator(".sidebar").bounding_box()["width"] > 300


def test_on_a_phone_the_results_come_first_and_the_filters_fold(tab, live_server):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{live_server}/?q={QUERY}&year=2022")
    first_hit = tab.locator("li.hit").first.bounding_box()
    assert first_hit["y"] + 40 < 844  # the first result's title is on the first screen
    summary = tab.locator(".filters > summary")
    expect(summary).to_contain_text("Lọc kết quả (1 bộ lọc đang bật)")
    facet = tab.locator(".facet-values a", has_text="2021")
    expect(facet).to_be_hidden()
    summary.click()
    expect(facet).to_be_visible()
    facet.click()  # a second year: either one
    expect(tab.locator("li.hit")).to_have_count(2)
    expect(tab.locator(".filters > summary")).to_contain_text("(2 bộ lọc đang bật)")
    save_screenshot(tab, "phone-results.png")


def test_two_units_and_a_span_of_dates_each_removed_by_its_chip(tab, live_server):
    tab.goto(f"{live_server}/?q={QUERY}")
    units = tab.locator("section[aria-labelledby='facet-unit'] .facet-values a")
    both = sum(int(units.nth(n).locator(".count").inner_text()) for n in (0, 1))
    units.nth(0).click()
    tab.locator("section[aria-labelledby='facet-unit'] .facet-values a").nth(1).click()
    expect(tab.locator("a.chip-removable", has_text="Đơn vị")).to_have_count(2)
    expect(tab.locator("li.hit")).to_have_count(both)
    tab.get_by_role("textbox", name="Từ", exact=True).fill("2019")
    tab.get_by_role("textbox", name="Đến", exact=True).fill("2021-06")
    tab.get_by_role("button", name="Lọc", exact=True).click()
    chip = tab.get_by_role("link", name="Bỏ lọc Thời gian: 2019 – 2021-06")
    expect(chip).to_be_visible()
    for name in ["Bỏ lọc Thời gian", "Bỏ lọc Đơn vị", "Bỏ lọc Đơn vị"]:
        tab.locator(f"a[aria-label^='{name}']").first.click()
    expect(tab.locator("a.chip-removable")).to_have_count(0)
    expect(tab.locator("li.hit")).to_have_count(5)
    save_screenshot(tab, "two-units-and-dates.png")


def test_on_a_wide_screen_the_filters_stand_open(tab, live_server):
    tab.goto(f"{live_server}/?q={QUERY}")
    expect(tab.locator(".filters > summary")).to_be_hidden()
    expect(tab.locator(".facet-values a", has_text="2021")).to_be_visible()


def test_printing_keeps_the_results_and_their_address_only(tab, live_server):
    url = f"{live_server}/?q={QUERY}"
    tab.goto(url)
    tab.emulate_media(media="print")
    for hidden in (".site-header", ".search-form", ".filters", ".site-footer"):
        expect(tab.locator(hidden)).to_be_hidden()
    expect(tab.locator("li.hit")).to_have_count(5)
    expect(tab.locator(".print-url")).to_contain_text(live_server)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = tab.pdf(path=str(ARTIFACTS / "results.pdf"))
    assert pdf.startswith(b"%PDF")


def test_the_way_back_restores_the_whole_search(tab, live_server):
    """Filtered, sorted, on page 2: a hit, the next hit, and back to that very page."""
    tab.goto(f"{live_server}/?q={QUERY}&directive=Chỉ thị 05-CT/TW&sort=newest&per_page=2&page=2")
    titles = tab.locator("li.hit h3 a").all_inner_texts()
    tab.locator("li.hit h3 a").first.click()
    expect(tab.locator(".hit-position")).to_have_text("Kết quả 3/4")
    tab.get_by_role("link", name="Bản tin sau").click()
    expect(tab.locator(".hit-position")).to_have_text("Kết quả 4/4")
    expect(tab.get_by_role("link", name="Bản tin sau")).to_have_count(0)
    tab.get_by_role("link", name=f"Kết quả tìm “{QUERY}”").click()
    expect(tab.locator("li.hit h3 a")).to_have_text(titles)
    expect(tab.get_by_role("link", name="Bỏ lọc Văn bản: Chỉ thị 05-CT/TW")).to_be_visible()
    expect(tab.locator('[aria-current="page"]')).to_have_text("2")


def test_a_telex_query_and_an_old_filter_value_from_a_saved_link(tab, live_server):
    tab.goto(live_server + "/")
    tab.get_by_label(SEARCH_BOX).fill("tuyeen giaos")
    tab.get_by_label(SEARCH_BOX).press("Enter")
    suggestion = tab.get_by_role("link", name="tuyên giáo", exact=True)
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(tab.locator("li.hit")).to_have_count(5)
    tab.goto(f"{live_server}/?q={QUERY}&unit=Ban Tuyên giáo Huyện ủy Từ Liêm")  # a district gone in 2025
    expect(tab.locator("#result-summary")).to_contain_text("0")
    chip = tab.locator("a.chip-removable", has_text="Ban Tuyên giáo Huyện ủy Từ Liêm")
    expect(chip).to_be_visible()
    expect(tab.get_by_text("Bỏ lọc Đơn vị: Ban Tuyên giáo Huyện ủy Từ Liêm")).to_be_visible()  # offered again
    chip.click()
    expect(tab.locator("li.hit")).to_have_count(5)


def test_the_csv_and_the_feed_open_from_the_page(tab, live_server):
    import csv
    import io
    import xml.etree.ElementTree as ElementTree

    tab.goto(f"{live_server}/?q={QUERY}&year=2022&year=2021")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Tải về CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 2 and {row["date"][:4] for row in rows} == {"2021", "2022"}
    feed_url = tab.locator('link[type="application/atom+xml"]').get_attribute("href")
    feed = tab.request.get(live_server + feed_url)
    entries = ElementTree.fromstring(feed.body()).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2
