"""Every route of the web app through Flask's test client, over the five seed bulletins."""

import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import SEED_IDS, copy_seeds
from search.text import fold
from search import update_index
from web import create_app
from web_fixtures import client, link_named, links_in, links_named, shown_total, web_app  # noqa: F401  (fixtures)

QUERY = "tuyên giáo"        # found in all five seeds
ONLY_2022 = "003_2fa3e06238549911"
DIRECTIVE = "Chỉ thị 05-CT/TW"
NOTHING = "xyzzyqwv"        # found nowhere


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


# --- the search page ---------------------------------------------------------------

def test_search_page_shows_the_count_the_api_gives(client):
    html = page(client, f"/?q={QUERY}")
    api = client.get(f"/api/search?q={QUERY}").get_json()
    assert shown_total(html) == api["total"] == 5
    assert '<html lang="vi">' in html
    assert '<label for="q">' in html and 'id="q"' in html
    assert f'value="{QUERY}"' in html
    assert re.search(r"\(\d+ ms\)|\(dưới 1 ms\)", html)


def test_each_hit_links_to_its_document_with_the_query(client):
    html = page(client, f"/?q={QUERY}")
    hit_links = [link for link in links_in(html) if link.href.startswith("/doc/")]
    assert sorted(urlsplit(link.href).path.removeprefix("/doc/") for link in hit_links) == sorted(SEED_IDS)
    assert all(query_of(link.href)["q"] == [QUERY] for link in hit_links)
    assert html.count('class="snippet"') == 5 and "<mark>" in html


def test_hits_show_date_unit_and_directive_chips(client, seed_engine):
    html = page(client, f"/?q={QUERY}")
    result = seed_engine.search(QUERY)
    for hit in result.hits:
        if hit.date:
            assert f'<time datetime="{hit.date}">' in html
        if hit.unit:
            assert hit.unit in html
    chip = [link for link in links_in(html) if link.attrs.get("class") == "chip" and link.text == DIRECTIVE]
    assert len(chip) == 4
    assert query_of(chip[0].href)["directive"] == [DIRECTIVE]


def test_every_facet_value_is_a_link_with_its_count(client):
    html = page(client, f"/?q={QUERY}")
    for heading in ("Đơn vị", "Cấp", "Năm", "Văn bản"):
        assert f">{heading}</h3>" in html
    facet_links = {(name, link.text) for link in links_in(html) for name in query_of(link.href)}
    for name, values in client.get(f"/api/search?q={QUERY}").get_json()["facets"].items():
        for value in values:
            shown = f"{value['value']} · {value['note']}" if value.get("note") else value["value"]
            assert (name, f"{shown} {value['count']}") in facet_links
    assert {("year", f"{year} 1") for year in (2017, 2019, 2020, 2021, 2022)} <= facet_links


def test_choosing_a_facet_value_filters_and_shows_a_removable_chip(client):
    html = page(client, f"/?q={QUERY}")
    year_link = next(link for link in links_in(html) if link.text == "2022 1")
    filtered = page(client, year_link.href)
    assert shown_total(filtered) == 1
    assert f"/doc/{ONLY_2022}?" in filtered
    chip = link_named(filtered, "Bỏ lọc Năm: 2022")
    assert query_of(chip.href) == {"q": [QUERY]}
    assert shown_total(page(client, chip.href)) == 5


def test_other_values_of_a_chosen_facet_keep_their_counts(client):
    html = page(client, f"/?q={QUERY}&year=2022")
    years = {link.text for link in links_in(html) if "year" in query_of(link.href)}
    assert {"2017 1", "2019 1", "2020 1", "2021 1"} <= years
    chosen = [link for link in links_in(html) if link.attrs.get("aria-current") == "true"]
    assert len(chosen) == 1 and "year" not in query_of(chosen[0].href)  # clicking it again un-filters


def test_clear_all_drops_every_filter_and_keeps_the_query(client):
    html = page(client, f"/?q={QUERY}&year=2022&directive=05-CT/TW&sort=newest")
    assert html.count('class="chip chip-removable"') == 2
    clear = link_named(html, "Xóa tất cả")
    assert query_of(clear.href) == {"q": [QUERY], "sort": ["newest"]}


