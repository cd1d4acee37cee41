"""Marking a query's words in stored text: snippets for result lists, whole bulletins for reading.

The text is cut into syllables by the index's own analyzer, so ``Hòa``, ``hoà`` and ``HOÀ``
are the same word and every ``<mark>`` covers the original characters, diacritics and all.
A syllable typed with marks is marked where the text has exactly it; one typed without
(``tuyen``) wherever the text has it with any marks, as the search itself matched it.
The output is HTML in which everything but the ``<mark>`` tags is escaped.
"""

import html

from whoosh import highlight
from whoosh.analysis import Filter
from whoosh.query import AndNot, Not

from .analysis import fold, syllable_analyzer

SNIPPET_CHARS = 240


class Marker:
    def __init__(self, syllables: set[str]):
        """``syllables`` as the index analyzer writes them (lower case, one tone placement)."""
        self.exact = set(syllables)
        loose = {syllable for syllable in self.exact if fold(syllable) == syllable}
        self.analyzer = syllable_analyzer() | _LooseMatchFilter(self.exact, loose)

    @classmethod
    def for_query(cls, parsed) -> "Marker":
        """The marker for a parsed Whoosh query: its words in the syllable fields."""
        return cls({text for name, text in _wanted_terms(parsed) if name in ("title", "body")})

    def snippet(self, body: str) -> str:
        """Up to two passages of ``body`` around the query's words, or its opening."""
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
        marked = highlight.highlight(body, self.exact, self.analyzer, fragmenter, _MarkFormatter(), top=2)
        return marked or plain_snippet(body)

    def mark(self, text: str) -> str:
        """All of ``text``, escaped, with every query word in a ``<mark>``."""
        if not self.exact:
            return html.escape(text, quote=False)
        fragmenter = highlight.WholeFragmenter(charlimit=None)
        marked = highlight.highlight(text, self.exact, self.analyzer, fragmenter, _MarkFormatter(),
                                     top=1, minscore=0)
        return marked or html.escape(text, quote=False)


def _wanted_terms(query):
    """The (field, text) terms of ``query`` except those it excludes (``-word``)."""
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from _wanted_terms(query.a)
    elif query.is_leaf():
        yield from query.terms(phrases=True)
    else:
        for child in query.children():
            yield from _wanted_terms(child)


def plain_snippet(body: str) -> str:
    """The opening of ``body`` on one line, escaped."""
    text = " ".join(body.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)


class _MarkFormatter(highlight.Formatter):
    """``<mark>`` around matched words; everything else HTML-escaped."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"

    def _text(self, text):
        return html.escape(text, quote=False)


class _LooseMatchFilter(Filter):
    """Rewrite a syllable to its folded form when only the folded form was typed."""

    def __init__(self, exact: set[str], loose: set[str]):
        self.exact, self.loose = exact, loose

    def __call__(self, tokens):
        for token in tokens:
            if token.text not in self.exact and fold(token.text) in self.loose:
                token.text = fold(token.text)
            yield token
