"""Facets: the fields whose values a search counts over its matches, and filters on them.

Each :class:`Facet` knows its name (the stored field and the engine's parameter), what a
page calls it, how its values are ordered, and whether a bulletin has one value
(``unit``) or several (``directive``, a *multi-valued* facet).

A filter on a value matches the documents that have it, or, for a province formed in the 2025
reform, also those of the provinces merged into it (:meth:`Facet.covers`).

A :class:`FacetTable` holds every document's values as numbers, read once per index
generation, so counting a facet over a search's matches is one ``bincount``.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from ..index.schema import split_labels
from ..knowledge import gazetteer
from ..knowledge.directives import resolve_directive
from ..knowledge.units import levels
from ..limits import FIRST_YEAR, LAST_YEAR
from ..text import fold
from .checks import bounded_int


@dataclass(frozen=True)
class Facet:
    name: str                   # the stored field, and the engine's parameter
    title: str                  # as a heading: "Đơn vị"
    noun: str                   # inside a sentence: "đơn vị"
    multi_valued: bool = False  # a bulletin may have several values
    noted_by: str | None = None  # a field whose value is shown beside each value (a unit's province)

    def order(self, value: str, count: int):
        """Sort key of a value in the facet's list: the most frequent first."""
        return (-count, value)

    def values_of(self, stored: str) -> list[str]:
        """The values of one document, as its field stores them."""
        return split_labels(stored) if self.multi_valued else ([stored] if stored else [])

    def resolve(self, typed: str, known: set[str]) -> str:
        """The indexed value a filter written loosely means (case, diacritics, part of a
        name: ``gia lam`` -> ``Ban Tuyên giáo Huyện ủy Gia Lâm``), or ``typed`` itself."""
        return _closest_value(typed, known) or typed

    def covers(self, value: str) -> tuple[str, ...]:
        """The indexed values a filter on ``value`` matches."""
        return (value,)

    def label(self, value: str) -> str:
        """How a page names an active filter on ``value``."""
        return value


UNDATED = "Không rõ ngày"


class YearFacet(Facet):
    """Years, newest first, and one value for the bulletins whose year is unknown."""

    def values_of(self, stored: str) -> list[str]:
        return [stored or UNDATED]

    def order(self, value: str, count: int):
        return (-int(value),) if value != UNDATED else (1,)

    def resolve(self, typed: str, known: set[str]) -> str:
        if fold(typed).casefold() in (fold(UNDATED).casefold(), "khong ro"):
            return UNDATED
        return str(bounded_int(self.name, typed, FIRST_YEAR, LAST_YEAR, self.title))


class DirectiveFacet(Facet):
    def resolve(self, typed: str, known: set[str]) -> str:
        """Any way of writing a directive (``ct 05``, ``Chỉ thị số 05``) -> its label."""
        return resolve_directive(typed) or typed


class LevelFacet(Facet):
    def order(self, value: str, count: int):
        ranked = levels()
        return (ranked.index(value) if value in ranked else len(ranked), value)


class ProvinceFacet(Facet):
    """Bulletins carry the province of their date: a filter on a province formed in 2025 also matches the
    earlier bulletins of the provinces merged into it (Tuyên Quang includes Hà Giang before 7/2025)."""

    def resolve(self, typed: str, known: set[str]) -> str:
        return _closest_value(typed, known | set(gazetteer.provinces())) or typed

    def covers(self, value: str) -> tuple[str, ...]:
        return (value, *self._merged(value))

    def label(self, value: str) -> str:
        merged = self._merged(value)
        reform = gazetteer.REFORM
        return f"{value} (gồm {', '.join(merged)} trước {reform.month}/{reform.year})" if merged else value

    @staticmethod
    def _merged(value: str) -> list[str]:
        return [old for old in gazetteer.provinces_merged_into(value) if old != value]


FACETS = (
    Facet("unit", "Đơn vị", "đơn vị", noted_by="province"),
    LevelFacet("level", "Cấp", "cấp"),
    ProvinceFacet("province", "Tỉnh/thành phố", "tỉnh/thành phố"),
    YearFacet("year", "Năm", "năm"),
    DirectiveFacet("directive", "Văn bản", "văn bản", multi_valued=True),
)
FACET_NAMES = tuple(facet.name for facet in FACETS)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


