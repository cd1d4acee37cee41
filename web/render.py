"""The engine's plain results drawn for the web: marked text as HTML, the JSON contract.

The JSON contract is shared with ``bantin search --json`` and ``bantin show --json``; a
snippet is HTML there (escaped text, ``<mark>`` around the query's words), as on the page.
"""

from markupsafe import Markup, escape

from search import MarkedText, SearchResult


def marked_html(marked: MarkedText) -> Markup:
    """The text escaped, each matched span in a ``<mark>``."""
    return Markup("".join(f"<mark>{escape(piece)}</mark>" if is_marked else escape(piece)
                          for piece, is_marked in marked.pieces()))


def plain(marked: MarkedText) -> str:
    """The text alone, marks dropped (a feed's summary)."""
    return marked.text


def search_json(result: SearchResult, prev: str | None = None, next: str | None = None) -> dict:
    """The JSON contract of a search result; ``prev`` and ``next``: the links to the pages
    around it (the API's; null on the command line). Numbers are numbers, years included
    (``null``: the undated). Built by hand: ``dataclasses.asdict`` took a tenth of a search."""
    return {
        "query": result.query, "total": result.total, "page": result.page, "per_page": result.per_page,
        "took_ms": result.took_ms,
        "hits": [{"id": hit.id, "title": hit.title, "date": hit.date, "year": hit.year, "unit": hit.unit,
                  "directives": list(hit.directives), "url": hit.url, "snippet": str(marked_html(hit.snippet)),
                  "score": hit.score, **({"copies": hit.copies} if hit.copies else {})} for hit in result.hits],
        "facets": {name: [_facet_value(name, value) for value in values] for name, values in result.facets.items()},
        "suggestion": result.suggestion, "pages": result.pages, "prev": prev, "next": next,
        **({"folded": result.folded} if result.folded else {}),
    }


def _facet_value(facet: str, value) -> dict:
    shown = {"value": (int(value.value) if value.value.isdigit() else None) if facet == "year" else value.value,
             "count": value.count}
    return {**shown, "note": value.note} if value.note else shown
