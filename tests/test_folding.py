"""Copies of one text (a bulletin re-posted by another site, in its own chrome) fold under
the first in the result list, with a count; a parameter lists every copy."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT, copy_seeds
from search import Engine, update_index
from web import create_app



@pytest.fixture(scope="module")
def with_a_copy(tmp_path_factory):
    corpus = copy_seeds(tmp_path_factory.mktemp("corpus"))
    original = next(corpus.glob("001_*.txt"))
    text = original.read_text(encoding="utf-8")
    (corpus / "dang-lai.txt").write_text("Trang chủ > Tin tức > Tuyên giáo\n\n" + text + "\n\nLượt xem: 120\n",
                                         encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    update_index(corpus, index_dir, workers=1)
    return index_dir, original.stem


def test_a_copy_folds_under_the_first_and_is_counted(with_a_copy):
    index_dir, original = with_a_copy
    engine = Engine(index_dir)
    folded = engine.search("tuyên giáo")
    assert folded.total == 6 and folded.folded == 1 and len(folded.hits) == 5 and folded.pages == 1
    first = next(hit for hit in folded.hits if hit.id in (original, "dang-lai"))
    assert first.copies == 1 and {hit.id for hit in folded.hits} & {original, "dang-lai"} == {first.id}
    every = engine.search("tuyên giáo", fold=False)
    assert len(every.hits) == 6 and every.folded == 0 and all(hit.copies == 0 for hit in every.hits)


def test_the_page_says_so_and_links_every_copy(with_a_copy):
    index_dir, _ = with_a_copy
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    html = client.get("/?q=tuyên giáo").get_data(as_text=True)
    assert html.count('class="hit"') == 5 and "Cùng nội dung với 1 bản tin khác" in html
    assert client.get("/?q=tuyên giáo&fold=0").get_data(as_text=True).count('class="hit"') == 6
    data = client.get("/api/search?q=tuyên giáo").get_json()
    assert data["folded"] == 1 and sum(hit.get("copies", 0) for hit in data["hits"]) == 1


def test_the_command_line_folds_too(with_a_copy):
    index_dir, _ = with_a_copy
    run = [sys.executable, "-m", "cli", "search", "tuyên giáo", "--index", str(index_dir), "--json"]
    folded = json.loads(subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    every = json.loads(subprocess.run([*run, "--no-fold"], cwd=ROOT, capture_output=True, text=True,
                                      check=True).stdout)
    assert (len(folded["hits"]), len(every["hits"])) == (5, 6)
