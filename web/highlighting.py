"""Highlight a query's words in a whole bulletin, the way the engine marks its snippets.

The query is cut into syllables by the index's own analyzer, so ``Hòa``, ``hoà`` and
``HOÀ`` all mark the same word. A syllable typed with diacritics marks exactly that
syllable; one typed without (``tuyen``) marks it whatever its diacritics (``tuyên``).
Search operators (``OR``, ``-word``) are left out. The output is HTML in which
everything but the ``<mark>`` tags is escaped.
"""

import html

from markupsafe import Markup
from whoosh import highlight
from whoosh.analysis import Filter

from search.analysis import fold, syllable_analyzer

OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class Highlighter:
    def __init__(self, query: str):
        words = [word for word in query.split() if word not in OPERATORS and not word.startswith("-")]
        self.exact = {token.text for token in syllable_analyzer()(" ".join(words))}
        self.loose = {syllable for syllable in self.exact if fold(syllable) == syllable}
        self.analyzer = syllable_analyzer() | _LooseMatch(self.exact, self.loose)

    def mark(self, text: str) -> Markup:
        """``text`` escaped, with every query syllable in a ``<mark>``."""
        if not self.exact:
            return Markup(html.escape(text, quote=False))
        marked = highlight.highlight(text, self.exact, self.analyzer,
                                     highlight.WholeFragmenter(charlimit=None), _MarkFormatter(),
                                     top=1, minscore=0)
        return Markup(marked)

    def paragraphs(self, body: str) -> list[Markup]:
        """The body's paragraphs (separated by blank lines), each marked."""
        return [self.mark(paragraph.strip()) for paragraph in body.split("\n\n") if paragraph.strip()]


class _MarkFormatter(highlight.Formatter):
    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"

    def _text(self, text):
        return html.escape(text, quote=False)


class _LooseMatch(Filter):
    """Rewrite a syllable to its folded form when only the folded form was typed."""

    def __init__(self, exact: set[str], loose: set[str]):
        self.exact, self.loose = exact, loose

    def __call__(self, tokens):
        for token in tokens:
            if token.text not in self.exact and fold(token.text) in self.loose:
                token.text = fold(token.text)
            yield token