def test_the_form_carries_the_chosen_filters(client):
    html = page(client, f"/?q={QUERY}&year=2022")
    assert '<input type="hidden" name="year" value="2022">' in html


def test_year_chart_has_one_titled_filter_link_per_year(client):
    html = page(client, f"/?q={QUERY}")
    svg = re.search(r"<svg class=\"year-chart\".*?</svg>", html, re.S).group()
    assert svg.count("<rect") == 6  # every year of the span, 2018 (no bulletin) an empty slot
    assert "<title>Năm 2022: 1 bản tin</title>" in svg and "<title>Năm 2018: 0 bản tin</title>" in svg
    bars = [link for link in links_in(svg)]
    assert [query_of(bar.href)["year"] for bar in bars] == [[str(year)] for year in range(2017, 2023)]
    assert all(bar.attrs.get("tabindex") == "-1" for bar in bars)  # the lists below take the keyboard
    assert svg.count('class="count-label"') == 5  # counts shown, not only in a tooltip
    assert "style=" not in html


def test_sort_links_switch_between_relevance_and_newest(client):
    html = page(client, f"/?q={QUERY}")
    newest = link_named(html, "Mới nhất")
    assert query_of(newest.href) == {"q": [QUERY], "sort": ["newest"]}
    by_date = page(client, newest.href)
    dates = re.findall(r'<time datetime="([\d-]+)">', by_date)
    assert dates == sorted(dates, reverse=True)
    assert query_of(link_named(by_date, "Liên quan nhất").href) == {"q": [QUERY]}


def test_empty_query_browses_the_newest_bulletins_with_facets_over_everything(client):
    html = page(client, "/")
    assert shown_total(html) == 5
    dates = re.findall(r'<time datetime="([\d-]+)">', html)
    assert len(dates) >= 4 and dates == sorted(dates, reverse=True)
    assert html.count('<rect') == 6
    assert "Mới nhất" not in html  # no sort choice without a query


def test_pagination_links(client):
    first = page(client, "/?per_page=2")
    assert first.count('class="hit"') == 2
    second = page(client, link_named(first, "Trang sau").href)
    assert second.count('class="hit"') == 2 and 'aria-current="page">2<' in second
    assert query_of(link_named(second, "Trang trước").href) == {"per_page": ["2"]}
    last = page(client, link_named(second, "Trang 3").href)
    assert last.count('class="hit"') == 1 and "Trang sau" not in last
    past_the_end = page(client, "/?per_page=2&page=9")
    assert "Trang 9 vượt quá số trang" in past_the_end and not links_named(past_the_end, "Trang trước")
    assert query_of(link_named(past_the_end, "Đến trang cuối").href)["page"] == ["3"]


def test_no_results_keeps_the_query_and_offers_to_drop_each_filter(client):
    html = page(client, f"/?q={NOTHING}&year=2022&directive=05-CT/TW")
    assert shown_total(html) == 0
    assert f'value="{NOTHING}"' in html and "Không tìm thấy bản tin nào" in html
    chip, offer = links_named(html, "Bỏ lọc Năm: 2022")
    assert chip.href == offer.href and query_of(offer.href) == {"q": [NOTHING], "directive": [DIRECTIVE]}
    assert len(links_named(html, f"Bỏ lọc Văn bản: {DIRECTIVE}")) == 2


def test_no_results_shows_the_engines_suggestion(client):
    query = f"tuyen giao {NOTHING}"
    suggestion = client.get(f"/api/search?q={query}").get_json()["suggestion"]
    assert suggestion and suggestion != query
    html = page(client, f"/?q={query}")
    assert shown_total(html) == 0 and "Có phải bạn muốn tìm" in html
    assert query_of(link_named(html, suggestion).href) == {"q": [suggestion]}


# --- the document page ----------------------------------------------------------------

