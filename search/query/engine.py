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
from ..limits import MAX_COMPLETIONS, MAX_EXPORT_ROWS, MAX_PAGE, MAX_PER_PAGE
from ..text import compose, fold, has_diacritics, normalise_syllable
from .cache import ResultCache
from .checks import bounded_int, typed_query
from .evaluate import Evaluator, GenerationData
from .facets import FACETS, FACETS_BY_NAME, FacetTable
from .health import check_health
from .highlight import Marker, folding_table, plain_snippet
from .parse import QueryBuilder
from .dates import DateSpan
from .related import CANDIDATES, Related, key_terms, like_query, same_event
from .results import ActiveFilter, Brief, Export, FacetValue, Hit, MarkedText, Neighbours, SearchResult
from .suggest import Vocabulary

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
        self._vocabulary = None
        self._results = None
        self._queries = QueryBuilder(self._index.schema, restore=lambda text: self.vocabulary.restore(text))

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
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = _shared(self._generation_key, "vocabulary",
                                       lambda: Vocabulary.from_reader(self._searcher.reader()))
        return self._vocabulary

    @property
    def results(self) -> ResultCache | None:
        """The results of recent searches on this generation, shared by the process's engines."""
        if not self._cache_results:
            return None
        if self._results is None:
            self._results = _shared(self._generation_key, "results", ResultCache)
        return self._results

    # --- search -------------------------------------------------------------------

    def search(self, query: str = "", page=1, per_page=10, sort: str | None = None,
               since: str | None = None, until: str | None = None, fold: bool = True, **filters) -> SearchResult:
        """``filters``: by facet name, a value or a list of values (a bulletin with any of
        them passes: OR inside a facet, AND across facets); ``since``/``until``: a span of
        dates, each a year, a month or a day (``2019``, ``2019-05``, ``2019-05-31``)."""
        started = time.perf_counter()
        query = typed_query(query)
        page = bounded_int("page", page, 1, MAX_PAGE, "Trang")
        per_page = bounded_int("per_page", per_page, 1, MAX_PER_PAGE, "Số kết quả mỗi trang")
        sort = _checked_sort(sort, query)
        chosen = self._resolve_filters(**filters)
        span = DateSpan.parse(since, until)
        key = (query, tuple((name, tuple(values)) for name, values in sorted(chosen.items())),
               span.asked if span else None, page, per_page, sort, fold)
        results = self.results
        if results is not None:
            cached = results.get(key, took_ms=_elapsed_ms(started))
            if cached is not None:
                return cached

        parsed = self._queries.build(query) if query else Every()
        matches = self.evaluator.evaluate(parsed)
        selected, facets = self._count(matches.mask & self.facet_table.within(span), chosen)
        total = int(selected.sum())
        marker = self._marker_for(parsed, query) if query else None
        hits, folded = self._hits(selected, matches.scores, marker, page, per_page, sort if query else "newest", fold)
        suggestion = self._suggest(query, total, chosen, span) if query else None
        result = SearchResult(query=query, total=total, page=page, per_page=per_page, took_ms=_elapsed_ms(started),
                              hits=hits, facets=facets, filters=chosen, sort=sort, suggestion=suggestion,
                              active=[ActiveFilter(name, value, FACETS_BY_NAME[name].label(value))
                                      for name, values in chosen.items() for value in values],
                              dates=span.asked if span else None, months=self._months(selected, chosen),
                              folded=folded)
        if results is not None:
            results.put(key, result)
        return result

    def ranking(self, query: str) -> list[str]:
        """The ids of every bulletin ``query`` matches, best first, with no filter, facet or
        snippet: what search-quality measurements (bench/quality.py) rank against."""
        matches = self.evaluator.evaluate(self._queries.build(typed_query(query)))
        ids = self._searcher.reader().column_reader("id")
        return [ids[docnum] for docnum in _best_first(np.flatnonzero(matches.mask), matches.scores)]

    def _suggest(self, query: str, total: int, filters: dict, span) -> str | None:
        """What the user may have meant (search/query/suggest.py), shown only when it finds
        more than the query did, or when it only restores the marks of a query typed
        without any: never a change of typed marks that finds nothing."""
        only_restores = not has_diacritics(query)
        for candidate in self.vocabulary.candidates(query, total):
            if only_restores and fold(candidate) == fold(normalise_query(query)):
                return candidate
            if self._total(candidate, filters, span) > total:
                return candidate
        return None

    def _total(self, query: str, filters: dict, span) -> int:
        matches = self.evaluator.evaluate(self._queries.build(query))
        return int(self._count(matches.mask & self.facet_table.within(span), filters)[0].sum())

    def _months(self, selected: np.ndarray, chosen: dict) -> list[FacetValue]:
        """Bulletins by month of the one year chosen (a chart's finer view), else []."""
        years = chosen.get("year", [])
        if len(years) != 1 or not years[0].isdigit():
            return []
        return [FacetValue(month, count) for month, count in self.facet_table.months(selected, years[0]).items()]

    def marker(self, query: str) -> Marker:
        """Marks the words of ``query`` the way search results mark them (for reading a
        whole bulletin found by that query). InvalidQuery if it is too long to search."""
        query = typed_query(query)
        return self._marker_for(self._queries.build(query), query) if query else Marker(set())

    def _marker_for(self, parsed, query: str) -> Marker:
        return Marker.for_query(parsed, query, self.vocabulary.restore_unmarked(query))

    def _count(self, matches: np.ndarray, filters: dict) -> tuple[np.ndarray, dict[str, list[FacetValue]]]:
        """The matches every filter keeps, and each facet's counts over the matches the
        *other* facets' filters keep."""
        table = self.facet_table
        having = {name: table.having(name, _covered(name, values)) for name, values in filters.items()}
        selected = np.logical_and.reduce([matches, *having.values()])
        facets = {}
        for facet in FACETS:
            kept = np.logical_and.reduce([matches, *(mask for other, mask in having.items() if other != facet.name)])
            counts = table.counts(facet.name, kept)
            notes = table.notes.get(facet.name, {})
            facets[facet.name] = [FacetValue(value, count, notes.get(value)) for value, count in
                                  sorted(counts.items(), key=lambda item: facet.order(*item))]
        return selected, facets

    def _ranked(self, candidates: np.ndarray, scores: np.ndarray, sort: str, limit: int | None) -> np.ndarray:
        """The first ``limit`` of ``candidates``, newest or best first."""
        return _best_first(candidates, self.facet_table.date_rank if sort == "newest" else scores, limit=limit)

    def _hits(self, selected, scores, marker: Marker | None, page, per_page, sort, fold) -> tuple[list[Hit], int]:
        """The page's hits, and how many copies were folded under first ones (``fold``: a
        text found in several bulletins is shown once, the copies counted on it)."""
        candidates = np.flatnonzero(selected)
        copies, folded = None, 0
        if fold and self.facet_table.has_copies:
            ranked, copies = self._folded(self._ranked(candidates, scores, sort, None))
            folded = len(candidates) - len(ranked)
        else:
            ranked = self._ranked(candidates, scores, sort, page * per_page)
        hits = []
        for position in range((page - 1) * per_page, min(page * per_page, len(ranked))):
            docnum = ranked[position]
            stored = self._searcher.stored_fields(int(docnum))
            hits.append(Hit(
                id=stored["id"], title=stored["title"], date=stored.get("date") or None,
                year=int(stored["year"]) if stored.get("year") else None, unit=stored.get("unit") or None,
                directives=split_labels(stored.get("directive")), url=stored.get("url"),
                snippet=marker.snippet(stored["body"]) if marker else plain_snippet(stored["body"]),
                marked_title=marker.mark(stored["title"]) if marker else MarkedText(stored["title"]),
                score=round(float(scores[docnum]), 4), copies=int(copies[position]) if copies is not None else 0,
            ))
        return hits, folded

    def _folded(self, ranked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first of each text in ``ranked`` order, and how many copies follow it."""
        groups = self.facet_table.copy_group[ranked]
        groups = np.where(groups >= 0, groups, -1 - ranked)  # a text of its own: a group of its own
        _, first, counts = np.unique(groups, return_index=True, return_counts=True)
        order = np.argsort(first)
        return ranked[first[order]], counts[order] - 1

    # --- filters --------------------------------------------------------------------

    def _resolve_filters(self, **requested) -> dict[str, list[str]]:
        """Map each value of each given filter onto the value of the index it means
        (InvalidQuery for a malformed one). A well-formed value no bulletin has (a year with
        no bulletins, a unit's old name from a saved link) stays as given: it selects nothing."""
        known = self.facet_table.known
        resolved = {}
        for name, raw in requested.items():
            if name not in FACETS_BY_NAME:
                raise InvalidQuery(name, f"Không có bộ lọc '{name}'.")
            typed = [raw] if raw is None or isinstance(raw, (str, int)) else list(raw)
            values = [FACETS_BY_NAME[name].resolve(compose(str(value)).strip(), known[name])
                      for value in typed if value is not None and str(value).strip()]
            if values:
                resolved[name] = list(dict.fromkeys(values))
        return resolved

    # --- documents and statistics ------------------------------------------------------

    def document(self, doc_id: str) -> dict | None:
        """The whole cleaned bulletin with its metadata and where each field came from
        (``provenance``: field -> a name of :mod:`search.provenance`) (``bantin show``), or None. The id
        is composed first, as ids are (typed or linked in NFD, it still finds the bulletin)."""
        stored = self._searcher.document(id=compose(doc_id))
        if stored is None:
            return None
        return {**_record(stored), "provenance": dict(stored.get("provenance") or {}), "body": stored["body"]}

    def export(self, query: str = "", sort: str | None = None, limit: int = MAX_EXPORT_ROWS, **filters) -> Export:
        """Every bulletin a search finds (up to ``limit``), best or newest first, with its
        metadata and without its text: what a CSV export lists."""
        selected, scores, sort = self._matching(query, sort, filters)
        ranked = self._ranked(np.flatnonzero(selected), scores, sort, limit)
        return Export(total=int(selected.sum()), limit=limit,
                      records=[_record(self._searcher.stored_fields(int(docnum))) for docnum in ranked])

    def neighbours(self, doc_id: str, query: str = "", sort: str | None = None, per_page=10,
                   **filters) -> Neighbours | None:
        """Where bulletin ``doc_id`` stands among what a search finds, and the bulletins
        before and after it (a reader's "previous / next hit"); None if it is not found.
        ``per_page`` tells which results page each of them is on."""
        per_page = bounded_int("per_page", per_page, 1, MAX_PER_PAGE, "Số kết quả mỗi trang")
        selected, scores, sort = self._matching(query, sort, filters)
        ranked = self._ranked(np.flatnonzero(selected), scores, sort, None)
        docnum = self._searcher.document_number(id=compose(doc_id))
        position = np.flatnonzero(ranked == docnum) if docnum is not None else []
        if not len(position):
            return None
        rank = int(position[0])
        brief = [Brief(stored["id"], stored["title"]) if 0 <= at < len(ranked) else None
                 for at in (rank - 1, rank + 1)
                 for stored in [self._searcher.stored_fields(int(ranked[at])) if 0 <= at < len(ranked) else {}]]
        return Neighbours(rank=rank + 1, total=len(ranked), previous=brief[0], next=brief[1], per_page=per_page)

    def related(self, doc_id: str, limit: int = 5) -> Related | None:
        """The bulletins that report the same event elsewhere, and up to ``limit`` on like
        subjects by their words and the documents they cite (search/query/related.py)."""
        docnum = self._searcher.document_number(id=compose(doc_id))
        if docnum is None:
            return None
        stored = self._searcher.stored_fields(docnum)
        terms = key_terms(self._searcher, stored)
        matches = self.evaluator.evaluate(like_query(terms, split_labels(stored.get("directive"))))
        matches.mask[docnum] = False
        ranked = _best_first(np.flatnonzero(matches.mask), matches.scores, limit=CANDIDATES)
        same, similar = [], []
        for other in (self._searcher.stored_fields(int(candidate)) for candidate in ranked):
            is_same = same_event(stored, other, terms, key_terms(self._searcher, other))
            (same if is_same else similar).append(Brief(other["id"], other["title"]))
        return Related(same_event=same, similar=similar[:limit])

    def _matching(self, query: str, sort: str | None, filters: dict) -> tuple[np.ndarray, np.ndarray, str]:
        """What a search selects (its filters applied), the scores, and its sort order."""
        query = typed_query(query)
        sort = _checked_sort(sort, query)
        span = DateSpan.parse(filters.pop("since", None), filters.pop("until", None))
        resolved = self._resolve_filters(**filters)
        matches = self.evaluator.evaluate(self._queries.build(query) if query else Every())
        selected = np.logical_and.reduce([matches.mask, self.facet_table.within(span),
                                          *(self.facet_table.having(name, _covered(name, values))
                                            for name, values in resolved.items())])
        return selected, matches.scores, sort

    def complete(self, prefix: str) -> list[str]:
        """Words and phrases of the index that begin as ``prefix`` does, with or without
        marks, the most used first: what the browser's address bar offers."""
        return self.vocabulary.complete(typed_query(prefix), MAX_COMPLETIONS)

    def health(self) -> dict:
        """What a health check reports, after a real search (search/query/health.py)."""
        return check_health(self)

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


def _covered(facet: str, values: list[str]) -> tuple[str, ...]:
    """The indexed values that filters on ``values`` of ``facet`` match, together."""
    return tuple(covered for value in values for covered in FACETS_BY_NAME[facet].covers(value))


def _checked_sort(sort: str | None, query: str) -> str:
    sort = sort or ("relevance" if query else "newest")
    if sort not in SORTS:
        raise InvalidQuery("sort", f"Cách sắp xếp '{sort}' không hợp lệ (chọn: {', '.join(SORTS)}).")
    return sort


def _record(stored: dict) -> dict:
    """A bulletin's metadata as the engine gives it out (JSON, CSV), from its stored fields."""
    return {
        "id": stored["id"], "title": stored["title"], "date": stored.get("date") or None,
        "published": stored.get("published") or None, "year": int(stored["year"]) if stored.get("year") else None,
        "unit": stored.get("unit") or None, "level": stored.get("level") or None,
        "province": stored.get("province") or None,
        "directives": split_labels(stored.get("directive")),
        "authors": list(stored.get("authors") or []), "people": list(stored.get("people") or []),
        "url": stored.get("url"), "path": stored.get("path"),
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
        engine.facet_table, engine.vocabulary  # noqa: B018  (built and shared)
        engine.evaluator.warm()
        engine.close()


def normalise_query(query: str) -> str:
    return " ".join(normalise_syllable(word) for word in query.split())
