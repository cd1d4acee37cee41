"""Whole results kept per index generation (search/query/cache.py): a repeated request is
answered with what a search gives, bounded, and never from an older generation."""

import unicodedata
from dataclasses import replace

from conftest import copy_seeds
from search import Engine, update_index
from search.query.cache import ResultCache, estimated_bytes

QUERY = "tuyên giáo"


def _same(first, second):
    assert replace(first, took_ms=0) == replace(second, took_ms=0)


def _fresh_index(tmp_path):
    """An index of the seeds of its own: a generation no other test has searched."""
    index_dir = tmp_path / "index"
    update_index(copy_seeds(tmp_path / "corpus"), index_dir, workers=1)
    return index_dir


def test_a_repeated_search_gives_what_the_search_gave(tmp_path):
    index_dir = _fresh_index(tmp_path)
    engine, uncached = Engine(index_dir), Engine(index_dir, cache_results=False)
    cache = engine.results
    first = engine.search(QUERY, year=2022)
    again = engine.search(QUERY, year=2022)
    assert (cache.hits, cache.misses) == (1, 1)
    _same(first, again)
    _same(first, uncached.search(QUERY, year=2022))
    assert uncached.results is None


def test_the_key_is_the_normalised_request(tmp_path):
    engine = Engine(_fresh_index(tmp_path))
    cache = engine.results
    engine.search(QUERY, unit="Ban Tuyên giáo Huyện ủy Gia Lâm")
    hits = cache.hits
    # The same request written otherwise: decomposed, padded, the unit loosely.
    same = engine.search("  " + unicodedata.normalize("NFD", QUERY) + " ", unit="gia lam")
    assert cache.hits == hits + 1 and same.query == QUERY
    # Anything that changes the answer is another entry.
    for other in ({"query": QUERY, "page": 2}, {"query": QUERY, "per_page": 5}, {"query": QUERY, "sort": "newest"},
                  {"query": QUERY, "year": 2022}, {"query": "tuyên"}):
        engine.search(**other)
        assert cache.hits == hits + 1, other


def test_the_cache_is_bounded_and_drops_the_least_recently_used(seed_engine):
    results = [seed_engine.search(query) for query in ("tuyên giáo", "đảng", "hội nghị", "quận")]
    cache = ResultCache(max_entries=2)
    for number, result in enumerate(results):
        cache.put(("q", number), result)
    assert len(cache) == 2 and cache.get(("q", 0)) is None and cache.get(("q", 3)) is results[3]
    small = ResultCache(max_bytes=estimated_bytes(results[0]) + max(map(estimated_bytes, results[1:3])))
    small.put(("q", 0), results[0])
    small.put(("q", 1), results[1])
    small.get(("q", 0))  # now the most recently used
    small.put(("q", 2), results[2])
    assert small.get(("q", 0)) is results[0] and small.get(("q", 1)) is None
    assert small.bytes <= small.max_bytes


def test_a_new_generation_is_never_answered_from_the_old_ones_cache(tmp_path):
    index_dir, corpus = _fresh_index(tmp_path), tmp_path / "corpus"
    engine = Engine(index_dir)
    assert engine.search(QUERY).total == 5
    (corpus / "003_2fa3e06238549911.txt").unlink()
    update_index(corpus, index_dir, workers=1)
    assert engine.search(QUERY).total == 5  # this engine still reads its generation ...
    engine.refresh()
    assert engine.search(QUERY).total == 4  # ... and the next one has a cache of its own
    assert Engine(index_dir).search(QUERY).total == 4
