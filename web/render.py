"""The engine's plain results drawn for the web: marked text as HTML, the JSON contract.

The JSON contract is shared with ``bantin search --json`` and ``bantin show --json``; a
snippet is HTML there (escaped text, ``<mark>`` around the query's words), as on the page.
"""

from dataclasses import asdict

from markupsafe import Markup, escape

from search import MarkedText, SearchResult


def marked_html(marked: MarkedText) -> Markup:
    """The text escaped, each matched span in a ``<mark>``."""
    return Markup("").join(Markup("<mark>{}</mark>").format(piece) if is_marked else escape(piece)
                           for piece, is_marked in marked.pieces())


def plain(marked: MarkedText) -> str:
    """The text alone, marks dropped (a feed's summary)."""
    return marked.text


def search_json(result: SearchResult, prev: str | None = None, next: str | None = None) -> dict:
    """The JSON contract of a search result; ``prev`` and ``next``: the links to the pages
    around it (the API's; null on the command line). Numbers are numbers, years included."""
    data = asdict(result)
    for page_only in ("filters", "active", "dates", "months", "sort"):
        data.pop(page_only)
    for hit, shown in zip(result.hits, data["hits"]):
        shown["snippet"] = str(marked_html(hit.snippet))
        del shown["marked_title"]
    for value in (value for values in data["facets"].values() for value in values if value["note"] is None):
        del value["note"]
    for value in data["facets"]["year"]:
        value["value"] = int(value["value"]) if value["value"].isdigit() else None  # None: the undated
    return {**data, "pages": result.pages, "prev": prev, "next": next}
