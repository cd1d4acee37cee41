"""The twins of the search page: CSV export, Atom feed, the browser's search suggestions."""

import csv
import io
import xml.etree.ElementTree as ElementTree

from web_fixtures import client, links_named, web_app  # noqa: F401  (fixtures)

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_csv_lists_every_bulletin_found_and_opens_in_excel(client, seed_engine):
    response = client.get("/export.csv?q=tuyên giáo&year=2022")
    raw = response.get_data()
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads Vietnamese right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    found = seed_engine.search("tuyên giáo", year="2022")
    assert [row["id"] for row in rows] == [hit.id for hit in found.hits] and len(rows) == found.total
    assert rows[0]["title"] == found.hits[0].title and rows[0]["date"].startswith("2022")
    assert rows[0]["link"].endswith(f"/doc/{rows[0]['id']}")
    assert set(rows[0]) >= {"id", "title", "date", "published", "unit", "level", "province", "directives", "url"}


def test_an_export_says_when_its_cap_cuts_it(seed_engine):
    export = seed_engine.export("tuyên giáo", limit=2)
    assert export.total == 5 and len(export.records) == 2 and export.cut
    assert not seed_engine.export("tuyên giáo").cut


def test_the_page_links_its_csv_and_its_feed(client):
    html = client.get("/?q=tuyên giáo").get_data(as_text=True)
    assert links_named(html, "Tải về CSV") and 'type="application/atom+xml"' in html


def test_the_atom_feed_follows_a_search_newest_first(client, seed_engine):
    response = client.get("/feed.atom?q=tuyên giáo&sort=relevance")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.get_data())
    entries = feed.findall(f"{ATOM}entry")
    newest = seed_engine.search("tuyên giáo", sort="newest")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [hit.title for hit in newest.hits]
    assert all(entry.find(f"{ATOM}link").get("href").startswith("http") for entry in entries)
    assert "tuyên giáo" in feed.find(f"{ATOM}title").text


def test_the_address_bar_gets_completions_from_the_index(client):
    response = client.get("/suggest?q=tuyen gi")
    assert response.mimetype == "application/x-suggestions+json"
    prefix, completions = response.get_json()
    assert prefix == "tuyen gi" and "tuyên giáo" in completions
    assert client.get("/suggest?q=").get_json() == ["", []]
    assert "application/x-suggestions+json" in client.get("/opensearch.xml").get_data(as_text=True)
