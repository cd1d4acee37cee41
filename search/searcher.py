"""Search the index: filter, count facets, highlight, return a plain result (the query
itself is built by :mod:`search.query`).

One :class:`Engine` serves the CLI and the web app alike. It is not thread-safe (Whoosh
searchers are not): keep one per thread and reuse it; :meth:`Engine.refresh` moves it
onto a newer index generation when one has been built.

Facet counts follow the usual faceted-search rule: the counts of a facet are taken
over the query's matches with every *other* facet's filter applied, so a user who
picked a year still sees how many hits each other year has.
"""

import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh.query import Every

from . import directives, indexer
from .analysis import fold, normalise_syllable
from .evaluation import Evaluator
from .highlighting import Marker, plain_snippet
from .query import QueryBuilder
from .suggest import AccentRestorer
from .textnorm import compose

FACETS = ("unit", "level", "year", "directive")
LEVELS = ("trung ương", "tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã/phường")
SORTS = ("relevance", "newest")
MAX_QUERY_CHARS = 500
MAX_PAGE = 1000
MAX_PER_PAGE = 100


class InvalidQuery(ValueError):
    """A search parameter that cannot be used; ``parameter`` names it, the message says why."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    year: int | None
    unit: str | None
    directives: list[str]
    url: str | None
    snippet: str
    score: float


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict:
        """The JSON contract shared by ``bantin search --json`` and ``/api/search``."""
        data = asdict(self)
        data.pop("filters"), data.pop("sort")
        return data


class _FacetTable:
    """Each document's facet values as numbers, by document number, read once per index
    generation, so counting a facet over a search's matches is one ``bincount``."""

    def __init__(self, reader):
        self.size = size = reader.doc_count_all()
        columns = {name: list(reader.column_reader(name)) if size else []
                   for name in ("unit", "level", "year", "directive", "date")}
        self.values, self.codes = {}, {}  # per facet: [value by code], code per document (-1: none)
        for name in FACETS[:3]:
            self.values[name], self.codes[name] = _encode(columns[name])
        # Directives: a document cites several, so (document, code) pairs.
        cited = [(docnum, label) for docnum, joined in enumerate(columns["directive"])
                 for label in _split_labels(joined)]
        labels, codes = _encode([label for _, label in cited])
        self.values["directive"] = labels
        self.cited_docs = np.array([docnum for docnum, _ in cited], dtype=np.int64)
        self.cited_codes = codes
        # ISO dates sort as text; their rank among the distinct dates orders by date ("" first).
        self.date_rank = np.unique(np.array(columns["date"], dtype=str), return_inverse=True)[1]
        self.known = {name: set(values) for name, values in self.values.items()}

    def having(self, facet: str, value: str) -> np.ndarray:
        """Which documents have ``value`` in ``facet``, by document number."""
        code = self.values[facet].index(value)
        if facet != "directive":
            return self.codes[facet] == code
        having = np.zeros(self.size, dtype=bool)
        having[self.cited_docs[self.cited_codes == code]] = True
        return having

    def counts(self, facet: str, selected: np.ndarray) -> dict[str, int]:
        """How many ``selected`` documents have each value of ``facet``."""
        codes = (self.cited_codes[selected[self.cited_docs]] if facet == "directive"
                 else self.codes[facet][selected])
        counted = np.bincount(codes[codes >= 0], minlength=len(self.values[facet]))
        return {self.values[facet][code]: int(counted[code]) for code in np.flatnonzero(counted)}