def test_document_page_shows_the_bulletin_and_its_metadata(client, seed_engine):
    bulletin = seed_engine.document(ONLY_2022)
    html = page(client, f"/doc/{ONLY_2022}")
    assert "<mark>" not in html
    assert bulletin["title"] in html
    body = re.search(r'<div class="doc-body">(.*?)</div>', html, re.S).group(1)
    assert body.count("<p>") == len([part for part in bulletin["body"].split("\n\n") if part.strip()])
    for label in bulletin["directives"]:
        assert query_of(link_named(html, label).href) == {"directive": [label]}
    if bulletin["url"]:
        assert f'href="{bulletin["url"]}"' in html
    assert link_named(html, "dạng JSON").href == f"/api/doc/{ONLY_2022}"


def test_document_page_shows_the_event_date_the_page_stamp_and_the_province(client):
    html = page(client, "/doc/001_ce4fcaa25c1ddba7")
    assert '<time datetime="2019-10-25">25/10/2019</time>' in html  # the day of the meeting
    assert "Ngày đăng" in html and '<time datetime="2019-10-26">26/10/2019</time>' in html
    html = page(client, "/doc/004_c1a92cc1975631cc")
    assert query_of(link_named(html, "Hà Nội").href) == {"province": ["Hà Nội"]}


def test_document_page_highlights_the_query_words(client):
    html = page(client, f"/doc/{ONLY_2022}?q={QUERY}")
    marked = {word.lower() for word in re.findall(r"<mark>(.*?)</mark>", html)}
    assert marked == {"tuyên", "giáo"}
    assert query_of(link_named(html, "Kết quả tìm").href) == {"q": [QUERY]}
    loose = page(client, f"/doc/{ONLY_2022}?q=tuyen giao")  # without marks: any marks match
    marked_loosely = {word.lower() for word in re.findall(r"<mark>(.*?)</mark>", loose)}
    assert {"tuyên", "giáo"} <= marked_loosely and {fold(word) for word in marked_loosely} == {"tuyen", "giao"}


def test_document_ids_with_slashes_route(client):
    assert client.get("/doc/some/nested/id").status_code == 404
    assert client.get("/api/doc/some/nested/id").get_json()["error"]["parameter"] == "id"


# --- JSON twins ---------------------------------------------------------------------------

def test_api_search_follows_the_json_contract(client):
    data = client.get(f"/api/search?q={QUERY}&per_page=3").get_json()
    assert set(data) == {"query", "total", "page", "per_page", "took_ms", "hits", "facets", "suggestion",
                         "pages", "prev", "next"}
    assert (data["query"], data["total"], data["page"], data["per_page"]) == (QUERY, 5, 1, 3)
    assert isinstance(data["took_ms"], float) and len(data["hits"]) == 3
    for hit in data["hits"]:
        assert set(hit) == {"id", "title", "date", "year", "unit", "directives", "url", "snippet", "score"}
        assert isinstance(hit["title"], str) and isinstance(hit["directives"], list)
        assert isinstance(hit["score"], float) and isinstance(hit["year"], (int, type(None)))
    assert set(data["facets"]) == {"unit", "level", "province", "year", "directive"}
    assert {"value": DIRECTIVE, "count": 4} in data["facets"]["directive"]
    assert all(isinstance(value["value"], int) for value in data["facets"]["year"])


def test_api_search_links_its_pages(client):
    first = client.get(f"/api/search?q={QUERY}&per_page=2&year=").get_json()
    assert (first["pages"], first["prev"]) == (3, None)
    second = client.get(first["next"]).get_json()
    assert second["page"] == 2 and query_of(second["next"])["page"] == ["3"]
    assert query_of(second["prev"]).get("page") is None  # page 1 is the URL without a page
    last = client.get(second["next"]).get_json()
    assert last["next"] is None
    past = client.get(f"/api/search?q={QUERY}&per_page=2&page=9").get_json()
    assert past["hits"] == [] and query_of(past["prev"])["page"] == ["3"] and past["next"] is None


def test_api_search_takes_the_page_parameters(client):
    data = client.get("/api/search?year=2022").get_json()
    assert [hit["id"] for hit in data["hits"]] == [ONLY_2022]


