"""What a search gives back: plain data that each front end renders in its own way (the web
as HTML, JSON, CSV or Atom; the CLI as text). Nothing here is HTML."""

import re
from dataclasses import dataclass, field

_PARAGRAPH = re.compile(r"\S(?:(?!\n[^\S\n]*\n).)*", re.DOTALL)  # up to a blank line, without the spaces around


@dataclass(frozen=True)
class MarkedText:
    """Text and the spans of it that the query matched, as ``(start, end)`` offsets in
    ``text``, in order and never overlapping. A snippet's ``text`` is already cut to its
    passage (with ``…`` where it was cut) and on one line."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def pieces(self):
        """``(text, marked)`` pieces of the whole text in order: what a renderer walks."""
        position = 0
        for start, end in self.marks:
            if start > position:
                yield self.text[position:start], False
            yield self.text[start:end], True
            position = end
        if position < len(self.text):
            yield self.text[position:], False

    def paragraphs(self) -> list["MarkedText"]:
        """The paragraphs of the text (parted by blank lines), each with its own marks."""
        found = []
        for paragraph in _PARAGRAPH.finditer(self.text):
            start, end = paragraph.start(), len(paragraph.group().rstrip()) + paragraph.start()
            marks = tuple((a - start, b - start) for a, b in self.marks if start <= a and b <= end)
            found.append(MarkedText(self.text[start:end], marks))
        return found


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    year: int | None
    unit: str | None
    directives: list[str]
    url: str | None
    snippet: MarkedText
    score: float
    marked_title: MarkedText = MarkedText("")  # the title with the query's words marked
    copies: int = 0  # copies of its text folded under it


@dataclass
class FacetValue:
    value: str
    count: int
    note: str | None = None  # what tells like values apart: a unit's province


@dataclass(frozen=True)
class ActiveFilter:
    """One chosen value of a facet (``label``: how a page names it, e.g. what it takes in)."""

    facet: str
    value: str
    label: str


@dataclass(frozen=True)
class DateRange:
    """A span of dates as asked (``since``/``until`` as typed, year, month or day precise)."""

    since: str | None
    until: str | None


@dataclass(frozen=True)
class Brief:
    """A bulletin named in passing: a link to it."""

    id: str
    title: str


@dataclass
class Neighbours:
    """A bulletin's place among a search's results (``rank`` from 1) and the ones beside it."""

    rank: int
    total: int
    previous: Brief | None
    next: Brief | None
    per_page: int

    def page_of(self, rank: int) -> int:
        """The results page that shows the hit of ``rank``."""
        return (rank - 1) // self.per_page + 1


@dataclass
class Export:
    """Every bulletin a search finds, up to ``limit``: ``cut`` when there were more."""

    total: int
    limit: int
    records: list[dict]

    @property
    def cut(self) -> bool:
        return self.total > len(self.records)


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
    filters: dict[str, list[str]] = field(default_factory=dict)  # by facet, the values chosen (OR)
    # How a page names each active filter: the value, or "Tuyên Quang (gồm Hà Giang trước 7/2025)".
    active: list["ActiveFilter"] = field(default_factory=list)     # each chosen value, as a page shows it
    dates: "DateRange | None" = None
    months: list[FacetValue] = field(default_factory=list)  # bulletins by month, when one year is chosen
    folded: int = 0  # copies folded under the first of their text (not counted by ``pages``)
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total - self.folded) // self.per_page))