def _encode(values: list[str]) -> tuple[list[str], np.ndarray]:
    """Distinct non-empty values, and each value's code among them (-1 for empty)."""
    distinct = sorted(set(values) - {""})
    code_of = {value: code for code, value in enumerate(distinct)}
    return distinct, np.array([code_of.get(value, -1) for value in values], dtype=np.int64)


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
    def __init__(self, index_dir):
        self.index_dir = Path(index_dir)
        self._open()

    # --- opening and refreshing -------------------------------------------------

    def _open(self) -> None:
        self._index, self.generation = indexer.open_live(self.index_dir)
        self._generation_key = (str(self.generation), self.generation.stat().st_ino)  # a folder made anew differs
        self._searcher = self._index.searcher()
        self._facet_table = None
        self._evaluator = None
        self._restorer = None
        self._queries = QueryBuilder(self._index.schema, restore=lambda text: self.restorer.restore(text))

    def refresh(self) -> None:
        """Move to the newest index generation if one has been built since."""
        if indexer.live_generation(self.index_dir) != self.generation:
            old = self._searcher
            self._open()
            old.close()

    def close(self) -> None:
        self._searcher.close()

    @property
    def facet_table(self) -> _FacetTable:
        if self._facet_table is None:
            self._facet_table = _shared(self._generation_key, "facets", lambda: _FacetTable(self._searcher.reader()))
        return self._facet_table

    @property
    def evaluator(self) -> Evaluator:
        if self._evaluator is None:
            self._evaluator = Evaluator(self._searcher)
        return self._evaluator

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
        query = _typed_query(query)
        page = _bounded_int("page", page, 1, MAX_PAGE, "Trang")
        per_page = _bounded_int("per_page", per_page, 1, MAX_PER_PAGE, "Số kết quả mỗi trang")
        sort = sort or ("relevance" if query else "newest")
        if sort not in SORTS:
            raise InvalidQuery("sort", f"Cách sắp xếp '{sort}' không hợp lệ (chọn: {', '.join(SORTS)}).")
        filters = self._resolve_filters(unit=unit, level=level, year=year, directive=directive)

        parsed = self._queries.build(query) if query else Every()
        matches = self.evaluator.evaluate(parsed)
        selected, facets = self._count(matches.mask, filters)
        total = int(selected.sum())
        marker = Marker.for_query(parsed) if query else None
        hits = self._hits(selected, matches.scores, marker, page, per_page, sort if query else "newest")
        suggestion = self._suggest(query, total) if query else None
        return SearchResult(query=query, total=total, page=page, per_page=per_page,
                            took_ms=round((time.perf_counter() - started) * 1000, 2),
                            hits=hits, facets=facets, filters=filters, sort=sort, suggestion=suggestion)

    def ranking(self, query: str) -> list[str]:
        """The ids of every bulletin ``query`` matches, best first, with no filter, facet or
        snippet: what search-quality measurements (bench/quality.py) rank against."""
        matches = self.evaluator.evaluate(self._queries.build(_typed_query(query)))
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
        query = _typed_query(query)
        return Marker.for_query(self._queries.build(query)) if query else Marker(set())

    def _count(self, matches: np.ndarray, filters: dict) -> tuple[np.ndarray, dict[str, list[FacetValue]]]:
        """The matches every filter keeps, and each facet's counts over the matches the
        *other* facets' filters keep."""
        table = self.facet_table
        having = {name: table.having(name, value) for name, value in filters.items()}
        selected = np.logical_and.reduce([matches, *having.values()])
        facets = {}
        for name in FACETS:
            kept = np.logical_and.reduce([matches, *(mask for other, mask in having.items() if other != name)])
            counts = table.counts(name, kept)
            facets[name] = [FacetValue(value, count) for value, count in
                            sorted(counts.items(), key=lambda item: _facet_order(name, item))]
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
                directives=_split_labels(stored.get("directive")), url=stored.get("url"),
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
            value = compose(str(raw)).strip()
            if name == "year":
                _bounded_int("year", value, 1900, 2100, "Năm")
                value = str(int(value))
            elif name == "directive":
                value = directives.resolve_directive(value) or value
            else:
                value = _closest_value(value, known[name]) or value
            if value not in known[name]:
                raise InvalidQuery(name, f"Không có {_FACET_NAMES[name]} '{raw}' trong chỉ mục.")
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
            "directives": _split_labels(stored.get("directive")),
            "authors": list(stored.get("authors") or []), "url": stored.get("url"),
            "path": stored.get("path"), "body": stored["body"],
        }

    def stats(self) -> dict:
        whole = self.search("")
        facts = indexer.build_facts(self.index_dir)
        return {
            "documents": self._searcher.doc_count(),
            "facets": {name: [asdict(v) for v in values] for name, values in whole.facets.items()},
            "index_size_bytes": facts["size_bytes"],
            "last_build": facts.get("built_at"),
            "corpus": facts.get("corpus"),
            "generation": facts["generation"],
        }


_FACET_NAMES = {"unit": "đơn vị", "level": "cấp", "year": "năm", "directive": "văn bản"}


def _facet_order(name: str, item: tuple[str, int]):
    value, count = item
    if name == "year":
        return (-int(value),)
    if name == "level":
        return (LEVELS.index(value) if value in LEVELS else len(LEVELS), value)
    return (-count, value)


def _closest_value(typed: str, values: set[str]) -> str | None:
    """A facet value written loosely (case, diacritics, part of a name) -> the indexed value.

    ``gia lam`` finds ``Ban Tuyên giáo Huyện ủy Gia Lâm``; an ambiguous part finds nothing.
    """
    if typed in values:
        return typed
    key = fold(typed).casefold()
    exact = [v for v in values if fold(v).casefold() == key]
    if len(exact) == 1:
        return exact[0]
    containing = [v for v in values if f" {key} " in f" {fold(v).casefold().replace('/', ' ')} "]
    return containing[0] if len(containing) == 1 else None


def _best_first(docnums: np.ndarray, keys: np.ndarray, limit: int | None = None) -> np.ndarray:
    """``docnums`` by ``keys[docnum]`` descending, ties by document number; only the
    first ``limit`` are sorted when given (the rest are never shown)."""
    values = keys[docnums]
    if limit is not None and len(docnums) > limit:
        threshold = np.partition(values, len(values) - limit)[len(values) - limit]
        docnums, values = docnums[values >= threshold], values[values >= threshold]
    return docnums[np.lexsort((docnums, -values))][:limit]


def _typed_query(query: str | None) -> str:
    """The query composed and stripped; InvalidQuery if it is too long to search."""
    query = compose(query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQuery("q", f"Câu tìm kiếm quá dài ({len(query)} ký tự, tối đa {MAX_QUERY_CHARS}).")
    return query


def _bounded_int(parameter: str, raw, low: int, high: int, label: str) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidQuery(parameter, f"{label} phải là một số nguyên (nhận được '{raw}').") from None
    if not low <= value <= high:
        raise InvalidQuery(parameter, f"{label} phải từ {low} đến {high} (nhận được {value}).")
    return value


def _split_labels(joined: str | None) -> list[str]:
    return [label for label in (joined or "").split(",") if label]
