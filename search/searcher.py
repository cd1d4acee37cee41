"""Search the index: parse, filter, count facets, highlight, return a plain result.

One :class:`Engine` serves the CLI and the web app alike. It is not thread-safe (Whoosh
searchers are not): keep one per thread and reuse it; :meth:`Engine.refresh` moves it
onto a newer index generation when one has been built.

Facet counts follow the usual faceted-search rule: the counts of a facet are taken
over the query's matches with every *other* facet's filter applied, so a user who
picked a year still sees how many hits each other year has.
"""

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import qparser
from whoosh.query import And, AndMaybe, AndNot, Every, NullQuery, Or, Phrase, Term
from whoosh.sorting import FieldFacet

from . import abbreviations, directives, indexer
from .analysis import compound_words, fold, has_diacritics, normalise_syllable, syllable_analyzer
from .highlighting import Marker, plain_snippet
from .suggest import AccentRestorer
from .textnorm import compose

FACETS = ("unit", "level", "year", "directive")
LEVELS = ("trung ương", "tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã/phường")
SORTS = ("relevance", "newest")
MAX_QUERY_CHARS = 500
# ``-word`` excludes and ``+word`` requires only at the start of a word: hyphens inside
# one (``05-CT/TW``, ``Nagorno-Karabakh``) and a free-standing dash (``kinh tế - xã hội``)
# are text.
OPERATOR_AT_WORD_START = r"(?:(?<=\s)|^){}(?=[^\s\-+])"
MAX_PAGE = 1000
MAX_PER_PAGE = 100
# How much each field counts when a query word is found in it. ``folded`` (no
# diacritics) lets ``tuyen giao`` in; it is only searched for syllables typed without
# marks, so ``bán`` never matches ``bản`` or ``bạn`` (see ``_respect_typed_marks``).
FIELD_BOOSTS = {"title": 2.0, "body": 1.0, "folded": 0.3}
WORD_BOOST = 1.5        # pyvi word found as a whole word
DIRECTIVE_BOOST = 4.0   # query names a directive the bulletin cites
ADJACENCY_BOOST = 5.0   # the query's words side by side, in the order typed
OTHER_FORM_BOOST = 0.5  # the other form of an abbreviation (UBND / Ủy ban nhân dân)


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


@dataclass
class _FacetTable:
    """Each document's facet values, by document number, read once per index generation."""

    rows: list[tuple]          # (unit, level, year, directives) per docnum; None if deleted
    values: dict[str, set]     # every value present, per facet

    @classmethod
    def read(cls, reader) -> "_FacetTable":
        rows = [None] * reader.doc_count_all()
        values = {name: set() for name in FACETS}
        if reader.doc_count_all():
            columns = [reader.column_reader(name) for name in ("unit", "level", "year", "directive")]
            for docnum in reader.all_doc_ids():
                unit, level, year, cited = (column[docnum] for column in columns)
                row = (unit, level, year, tuple(label for label in cited.split(",") if label))
                rows[docnum] = row
                for name, value in zip(FACETS[:3], row[:3]):
                    if value:
                        values[name].add(value)
                values["directive"].update(row[3])
        return cls(rows, values)


def _row_has(row: tuple, facet: str, value: str) -> bool:
    position = FACETS.index(facet)
    return value in row[3] if facet == "directive" else row[position] == value


