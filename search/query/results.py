"""What a search gives back: plain data that each front end renders in its own way (the web
as HTML, JSON, CSV or Atom; the CLI as text). Nothing here is HTML."""

from dataclasses import dataclass, field


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
    # How a page names each active filter: the value, or "Tuyên Quang (gồm Hà Giang trước 7/2025)".
    filter_labels: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
