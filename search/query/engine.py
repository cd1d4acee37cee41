"""Search the index: filter, count facets, highlight, return a plain result (the query
itself is built by :mod:`search.query.parse`, evaluated by :mod:`search.query.evaluate`).

One :class:`Engine` serves the CLI and the web app alike. It is not thread-safe (Whoosh
searchers are not): keep one per thread and reuse it; :meth:`Engine.refresh` moves it
onto a newer index generation when one has been built. What never changes within a
generation is shared by every engine of the process on it: the facet table, the accent
restorer, the postings data (search/query/evaluate.py), and the whole results of recent searches (:mod:`search.query.cache`), so a
request repeated by many (a shared link) is answered without searching again.

Facet counts follow the usual faceted-search rule: the counts of a facet are taken
over the query's matches with every *other* facet's filter applied, so a user who
picked a year still sees how many hits each other year has.
"""

import threading
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
from whoosh.query import Every

from ..analysis.segmenter import load_segmenter
from ..errors import IndexMissing, InvalidQuery
from ..index.generations import build_facts, live_generation, open_live
from ..index.schema import split_labels
from ..limits import MAX_PAGE, MAX_PER_PAGE
from ..text import compose, fold, normalise_syllable
from .cache import ResultCache
from .checks import bounded_int, typed_query
from .evaluate import Evaluator, GenerationData
from .facets import FACETS, FACETS_BY_NAME, FacetTable
from .highlight import Marker, folding_table, plain_snippet
from .parse import QueryBuilder
from .results import FacetValue, Hit, SearchResult
from .suggest import AccentRestorer

SORTS = ("relevance", "newest")


_SHARED_GENERATIONS = 2
_shared_lock = threading.Lock()
_shared_by_generation: dict[tuple, dict] = {}


def _shared(key: tuple, name: str, build):
    """What every engine on one index generation (``key``) can share, built once: the
    facet table and the accent restorer are only read after they are built, and building
    them reads the whole index (seconds at 100,000 bulletins, for every server thread)."""
    with _shared_lock:
        values = _shared_by_generation.get(key)
        if values is None:
            while len(_shared_by_generation) >= _SHARED_GENERATIONS:
                _shared_by_generation.pop(next(iter(_shared_by_generation)))
            values = _shared_by_generation[key] = {}
        if name not in values:
            values[name] = build()
        return values[name]