class Engine:
    def __init__(self, index_dir):
        self.index_dir = Path(index_dir)
        self._open()

    # --- opening and refreshing -------------------------------------------------

    def _open(self) -> None:
        self._index, self.generation = indexer.open_live(self.index_dir)
        self._searcher = self._index.searcher()
        self._facet_table = None
        self._restorer = None
        self._parser = self._make_parser()

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
            self._facet_table = _FacetTable.read(self._searcher.reader())
        return self._facet_table

    @property
    def restorer(self) -> AccentRestorer:
        if self._restorer is None:
            self._restorer = AccentRestorer.from_reader(self._searcher.reader())
        return self._restorer

    def _make_parser(self) -> qparser.QueryParser:
        """Words are ANDed, ``"..."`` is a phrase, ``OR``, ``-word`` excludes, brackets group.

        Field names, wildcards, ranges and boosts are switched off: bulletins are full of
        ``:``, ``*`` and ``^`` that users do not mean as syntax (``Quận Ba Đình: ...``).
        """
        parser = qparser.MultifieldParser(list(FIELD_BOOSTS), self._index.schema,
                                          fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup)
        for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin,
                       qparser.BoostPlugin, qparser.EveryPlugin, qparser.SingleQuotePlugin):
            parser.remove_plugin_class(plugin)
        parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=OPERATOR_AT_WORD_START.format("\\+"),
                                                  minusexpr=OPERATOR_AT_WORD_START.format("-")))
        return parser

    # --- search -------------------------------------------------------------------

    def search(self, query: str = "", unit=None, level=None, year=None, directive=None,
               page=1, per_page=10, sort: str | None = None) -> SearchResult:
        started = time.perf_counter()
        query = compose(query or "").strip()
        if len(query) > MAX_QUERY_CHARS:
            raise InvalidQuery("q", f"Câu tìm kiếm quá dài ({len(query)} ký tự, tối đa {MAX_QUERY_CHARS}).")
        page = _bounded_int("page", page, 1, MAX_PAGE, "Trang")
        per_page = _bounded_int("per_page", per_page, 1, MAX_PER_PAGE, "Số kết quả mỗi trang")
        sort = sort or ("relevance" if query else "newest")
        if sort not in SORTS:
            raise InvalidQuery("sort", f"Cách sắp xếp '{sort}' không hợp lệ (chọn: {', '.join(SORTS)}).")
        filters = self._resolve_filters(unit=unit, level=level, year=year, directive=directive)

        parsed = self._parse(query) if query else Every()
        total, facets = self._count(parsed, filters)
        hits = self._hits(parsed, query, filters, page, per_page, sort if query else "newest")
        suggestion = self._suggest(query, total) if query else None
        return SearchResult(query=query, total=total, page=page, per_page=per_page,
                            took_ms=round((time.perf_counter() - started) * 1000, 2),
                            hits=hits, facets=facets, filters=filters, sort=sort, suggestion=suggestion)

    def ranking(self, query: str) -> list[str]:
        """The ids of every bulletin ``query`` matches, best first, with no filter, facet or
        snippet: what search-quality measurements (bench/quality.py) rank against."""
        parsed = self._parse(compose(query).strip()[:MAX_QUERY_CHARS])
        ids = self._searcher.reader().column_reader("id")
        results = self._searcher.search(parsed, limit=None, terms=False)
        return [ids[docnum] for docnum, _ in results.items()]

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
        whole bulletin found by that query)."""
        query = compose(query or "").strip()[:MAX_QUERY_CHARS]
        return Marker.for_query(self._parse(query)) if query else Marker(set())

    def _parse(self, query: str):
        try:
            parsed = self._parser.parse(query)
        except Exception:  # Whoosh's parser is lenient, but a user must never see a traceback
            parsed = NullQuery
        if parsed is NullQuery or not list(parsed.iter_all_terms()):
            parsed = self._plain_words(query)
        parsed = _with_abbreviations(_respect_typed_marks(parsed), query)
        return self._with_ranking_signals(parsed, query)

    def _plain_words(self, query: str):
        """Fallback: every syllable of the query, ANDed, ignoring all syntax."""
        syllables = [token.text for token in syllable_analyzer()(query)]
        return And([_word_query((s,)) for s in syllables]) if syllables else NullQuery

    def _with_ranking_signals(self, parsed, query: str):
        """Add what should lift a match without changing what matches: the query's words
        side by side (a phrase), pyvi's whole words (of the accent-restored query too),
        and the canonical directive when the query names one."""
        if parsed is NullQuery:
            return parsed
        restored = self.restorer.restore(query)
        words = {"_".join(map(normalise_syllable, word.split("_")))
                 for text in (query, restored) if text for word in compound_words(text)}
        boosts = [Term("words", word, boost=WORD_BOOST) for word in sorted(words)]
        boosts += _adjacency_boosts(parsed)
        label = directives.resolve_directive(query)
        if label:  # bulletins that cite it match too, unless the query excludes them
            cited = Term("directive", label, boost=DIRECTIVE_BOOST)
            parsed = (AndNot(Or([parsed.a, cited]), parsed.b) if isinstance(parsed, AndNot)
                      else Or([parsed, cited]))
        return AndMaybe(parsed, Or(boosts)) if boosts else parsed

    def _count(self, parsed, filters: dict) -> tuple[int, dict[str, list[FacetValue]]]:
        """Total hits and facet counts in one pass over the query's matches."""
        rows = self.facet_table.rows
        counts = {name: {} for name in FACETS}
        total = 0
        for docnum in self._searcher.docs_for_query(parsed):
            row = rows[docnum]
            failing = [name for name, value in filters.items() if not _row_has(row, name, value)]
            if len(failing) > 1:
                continue
            if not failing:
                total += 1
            for name in failing or FACETS:
                values = row[3] if name == "directive" else (row[FACETS.index(name)],)
                for value in values:
                    if value:
                        counts[name][value] = counts[name].get(value, 0) + 1
        facets = {name: [FacetValue(value, count) for value, count in
                         sorted(found.items(), key=lambda item: _facet_order(name, item))]
                  for name, found in counts.items()}
        return total, facets

    def _hits(self, parsed, query, filters, page, per_page, sort) -> list[Hit]:
        filter_query = And([Term(name, value) for name, value in filters.items()]) if filters else None
        sortedby = FieldFacet("date", reverse=True) if sort == "newest" else None
        results = self._searcher.search(parsed, filter=filter_query, limit=page * per_page,
                                        sortedby=sortedby, terms=False)
        marker = Marker.for_query(parsed)
        hits = []
        for hit in results[(page - 1) * per_page: page * per_page]:
            stored = hit.fields()
            hits.append(Hit(
                id=stored["id"], title=stored["title"], date=stored.get("date") or None,
                year=int(stored["year"]) if stored.get("year") else None, unit=stored.get("unit") or None,
                directives=_split_labels(stored.get("directive")), url=stored.get("url"),
                snippet=marker.snippet(stored["body"]) if query else plain_snippet(stored["body"]),
                score=round(float(hit.score or 0.0), 4),
            ))
        return hits

    # --- filters --------------------------------------------------------------------

    def _resolve_filters(self, **requested) -> dict[str, str]:
        """Map each given filter onto a value present in the index, or raise InvalidQuery."""
        known = self.facet_table.values
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