def test_every_html_state_links_its_json_twin(client):
    html = page(client, f"/?q={QUERY}&year=2022")
    twin = link_named(html, "dạng JSON")
    assert twin.href.startswith("/api/search?") and query_of(twin.href) == {"q": [QUERY], "year": ["2022"]}
    assert '<link rel="alternate" type="application/json"' in html
    assert client.get(twin.href).get_json()["total"] == shown_total(html)


def test_api_doc_returns_the_document(client, seed_engine):
    data = client.get(f"/api/doc/{ONLY_2022}").get_json()
    assert data == seed_engine.document(ONLY_2022)
    assert set(data) == {"id", "title", "date", "published", "year", "unit", "level", "province", "directives",
                         "authors", "people", "url", "path", "provenance", "body"}


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.content_type.startswith("application/opensearchdescription+xml")
    body = response.get_data(as_text=True)
    assert 'template="http://localhost/?q={searchTerms}"' in body
    assert 'template="http://localhost/api/search?q={searchTerms}"' in body
    assert 'rel="search" type="application/opensearchdescription+xml"' in page(client, "/")


def test_healthz(client, seed_engine):
    data = client.get("/healthz").get_json()
    assert data["ok"] is True and data["documents"] == 5
    assert data["generation"] == seed_engine.generation.name


# --- errors -------------------------------------------------------------------------------------

BAD_PARAMETERS = [
    ("year=abc", "year"),
    ("year=1800", "year"),
    ("page=0", "page"),
    ("page=1000000000", "page"),
    ("sort=random", "sort"),
    ("sort=newest&sort=relevance", "sort"),
    ("from=2019-13", "from"),
    ("from=2021&to=2019", "to"),
    ("per_page=many", "per_page"),
]
UNKNOWN_VALUES = ["unit=Ban+Tuyên+giáo+Sao+Hỏa", "level=vũ+trụ", "directive=Chỉ+thị+999-CT/TW", "year=2011"]


@pytest.mark.parametrize("query_string, parameter", BAD_PARAMETERS)
def test_bad_parameter_is_a_json_400(client, query_string, parameter):
    response = client.get(f"/api/search?q=tuyên&{query_string}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["status"] == 400 and error["message"]


@pytest.mark.parametrize("query_string, parameter", BAD_PARAMETERS)
def test_bad_parameter_is_a_helpful_html_400(client, query_string, parameter):
    fine_name, fine_value = ("sort", "newest") if parameter == "per_page" else ("per_page", "5")
    html = page(client, f"/?q=tuyên&{query_string}&{fine_name}={fine_value}", 400)
    assert "Cần sửa: " in html and "Traceback" not in html
    assert 'value="tuyên"' in html  # the query stays in the box
    retry = link_named(html, "Thử lại không có").href
    assert parameter not in query_of(retry) and query_of(retry)[fine_name] == [fine_value]
    assert client.get(retry).status_code == 200


def test_the_400_page_names_the_filter_in_words(client):
    assert "Cần sửa: bộ lọc Năm" in page(client, "/?q=tuyên&year=abc", 400)


@pytest.mark.parametrize("query_string", UNKNOWN_VALUES)
def test_a_filter_value_no_bulletin_has_is_zero_results_with_its_chip(client, query_string):
    name = query_string.split("=")[0]
    assert client.get(f"/api/search?q=tuyên&{query_string}").get_json()["total"] == 0
    html = page(client, f"/?q=tuyên&{query_string}")
    assert shown_total(html) == 0
    chip = [link for link in links_in(html) if "chip-removable" in link.attrs.get("class", "")][0]
    assert name not in query_of(chip.href) and query_of(chip.href)["q"] == ["tuyên"]


def test_an_over_long_query_is_cut_on_the_page_and_refused_by_the_api(client):
    typed = ("tuyên giáo " * 60).strip()
    html = page(client, f"/?q={typed}")
    assert "quá dài" in html and 'value="tuyên giáo tuyên' in html and shown_total(html) == 5
    response = client.get(f"/api/search?q={typed}")
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "q"


def test_document_page_refuses_long_queries(client):
    assert client.get(f"/doc/{ONLY_2022}?q={'a' * 501}").status_code == 400
    assert client.get(f"/doc/{ONLY_2022}?q=a&q=b").status_code == 400


def test_links_shared_with_tracking_parameters_still_open(client):
    tracked = "fbclid=IwAR0abc&utm_source=zalo&zarsrc=31"
    plain = client.get(f"/api/search?q={QUERY}&year=2022").get_json()
    shared = client.get(f"/api/search?q={QUERY}&year=2022&{tracked}").get_json()
    assert shared["total"] == plain["total"] == 1
    assert [hit["id"] for hit in shared["hits"]] == [ONLY_2022]
    assert client.get(f"/doc/{ONLY_2022}?{tracked}").status_code == 200
    assert client.get(f"/api/doc/{ONLY_2022}?{tracked}").get_json()["id"] == ONLY_2022


def test_unknown_document_is_a_404(client):
    html = page(client, "/doc/no-such-bulletin", 404)
    assert "no-such-bulletin" in html and "Không tìm thấy" in html
    error = client.get("/api/doc/no-such-bulletin").get_json()["error"]
    assert error["status"] == 404 and "no-such-bulletin" in error["message"]


def test_unknown_route_is_a_404_page_or_json(client):
    assert "Không có trang này" in page(client, "/no/such/page", 404)
    assert client.get("/api/nothing").get_json()["error"]["status"] == 404


def test_other_methods_are_refused(client):
    assert client.post("/").status_code == 405
    assert client.post("/api/search").get_json()["error"]["status"] == 405


def test_missing_index_is_a_503(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "nothing-here"), "TESTING": True}).test_client()
    html = page(client, "/", 503)
    assert "bantin index" in html
    for url in ("/api/search", "/healthz"):
        response = client.get(url)
        assert response.status_code == 503 and "bantin index" in response.get_json()["error"]["message"]


