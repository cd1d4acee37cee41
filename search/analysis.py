"""Vietnamese analysis chains for the index, in the style of ``whoosh.analysis``.

Three chains share one idea: a token is a *syllable* (Vietnamese writes words as
space-separated syllables), spelled one way whatever the typist did.

- :func:`syllable_analyzer`: syllables, lower case, one tone-mark placement
  (``hoà`` -> ``hòa``). Used for ``title`` and ``body``; highlighting re-runs it over
  the stored text, so its character offsets point into the original.
- :func:`folded_analyzer`: the same syllables without diacritics (``đ`` -> ``d``), so
  ``tuyen giao`` finds ``tuyên giáo``.
- :func:`word_analyzer`: pyvi's multi-syllable words (``tuyên_giáo``), an extra signal
  for ranking. pyvi is never the only way in: syllables are always indexed, and pyvi
  words carry no offsets because highlighting works on syllables.
- :func:`folded_pairs`: two common syllables side by side as one term, without
  diacritics (``viet_nam``), so a phrase of common words is one posting-list lookup
  instead of a position check in most documents.

Whoosh pickles the schema, analyzers included, into the index, so pyvi's model is
loaded lazily by a module function and never kept on an analyzer.
"""

import functools
import multiprocessing.util
import re
import unicodedata
from pathlib import Path

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, SpaceSeparatedTokenizer

from .textnorm import compose

# Letters and digits; ``_`` is excluded because pyvi uses it to join syllables.
SYLLABLE_PATTERN = r"[^\W_]+"

_SYLLABLE = re.compile(SYLLABLE_PATTERN)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _tone_placement_table() -> dict[str, str]:
    """Map the "new style" endings ``oà, oè, uỳ`` ... to the "old style" ``òa, òe, ùy`` ...

    The two styles differ only where ``oa``, ``oe`` or ``uy`` end a syllable; we
    index the old style, the one most Vietnamese sites use (``hòa``, ``khỏe``, ``ủy``).
    """
    table = {}
    for first, second in ("oa", "oe", "uy"):
        for mark in _TONE_MARKS:
            new_style = first + unicodedata.normalize("NFC", second + mark)
            old_style = unicodedata.normalize("NFC", first + mark) + second
            table[new_style] = old_style
    return table


_TONE_PLACEMENT = _tone_placement_table()
_NEW_STYLE_ENDING = re.compile(r"(?<!q)(" + "|".join(_TONE_PLACEMENT) + r")$")


@functools.lru_cache(maxsize=200_000)
def normalise_syllable(syllable: str) -> str:
    """Lower case, NFC, and one tone-mark placement: ``Uỷ`` -> ``ủy``, ``hoà`` -> ``hòa``."""
    lowered = compose(syllable).lower()
    return _NEW_STYLE_ENDING.sub(lambda m: _TONE_PLACEMENT[m.group(1)], lowered)


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Drop every diacritic: ``Tuyên giáo Đảng`` -> ``Tuyen giao Dang``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_diacritics(text: str) -> bool:
    return fold(text) != text


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


@functools.cache
def _pyvi_tokenizer():
    from pyvi import ViTokenizer  # loads a CRF model (~1 s): once per process

    # Unpickling the model copies it to a temporary file (sklearn-crfsuite) that is only
    # removed by a finaliser, which does not run when a process exits: 640 KB left in the
    # temp folder per process. Remove it at exit: multiprocessing's finalisers run both in
    # the main process (at exit) and in pool workers, which skip ``atexit`` handlers.
    multiprocessing.util.Finalize(None, ViTokenizer.ViTokenizer.model.modelfile.cleanup, exitpriority=0)
    return ViTokenizer


def load_segmenter() -> None:
    """Load pyvi now rather than at the first :func:`compound_words`."""
    _pyvi_tokenizer()


def respell(text: str) -> str:
    """``text`` in NFC with one tone-mark placement, case kept: ``Hoà bình, Uỷ ban`` ->
    ``Hòa bình, Ủy ban``."""
    return _SYLLABLE.sub(lambda m: _with_case_of(m.group(), normalise_syllable(m.group())), compose(text))


def _with_case_of(original: str, lowered: str) -> str:
    if original.islower() or original == lowered:
        return lowered
    if original.isupper():
        return lowered.upper()
    return lowered[0].upper() + lowered[1:] if original[1:].islower() else original


def compound_words(text: str) -> list[str]:
    """pyvi's multi-syllable words in ``text``, syllables joined by ``_`` (``Tuyên_giáo``).

    The text is respelled first, so ``hoà bình`` and ``hòa bình`` segment alike. Case is
    kept: pyvi reads it (``Hồ Chí Minh`` is one word, ``hồ chí minh`` three), and words
    only lift a ranking, the syllables find the bulletin whatever the case.
    Single syllables are left out: the syllable fields already hold them.
    """
    return [word for word in _pyvi_tokenizer().tokenize(respell(text)).split() if "_" in word.strip("_")]


PAIR_JOINER = "_"
COMMON_SYLLABLES_FILE = Path(__file__).with_name("data") / "common_syllables.txt"


@functools.cache
def common_syllables() -> frozenset[str]:
    """The syllables (without diacritics) in the most bulletins: tools/common_syllables.py.

    Only their pairs are indexed. A pair of all syllables would add a term for almost
    every two words of every bulletin, and writing those many posting lists tripled the
    build time; a phrase with a rarer syllable is quick to check by positions anyway.
    """
    lines = COMMON_SYLLABLES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def common_pair(first: str, second: str) -> str | None:
    """The ``pairs`` term for two syllables side by side, or None if either is not common."""
    first, second = fold(first), fold(second)
    common = common_syllables()
    return first + PAIR_JOINER + second if first in common and second in common else None


def folded_pairs(folded: list[str]) -> list[str]:
    """Each two common syllables side by side, as ``pairs`` terms: ``viet nam la`` ->
    ``["viet_nam", "nam_la"]``. Pairs run across punctuation, as positions do."""
    return [pair for first, second in zip(folded, folded[1:]) if (pair := common_pair(first, second))]


def syllables(text: str) -> list[str]:
    """The syllables of ``text`` as :func:`syllable_analyzer` indexes them."""
    return [token.text for token in syllable_analyzer()(text)]


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
    made by :func:`compound_words` and :func:`normalise_word` in the indexing workers."""
    return SpaceSeparatedTokenizer() | LowercaseFilter() | ToneMarkFilter()


def pair_analyzer():
    """Terms of :func:`folded_pairs` typed as text (they are indexed as token lists)."""
    return SpaceSeparatedTokenizer()