def _respect_typed_marks(query):
    """Drop the diacritic-free alternative of a word or phrase the user typed with marks.

    The parser offers every word in ``title``, ``body`` and ``folded``. A syllable typed
    without marks (``giao``) may match any marking; one typed with marks (``diện``) means
    exactly that syllable, otherwise ``giao diện`` would find ``được giao ... diễn``.
    """
    if isinstance(query, Or):
        exact = [sub for sub in query.subqueries if sub.field() in ("title", "body")]
        if exact and all(_typed_with_marks(sub) for sub in exact):
            kept = [sub for sub in query.subqueries if sub.field() != "folded"]
            query = Or(kept, boost=query.boost)
    return query.apply(_respect_typed_marks)


def _typed_with_marks(query) -> bool:
    """True for a term, or a phrase all of whose syllables, carry diacritics."""
    texts = getattr(query, "words", None) or [getattr(query, "text", "")]
    return all(isinstance(text, str) and text and fold(text) != text for text in texts)


# --- abbreviations and adjacency ------------------------------------------------------

def _word_syllables(query) -> tuple[str, ...] | None:
    """The syllables of one typed word or quoted phrase (the parser's alternatives of it
    over the text fields), or None for anything else."""
    if not isinstance(query, Or) or not query.subqueries:
        return None
    spellings = set()
    for sub in query.subqueries:
        if sub.field() not in FIELD_BOOSTS or not isinstance(sub, (Term, Phrase)):
            return None
        if sub.field() != "folded":
            spellings.add((sub.text,) if isinstance(sub, Term) else tuple(sub.words))
    return spellings.pop() if len(spellings) == 1 else None