def test_an_unexpected_error_is_a_friendly_500(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index)})
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Đã có lỗi" in html
    assert "ZeroDivisionError" not in html and "Traceback" not in html


# --- safety ---------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("url", [f"/?q={SCRIPT}", f"/doc/{ONLY_2022}?q={SCRIPT}",
                                 f"/?year={SCRIPT}", f"/doc/{SCRIPT}"])
def test_user_input_is_escaped(client, url):
    html = client.get(url).get_data(as_text=True)
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_a_script_as_parameter_name_is_ignored(client):
    response = client.get(f"/?{SCRIPT}=1&q={QUERY}")
    assert response.status_code == 200 and "<script" not in response.get_data(as_text=True)


def test_query_syntax_never_breaks_the_page(client):
    for query in ['"', "(", "OR", "-", "a AND", "\x00", "tuyên:giáo*^2", "[1 TO 2]"]:
        assert client.get("/", query_string={"q": query}).status_code == 200, query


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize("url", ["/", f"/?q={QUERY}", f"/doc/{ONLY_2022}", "/api/search", f"/api/doc/{ONLY_2022}",
                                 "/opensearch.xml", "/healthz", "/static/style.css", "/doc/nope", "/?year=x"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    for name, value in SECURITY_HEADERS.items():
        assert value in headers.get(name, ""), name
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


def test_pages_need_nothing_from_elsewhere(client):
    for url in ("/", f"/?q={QUERY}", f"/doc/{ONLY_2022}", "/doc/nope"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html
        assert not re.search(r'src="|<link[^>]+href="(https?:)?//', html)


# --- a rebuilt index is picked up -------------------------------------------------------------------

NEW_BULLETIN = """---
title: Hội nghị tổng kết công tác tuyên giáo năm 2023
date: 2023-12-20
unit: Ban Tuyên giáo Quận ủy Ba Đình
level: quận
---
Sáng ngày 20/12/2023, Ban Tuyên giáo Quận ủy Ba Đình tổ chức hội nghị tổng kết công tác tuyên giáo
năm 2023 với chủ đề khinhkhícầu.
"""


def test_a_rebuilt_index_is_picked_up_without_a_restart(tmp_path):
    corpus, index = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    update_index(corpus, index, workers=1)
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    assert client.get(f"/api/search?q={QUERY}").get_json()["total"] == 5
    generation = client.get("/healthz").get_json()["generation"]

    # A build under way: its generation folder exists, CURRENT still names the old one.
    (index / "gen-999998").mkdir()
    assert client.get(f"/api/search?q={QUERY}").get_json()["total"] == 5
    shutil.rmtree(index / "gen-999998")

    (corpus / "moi.txt").write_text(NEW_BULLETIN, encoding="utf-8")
    update_index(corpus, index, workers=1)
    assert client.get("/healthz").get_json()["generation"] != generation
    assert client.get(f"/api/search?q={QUERY}").get_json()["total"] == 6
    assert shown_total(page(client, "/?q=khinhkhícầu")) == 1
    assert "khinhkhícầu" in page(client, "/doc/moi")
    assert {"value": 2023, "count": 1} in client.get("/api/search").get_json()["facets"]["year"]


def test_a_hit_and_its_page_carry_the_whole_search_back(client):
    """From page 2 of a filtered, sorted search to a bulletin, on to the next hit, and back
    to the same results page."""
    state = "q=tuyên+giáo&directive=Chỉ+thị+05-CT/TW&sort=newest&per_page=2&page=2"
    results = page(client, f"/?{state}")
    first_hit = [link for link in links_in(results) if "/doc/" in link.href][0]
    assert query_of(first_hit.href) == query_of(f"/?{state}")
    reading = page(client, first_hit.href)
    assert "Kết quả 3/4" in reading
    back = link_named(reading, "Kết quả tìm")
    assert query_of(back.href) == query_of(f"/?{state}")
    following = page(client, link_named(reading, "Bản tin sau").href)
    assert "Kết quả 4/4" in following and not links_named(following, "Bản tin sau")
    assert query_of(link_named(following, "Kết quả tìm").href)["page"] == ["2"]
    earlier = page(client, link_named(reading, "Bản tin trước").href)
    assert "Kết quả 2/4" in earlier and "page" not in query_of(link_named(earlier, "Kết quả tìm").href)


def test_several_values_of_a_facet_each_with_its_chip(client):
    """OR inside a facet, AND across facets; every value a toggle, each chosen one a chip."""
    html = page(client, "/?year=2019&year=2022")
    assert shown_total(html) == 2
    assert query_of(link_named(html, "Bỏ lọc Năm: 2019").href) == {"year": ["2022"]}
    assert query_of(link_named(html, "Bỏ lọc Năm: 2022").href) == {"year": ["2019"]}
    add_2021 = next(link for link in links_in(html) if link.text == "2021 1")
    assert query_of(add_2021.href) == {"year": ["2019", "2022", "2021"]}
    assert shown_total(page(client, "/?year=2019&year=2022&directive=Chỉ+thị+05-CT/TW")) == 2
    assert client.get("/api/search?year=2019&year=2022").get_json()["total"] == 2


def test_a_span_of_dates_and_the_undated(client, seed_engine):
    html = page(client, "/?q=tuyên+giáo&from=2019&to=2021-06")
    assert shown_total(html) == 2
    chip = link_named(html, "Bỏ lọc Thời gian: 2019 – 2021-06")
    assert query_of(chip.href) == {"q": ["tuyên giáo"]}
    assert client.get("/api/search?from=31/12/2020").get_json()["total"] == 2
    undated = seed_engine.search("", year="không rõ ngày")
    assert undated.total == sum(1 for hit in seed_engine.search("", per_page=100).hits if hit.year is None)


def test_one_year_chosen_shows_its_months(client):
    html = page(client, "/?year=2022")
    svg = re.search(r"<svg class=\"year-chart\".*?</svg>", html, re.S).group()
    assert "theo tháng, năm 2022" in html and svg.count("<rect") == 12
    september = next(link for link in links_in(svg) if "Tháng 9" in html)
    assert september and "Tháng 9: 1 bản tin" in svg
    assert query_of([link.href for link in links_in(svg)][8]) == {"from": ["2022-09"], "to": ["2022-09"]}


def test_a_zero_result_page_offers_to_drop_words(client):
    html = page(client, f"/?q=tuyên+giáo+{NOTHING}")
    assert shown_total(html) == 0
    assert query_of(link_named(html, f"Bỏ “{NOTHING}”").href) == {"q": ["tuyên giáo"]}
