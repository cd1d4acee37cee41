"""The array evaluator (search/evaluation.py) must find exactly what Whoosh's own matchers
find, and score it the same, on real text: it replaces them on every search."""

import numpy as np
import pytest
from whoosh import index as whoosh_index

from bench.query_set import all_queries
from conftest import CORPUS
from search.index.documents import document_for
from search.index.generations import open_live
from search.index.schema import make_schema
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin
from search.query.evaluate import Evaluator
from search.query.parse import QueryBuilder

SYNTAX_QUERIES = [
    "tuyên giáo OR tuyên truyền", "đảng -bóng", '"Ban Tuyên giáo Trung ương"', "UBND tỉnh",
    "Chỉ thị 05-CT/TW", "(giá OR vàng) -USD", "bao cao vien", "COVID-19", "không có từ nàyxyz",
]


def _whoosh_scores(searcher, parsed) -> dict[int, float]:
    return {docnum: score for docnum, score in searcher.search(parsed, limit=None, terms=False).items()}


def _our_scores(evaluator, parsed) -> dict[int, float]:
    matches = evaluator.evaluate(parsed)
    return {int(docnum): float(matches.scores[docnum]) for docnum in np.flatnonzero(matches.mask)}


def _assert_same(searcher, evaluator, builder, typed):
    parsed = builder.build(typed)
    expected, found = _whoosh_scores(searcher, parsed), _our_scores(evaluator, parsed)
    assert found.keys() == expected.keys(), typed
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-4), (typed, docnum)


@pytest.mark.slow
@pytest.mark.parametrize("typed", all_queries() + SYNTAX_QUERIES)
def test_matches_and_scores_as_whoosh_does_on_dantri(dantri, typed):
    _, engine = dantri
    ix, _ = open_live(engine.index_dir)
    with ix.searcher() as searcher:
        _assert_same(searcher, Evaluator(searcher), QueryBuilder(ix.schema, restore=lambda text: None), typed)


def test_several_segments_and_deleted_bulletins(tmp_path):
    """An index updated in place holds several segments and deleted documents: document
    numbers must line up across segments and a deleted bulletin must never come back."""
    sources, _ = scan_corpus(CORPUS)
    documents = [document_for(read_bulletin(source)[0]) for source in sources]
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    for batch in (documents[:3], documents[3:]):
        writer = ix.writer()
        for document in batch:
            writer.add_document(**document)
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("id", documents[1]["id"])
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2 and searcher.reader().has_deletions()
        evaluator, builder = Evaluator(searcher), QueryBuilder(ix.schema, restore=lambda text: None)
        for typed in ["tuyên giáo", "đảng", '"Ban Tuyên giáo"', "hội nghị -quý"]:
            _assert_same(searcher, evaluator, builder, typed)
        deleted = 1  # the second bulletin added, in the first segment
        assert searcher.reader().is_deleted(deleted)
        assert not evaluator.evaluate(builder.build("tuyên giáo")).mask[deleted]
        assert evaluator.evaluate(builder.build("tuyên giáo")).mask.sum() == len(documents) - 1
