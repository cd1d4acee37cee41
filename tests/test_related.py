"""A bulletin's page names the same event reported elsewhere and bulletins on like subjects."""

import pytest

from conftest import BULLETINS_DEV, need_shared
from search import Engine, update_index
from web import create_app


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("related-index")
    update_index(need_shared(BULLETINS_DEV), index_dir, workers=1)
    return Engine(index_dir), index_dir


def test_the_same_event_from_two_sites_is_found_and_nothing_else(dev):
    """093 and 094 of bulletins-dev report one conference (15 May 2024, TP.HCM) in their own
    words; no other two of its 47 bulletins are taken for one event."""
    engine, _ = dev
    assert [brief.id for brief in engine.related("093").same_event] == ["094"]
    assert [brief.id for brief in engine.related("094").same_event] == ["093"]
    others = [record["id"] for record in engine.export().records if record["id"] not in ("093", "094")]
    assert len(others) == 45
    assert [doc_id for doc_id in others if engine.related(doc_id).same_event] == []


def test_the_page_links_them(dev):
    _, index_dir = dev
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    html = client.get("/doc/093").get_data(as_text=True)
    assert "1 bản tin khác đưa tin này" in html and 'href="/doc/094"' in html
    assert "Bản tin liên quan" in html and html.count('href="/doc/') >= 5
