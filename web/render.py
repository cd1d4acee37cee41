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


def search_json(result: SearchResult) -> dict:
    """The JSON contract of a search result."""
    data = asdict(result)
    data.pop("filters"), data.pop("filter_labels"), data.pop("sort")
    for hit, shown in zip(result.hits, data["hits"]):
        shown["snippet"] = str(marked_html(hit.snippet))
    return data