class FacetTable:
    """Each document's facet values as codes, by document number."""

    def __init__(self, reader):
        self.size = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}  # per facet: the distinct values, by code
        self._docs: dict[str, np.ndarray] = {}  # per facet: (document, code) pairs
        self._codes: dict[str, np.ndarray] = {}
        for facet in FACETS:
            column = list(reader.column_reader(facet.name)) if self.size else []
            pairs = [(docnum, value) for docnum, stored in enumerate(column) for value in facet.values_of(stored)]
            self.values[facet.name] = sorted({value for _, value in pairs})
            code_of = {value: code for code, value in enumerate(self.values[facet.name])}
            self._docs[facet.name] = np.array([docnum for docnum, _ in pairs], dtype=np.int64)
            self._codes[facet.name] = np.array([code_of[value] for _, value in pairs], dtype=np.int64)
        dates = list(reader.column_reader("date")) if self.size else []
        years = list(reader.column_reader("year")) if self.size else []
        # ISO dates sort as text; their rank among the distinct dates orders by date ("" first).
        self.date_rank = np.unique(np.array(dates, dtype=str), return_inverse=True)[1]
        self._first_day, self._last_day, self._month = _day_spans(dates, years)
        self.known = {name: set(values) for name, values in self.values.items()}
        self.copy_group = _copy_groups(list(reader.column_reader("text_key")) if self.size else [])
        self.has_copies = bool((self.copy_group >= 0).any())
        self.notes = {facet.name: _notes(reader, facet, self.size) for facet in FACETS if facet.noted_by}

    def within(self, span) -> np.ndarray:
        """Which documents lie wholly within a :class:`~search.query.dates.DateSpan` (all
        when there is none)."""
        if span is None:
            return np.ones(self.size, dtype=bool)
        return (self._first_day >= span.first) & (self._last_day <= span.last) & (self._first_day > 0)

    def months(self, selected: np.ndarray, year: str) -> dict[str, int]:
        """How many ``selected`` documents fall in each month of ``year`` (``"2019-05"``: n),
        every month listed, those of documents dated to the day only."""
        months = self._month[selected] - int(year) * 100
        counted = np.bincount(months[(months >= 1) & (months <= 12)], minlength=13)
        return {f"{year}-{month:02d}": int(counted[month]) for month in range(1, 13)}

    def having(self, facet: str, values: tuple[str, ...]) -> np.ndarray:
        """Which documents have one of ``values`` in ``facet``, by document number (unknown values match none)."""
        codes = [code for code, value in enumerate(self.values[facet]) if value in values]
        having = np.zeros(self.size, dtype=bool)
        having[self._docs[facet][np.isin(self._codes[facet], codes)]] = True
        return having

    def counts(self, facet: str, selected: np.ndarray) -> dict[str, int]:
        """How many ``selected`` documents have each value of ``facet``."""
        codes = self._codes[facet][selected[self._docs[facet]]] if self.size else self._codes[facet]
        counted = np.bincount(codes, minlength=len(self.values[facet]))
        return {self.values[facet][code]: int(counted[code]) for code in np.flatnonzero(counted)}


def _copy_groups(keys: list[str]) -> np.ndarray:
    """Per document, the number of its group of copies (one text, several documents), or -1."""
    codes = np.unique(np.array(keys, dtype=str), return_inverse=True)[1] if keys else np.zeros(0, dtype=np.int64)
    counts = np.bincount(codes) if len(codes) else np.zeros(0, dtype=np.int64)
    empty = np.array([not key for key in keys], dtype=bool)
    return np.where((counts[codes] > 1) & ~empty, codes, -1) if len(codes) else codes


def _notes(reader, facet: Facet, size: int) -> dict[str, str]:
    """Each value of ``facet`` -> the one value its bulletins have in ``facet.noted_by``
    (a unit -> its province), where they all agree."""
    if not size:
        return {}
    seen: dict[str, set[str]] = {}
    for stored, noted in zip(reader.column_reader(facet.name), reader.column_reader(facet.noted_by)):
        for value in facet.values_of(stored):
            seen.setdefault(value, set()).add(noted)
    return {value: notes.pop() for value, notes in seen.items() if len(notes) == 1 and "" not in notes}


def _day_spans(dates: list[str], years: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per document: the first and last day it covers (ordinals; 0 when undated) and its
    month as year * 100 + month (0 when not dated to the day)."""
    first, last, month = (np.zeros(len(dates), dtype=np.int64) for _ in range(3))
    for docnum, (day, year) in enumerate(zip(dates, years)):
        if day:
            parsed = date.fromisoformat(day)
            first[docnum] = last[docnum] = parsed.toordinal()
            month[docnum] = parsed.year * 100 + parsed.month
        elif year:
            first[docnum] = date(int(year), 1, 1).toordinal()
            last[docnum] = date(int(year), 12, 31).toordinal()
    return first, last, month


def _closest_value(typed: str, values: set[str]) -> str | None:
    """An indexed value for a loosely written one; an ambiguous part finds nothing."""
    if typed in values:
        return typed
    key = fold(typed).casefold()
    exact = [v for v in values if fold(v).casefold() == key]
    if len(exact) == 1:
        return exact[0]
    containing = [v for v in values if f" {key} " in f" {fold(v).casefold().replace('/', ' ')} "]
    return containing[0] if len(containing) == 1 else None