class Engine:
    def __init__(self, index_dir, cache_results: bool = True):
        """``cache_results=False``: search every time, keep no results (measurements)."""
        self.index_dir = Path(index_dir)
        self._cache_results = cache_results
        self._open()

    # --- opening and refreshing -------------------------------------------------

    def _open(self) -> None:
        self._index, self.generation = open_live(self.index_dir)
        self._generation_key = (str(self.generation), self.generation.stat().st_ino)  # a folder made anew differs
        self._searcher = self._index.searcher()
        self._facet_table = None
        self._evaluator = None
        self._restorer = None
        self._results = None
        self._queries = QueryBuilder(self._index.schema, restore=lambda text: self.restorer.restore(text))

    def refresh(self) -> None:
        """Move to the newest index generation if one has been built since."""
        if live_generation(self.index_dir) != self.generation:
            old = self._searcher
            self._open()
            old.close()

    def close(self) -> None:
        self._searcher.close()

    @property
    def facet_table(self) -> FacetTable:
        if self._facet_table is None:
            self._facet_table = _shared(self._generation_key, "facets", lambda: FacetTable(self._searcher.reader()))
        return self._facet_table

    @property
    def evaluator(self) -> Evaluator:
        if self._evaluator is None:
            shared = _shared(self._generation_key, "postings", lambda: GenerationData(self._searcher))
            self._evaluator = Evaluator(self._searcher, shared)
        return self._evaluator

    @property
    def results(self) -> ResultCache | None:
        """The results of recent searches on this generation, shared by the process's engines."""
        if not self._cache_results:
            return None
        if self._results is None:
            self._results = _shared(self._generation_key, "results", ResultCache)
        return self._results

    @property
    def restorer(self) -> AccentRestorer:
        if self._restorer is None:
            self._restorer = _shared(self._generation_key, "restorer",
                                     lambda: AccentRestorer.from_reader(self._searcher.reader()))
        return self._restorer

    # --- search -------------------------------------------------------------------

    def search(self, query: str = "", unit=None, level=None, year=None, directive=None,
               page=1, per_page=10, sort: str | None = None) -> SearchResult:
        started = time.perf_counter()
        query = typed_query(query)
        page = bounded_int("page", page, 1, MAX_PAGE, "Trang")
        per_page = bounded_int("per_page", per_page, 1, MAX_PER_PAGE, "Số kết quả mỗi trang")
        sort = sort or ("relevance" if query else "newest")
        if sort not in SORTS:
            raise InvalidQuery("sort", f"Cách sắp xếp '{sort}' không hợp lệ (chọn: {', '.join(SORTS)}).")
        filters = self._resolve_filters(unit=unit, level=level, year=year, directive=directive)
        key = (query, tuple(sorted(filters.items())), page, per_page, sort)
        results = self.results
        if results is not None:
            cached = results.get(key, took_ms=_elapsed_ms(started))
            if cached is not None:
                return cached

        parsed = self._queries.build(query) if query else Every()
        matches = self.evaluator.evaluate(parsed)
        selected, facets = self._count(matches.mask, filters)
        total = int(selected.sum())
        marker = Marker.for_query(parsed) if query else None
        hits = self._hits(selected, matches.scores, marker, page, per_page, sort if query else "newest")
        suggestion = self._suggest(query, total) if query else None
        result = SearchResult(query=query, total=total, page=page, per_page=per_page, took_ms=_elapsed_ms(started),
                              hits=hits, facets=facets, filters=filters, sort=sort, suggestion=suggestion)
        if results is not None:
            results.put(key, result)
        return result

    def ranking(self, query: str) -> list[str]:
        """The ids of every bulletin ``query`` matches, best first, with no filter, facet or
        snippet: what search-quality measurements (bench/quality.py) rank against."""
        matches = self.evaluator.evaluate(self._queries.build(typed_query(query)))
        ids = self._searcher.reader().column_reader("id")
        return [ids[docnum] for docnum in _best_first(np.flatnonzero(matches.mask), matches.scores)]

    def _suggest(self, query: str, total: int) -> str | None:
        """The query with its marks restored when typed without; when a query typed with
        marks finds nothing, the marks most likely meant (``tuyến giáo`` -> ``tuyên giáo``)."""
        suggestion = self.restorer.restore(query)
        if suggestion is None and total == 0:
            suggestion = self.restorer.restore(fold(query))
        typed = " ".join(normalise_syllable(word) for word in query.split())
        return suggestion if suggestion and suggestion != typed else None

    def marker(self, query: str) -> Marker:
        """Marks the words of ``query`` the way search results mark them (for reading a
        whole bulletin found by that query). InvalidQuery if it is too long to search."""
        query = typed_query(query)
        return Marker.for_query(self._queries.build(query)) if query else Marker(set())

    def _count(self, matches: np.ndarray, filters: dict) -> tuple[np.ndarray, dict[str, list[FacetValue]]]:
        """The matches every filter keeps, and each facet's counts over the matches the
        *other* facets' filters keep."""
        table = self.facet_table
        having = {name: table.having(name, value) for name, value in filters.items()}
        selected = np.logical_and.reduce([matches, *having.values()])
        facets = {}
        for facet in FACETS:
            kept = np.logical_and.reduce([matches, *(mask for other, mask in having.items() if other != facet.name)])
            counts = table.counts(facet.name, kept)
            facets[facet.name] = [FacetValue(value, count) for value, count in
                                  sorted(counts.items(), key=lambda item: facet.order(*item))]
        return selected, facets

    def _hits(self, selected, scores, marker: Marker | None, page, per_page, sort) -> list[Hit]:
        candidates = np.flatnonzero(selected)
        if sort == "newest":
            ranked = _best_first(candidates, self.facet_table.date_rank, limit=page * per_page)
        else:
            ranked = _best_first(candidates, scores, limit=page * per_page)
        hits = []
        for docnum in ranked[(page - 1) * per_page: page * per_page]:
            stored = self._searcher.stored_fields(int(docnum))
            hits.append(Hit(
                id=stored["id"], title=stored["title"], date=stored.get("date") or None,
                year=int(stored["year"]) if stored.get("year") else None, unit=stored.get("unit") or None,
                directives=split_labels(stored.get("directive")), url=stored.get("url"),
                snippet=marker.snippet(stored["body"]) if marker else plain_snippet(stored["body"]),
                score=round(float(scores[docnum]), 4),
            ))
        return hits

    # --- filters --------------------------------------------------------------------

    def _resolve_filters(self, **requested) -> dict[str, str]:
        """Map each given filter onto a value present in the index, or raise InvalidQuery."""
        known = self.facet_table.known
        resolved = {}
        for name, raw in requested.items():
            if raw is None or str(raw).strip() == "":
                continue
            facet = FACETS_BY_NAME[name]
            value = facet.resolve(compose(str(raw)).strip(), known[name])
            if value not in known[name]:
                raise InvalidQuery(name, f"Không có {facet.noun} '{raw}' trong chỉ mục.")
            resolved[name] = value
        return resolved

    # --- documents and statistics ------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        """The whole cleaned bulletin with its metadata (``bantin show``), or None."""
        stored = self._searcher.document(id=doc_id)
        if stored is None:
            return None
        return {
            "id": stored["id"], "title": stored["title"], "date": stored.get("date") or None,
            "year": int(stored["year"]) if stored.get("year") else None,
            "unit": stored.get("unit") or None, "level": stored.get("level") or None,
            "directives": split_labels(stored.get("directive")),
            "authors": list(stored.get("authors") or []), "url": stored.get("url"),
            "path": stored.get("path"), "body": stored["body"],
        }

    def stats(self) -> dict:
        whole = self.search("")
        facts = build_facts(self.index_dir)
        return {
            "documents": self._searcher.doc_count(),
            "facets": {name: [asdict(v) for v in values] for name, values in whole.facets.items()},
            "index_size_bytes": facts["size_bytes"],
            "last_build": facts.get("built_at"),
            "corpus": facts.get("corpus"),
            "generation": facts["generation"],
        }


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _best_first(docnums: np.ndarray, keys: np.ndarray, limit: int | None = None) -> np.ndarray:
    """``docnums`` by ``keys[docnum]`` descending, ties by document number; only the
    first ``limit`` are sorted when given (the rest are never shown)."""
    values = keys[docnums]
    if limit is not None and len(docnums) > limit:
        threshold = np.partition(values, len(values) - limit)[len(values) - limit]
        docnums, values = docnums[values >= threshold], values[values >= threshold]
    return docnums[np.lexsort((docnums, -values))][:limit]


def warm_up(index_dir=None) -> None:
    """Load what the first search would otherwise wait for: pyvi's model and the folding
    table of snippets, and with ``index_dir`` what every engine on its live generation
    shares (facet table, accent restorer, postings data: seconds at 100,000 bulletins).
    A server calls it before it forks its workers, which then start with all of it."""
    load_segmenter()
    folding_table()
    if index_dir is not None:
        try:
            engine = Engine(index_dir)
        except IndexMissing:
            return
        engine.facet_table, engine.restorer  # noqa: B018  (built and shared)
        engine.evaluator.warm()
        engine.close()
