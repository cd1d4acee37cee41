"""Vietnamese analysis chains for the index, in the style of ``whoosh.analysis``.

A token is a *syllable* (Vietnamese writes words as space-separated syllables), spelled
one way whatever the typist did (:mod:`search.text`).

- :func:`syllable_analyzer`: syllables, lower case, one tone-mark placement
  (``hoà`` -> ``hòa``), as :func:`search.text.syllables` gives them. Used for ``title``
  and ``body``, where queries are analysed by it; bulletins reach the index already
  split (search/index/documents.py).
- :func:`folded_analyzer`: the same syllables without diacritics (``đ`` -> ``d``), so
  ``tuyen giao`` finds ``tuyên giáo``.
- :func:`word_analyzer`: pyvi's multi-syllable words (``tuyên_giáo``, see
  :mod:`search.analysis.segmenter`), an extra signal for ranking.
- :func:`pair_analyzer`: pairs of common syllables (:mod:`search.analysis.pairs`).
"""

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, SpaceSeparatedTokenizer

from ..text import SYLLABLE_PATTERN, fold, normalise_syllable


class ToneMarkFilter(Filter):
    """Put tone marks in one place, in every syllable of a token (``hoà_bình`` -> ``hòa_bình``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise_word(token.text)
            yield token


class FoldFilter(Filter):
    """Strip diacritics from each token."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def normalise_word(word: str) -> str:
    """A pyvi word as :func:`word_analyzer` indexes it: ``Hoà_Bình`` -> ``hòa_bình``."""
    return "_".join(map(normalise_syllable, word.split("_")))


def syllable_tokenizer():
    return RegexTokenizer(SYLLABLE_PATTERN)


def syllable_analyzer():
    return syllable_tokenizer() | LowercaseFilter() | ToneMarkFilter()


def folded_analyzer():
    return syllable_analyzer() | FoldFilter()


def word_analyzer():
    """The ``words`` field's analyzer for text; bulletins give it token lists instead,
    made by the segmenter and :func:`normalise_word` in the indexing workers."""
    return SpaceSeparatedTokenizer() | LowercaseFilter() | ToneMarkFilter()


def pair_analyzer():
    """Terms of :func:`~search.analysis.pairs.folded_pairs` typed as text (they are indexed as token lists)."""
    return SpaceSeparatedTokenizer()