def _split_alternatives(query: Or) -> list:
    """``UBND OR HĐND`` comes from the parser as one flat ``Or`` of six terms: cut it back
    into one ``Or`` per word (each word's fields come in order, so a repeated field starts
    the next word)."""
    words, fields = [[]], set()
    for sub in query.subqueries:
        if sub.field() in fields:
            words.append([])
            fields = set()
        words[-1].append(sub)
        fields.add(sub.field())
    return [Or(subs) for subs in words]


def _word_query(syllables: tuple[str, ...], boost: float = 1.0, folded: bool = True):
    """One word (or phrase) searched in every text field, as the parser would."""
    fields = [(name, weight) for name, weight in FIELD_BOOSTS.items() if folded or name != "folded"]
    alternatives = []
    for name, weight in fields:
        texts = [fold(s) for s in syllables] if name == "folded" else list(syllables)
        alternatives.append(Term(name, texts[0], boost=weight * boost) if len(texts) == 1
                            else Phrase(name, texts, boost=weight * boost))
    return Or(alternatives)


def _with_abbreviations(query, typed: str):
    """``UBND`` -> ``UBND OR "ủy ban nhân dân"`` and back (see search/abbreviations.py).

    The other form is searched exactly (no diacritic-free field: ``TU`` must not find
    ``tư``) and counts less than what was typed, which ranks first.
    """
    if _word_syllables(query) is not None:
        return _expand_run([query], typed)[0]
    if isinstance(query, Or) and all(sub.field() in FIELD_BOOSTS for sub in query.subqueries):
        words = _split_alternatives(query)
        if len(words) > 1 and all(_word_syllables(word) is not None for word in words):
            return Or([_expand_run([word], typed)[0] for word in words], boost=query.boost)
    if isinstance(query, And):
        children = [child if _word_syllables(child) is not None else _with_abbreviations(child, typed)
                    for child in query.subqueries]
        expanded = _expand_run(children, typed)
        return expanded[0] if len(expanded) == 1 else And(expanded, boost=query.boost)
    return query if query.is_leaf() else query.apply(lambda child: _with_abbreviations(child, typed))


def _expand_run(children: list, typed: str) -> list:
    """The children of an ``And`` with each run of words that is an abbreviation, or
    what one stands for, replaced by ``(as typed) OR (the other form)``."""
    words = [_word_syllables(child) for child in children]
    if None in words:  # only runs of plain words are looked at: split around the others
        return _expand_around_others(children, words, typed)
    expanded, position = [], 0
    for run in abbreviations.expansions(words, typed):
        expanded += children[position:run.start]
        as_typed = children[run.start] if run.end - run.start == 1 else And(children[run.start:run.end])
        if run.exact:  # "TU" is Thành ủy, not tư, từ, tự
            as_typed = _word_query(words[run.start], folded=False)
        other = _word_query(run.other, boost=OTHER_FORM_BOOST, folded=False)
        expanded.append(Or([as_typed, other]))
        position = run.end
    return expanded + children[position:]


def _expand_around_others(children, words, typed) -> list:
    expanded, run = [], []
    for child, syllables in zip(children, words):
        if syllables is None:
            expanded += _expand_run(run, typed) + [child]
            run = []
        else:
            run.append(child)
    return expanded + _expand_run(run, typed)


def _adjacency_boosts(parsed) -> list:
    """Phrases of the query's consecutive plain words: a bulletin with them side by side
    ranks above one where they are scattered (``bao cao vien`` -> ``báo cáo viên``)."""
    top = parsed.a if isinstance(parsed, AndNot) else parsed
    if not isinstance(top, And):
        return []
    boosts, run = [], []
    for child in list(top.subqueries) + [None]:
        syllables = _word_syllables(child) if child is not None else None
        if syllables is not None:
            run.extend(syllables)
            continue
        if len(run) > 1:  # typed without any mark: side by side in any marking
            typed_bare = not any(has_diacritics(s) for s in run)
            boosts.append(Phrase("folded", run, boost=ADJACENCY_BOOST) if typed_bare
                          else Phrase("body", run, boost=ADJACENCY_BOOST))
        run = []
    return boosts
