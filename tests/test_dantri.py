"""The 2,653 real Dân trí articles index without a failure and come back end to end.

Each file is front matter (url, date) and the article's text; the first line is the headline or,
in about half of them, the lead itself.
"""

import random

import pytest

from conftest import DANTRI
from search.ingest.frontmatter import split_front_matter

pytestmark = pytest.mark.slow


def test_every_article_indexes_without_failure(dantri):
    report, engine = dantri
    assert report.skipped == [] and report.warnings == []
    assert report.documents == report.added == 2653
    assert engine.stats()["documents"] == 2653


def first_line(path):
    front, text, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return front, text.strip().splitlines()[0].strip()


def test_a_sample_comes_back_end_to_end(dantri):
    _, engine = dantri
    paths = sorted(DANTRI.glob("*.txt"))
    for path in random.Random(20261123).sample(paths, 40):
        front, headline = first_line(path)
        document = engine.document(path.stem)
        assert document["url"] == front["url"]
        assert document["date"] == front["date"].isoformat()
        # The first line, typed as a query, finds its article on the first page.
        typed = headline if len(headline) <= 120 else headline[:120].rsplit(" ", 1)[0]
        found = [hit.id for hit in engine.search(typed, per_page=10).hits]
        assert path.stem in found, headline


def test_titles_agree_with_the_first_line(dantri):
    """The title is the headline or, where an article opens with its lead (about half of
    them), the lead's first sentence. A short line after the lead can still pass for a
    headline (a sub-heading, a caption without a full stop): allowed in at most 3%."""
    _, engine = dantri
    paths = sorted(DANTRI.glob("*.txt"))
    wrong = []
    for path in paths:
        _, headline = first_line(path)
        title = engine.document(path.stem)["title"]
        if not (title and headline.startswith(title.removesuffix("…"))):
            wrong.append((path.stem, title))
    print(f"titles not from the first line: {len(wrong)}/{len(paths)}")
    assert len(wrong) <= 0.03 * len(paths), wrong[:10]
