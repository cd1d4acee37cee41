"""The array evaluator (search/query/evaluate.py) must find exactly what Whoosh's own matchers
find, and score it the same, on real text: it replaces them on every search. It reads
postings from the arrays beside each segment (search/index/postings.py) where they are,
through Whoosh where not: both ways give the same matches and the same scores."""

import numpy as np
import pytest
from whoosh import index as whoosh_index

from bench.query_set import all_queries
from conftest import CORPUS, DANTRI
from search.index.documents import document_for
from search.index.generations import open_live
from search.index.postings import write_missing
from search.index.schema import make_schema
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin
from search.query.evaluate import Evaluator, GenerationData
from search.query.parse import QueryBuilder

# Phrases checked by positions: of three syllables or more, or with a rare syllable, or
# a word repeated.
LONG_PHRASES = ['"công tác tuyên truyền"', '"đội tuyển Việt Nam"', '"Covid-19"', '"hơn nữa"', '"rất rất"',
                '"tổ chức hội nghị trực tuyến"', '"khinhkhícầu nghị"', "kinh tế xã hội", '"ha noi"']
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


def _without_postings_files(searcher) -> GenerationData:
    """The generation's data as if its segments had no postings files (read through Whoosh)."""
    shared = GenerationData(searcher)
    shared.segments = [(offset, None) for offset, _ in shared.segments]
    shared.mapped = False
    return shared


def _assert_same_both_ways(searcher, builder, typed, shared, through_whoosh):
    """As Whoosh's own search, and bit for bit as when every posting and phrase is read
    through Whoosh instead of the postings files."""
    mapped = Evaluator(searcher, shared)
    assert shared.mapped and shared.has_positions("body")  # the build wrote every segment's postings file
    _assert_same(searcher, mapped, builder, typed)
    ours = mapped.evaluate(builder.build(typed))
    theirs = Evaluator(searcher, through_whoosh).evaluate(builder.build(typed))
    assert np.array_equal(ours.mask, theirs.mask) and np.array_equal(ours.scores, theirs.scores), typed


@pytest.mark.slow
@pytest.mark.parametrize("typed", all_queries() + SYNTAX_QUERIES + LONG_PHRASES)
def test_matches_and_scores_as_whoosh_does_on_dantri(dantri, typed):
    _, engine = dantri
    ix, _ = open_live(engine.index_dir)
    with ix.searcher() as searcher:
        _assert_same_both_ways(searcher, QueryBuilder(ix.schema, restore=lambda text: None), typed,
                               GenerationData(searcher), _without_postings_files(searcher))


@pytest.mark.slow
def test_the_diverse_benchmark_queries_match_and_score_as_whoosh_does(dantri):
    """Queries of every kind the benchmark times (bench/diverse_queries.py), filters aside."""
    from bench.diverse_queries import sample

    measured, _ = sample(DANTRI, count=150, warmup=0, documents=200, workers=1)
    _, engine = dantri
    ix, _ = open_live(engine.index_dir)
    with ix.searcher() as searcher:
        builder = QueryBuilder(ix.schema, restore=lambda text: None)
        shared, through_whoosh = GenerationData(searcher), _without_postings_files(searcher)
        for query in measured:
            _assert_same_both_ways(searcher, builder, query.text, shared, through_whoosh)


def test_several_segments_and_deleted_bulletins(tmp_path):
    """An index updated in place holds several segments and deleted documents: document
    numbers must line up across segments and a deleted bulletin must never come back,
    read through Whoosh or from the postings files (whose frequencies count the deleted
    bulletins' postings, as Whoosh's do)."""
    sources, _ = scan_corpus(CORPUS)
    documents = [document_for(read_bulletin(source)[0]) for source in sources]
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    for batch in (documents[:3], documents[3:]):
        writer = ix.writer(compound=False)  # as bantin writes segments: files of their own
        for document in batch:
            writer.add_document(**document)
        writer.commit(merge=False)
    writer = ix.writer(compound=False)
    writer.delete_by_term("id", documents[1]["id"])
    writer.commit(merge=False)
    for with_files in (False, True):
        with ix.searcher() as searcher:
            if with_files:
                assert write_missing(searcher.reader()) == 2
            assert len(searcher.reader().leaf_readers()) == 2 and searcher.reader().has_deletions()
            evaluator, builder = Evaluator(searcher), QueryBuilder(ix.schema, restore=lambda text: None)
            assert evaluator._shared.mapped == with_files
            for typed in ["tuyên giáo", "đảng", '"Ban Tuyên giáo"', "hội nghị -quý", "chỉ thị 05"]:
                _assert_same(searcher, evaluator, builder, typed)
            deleted = 1  # the second bulletin added, in the first segment
            assert searcher.reader().is_deleted(deleted)
            assert not evaluator.evaluate(builder.build("tuyên giáo")).mask[deleted]
            assert evaluator.evaluate(builder.build("tuyên giáo")).mask.sum() == len(documents) - 1
