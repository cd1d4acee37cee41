"""Multi-syllable words (``tuyên_giáo``), as pyvi segments them: an extra signal for ranking.

pyvi's segmentation is never the only way in: syllables are always indexed, and words
carry no offsets because highlighting works on syllables. The segmenter
(:mod:`search.analysis.pyvi_crf`) is loaded lazily by a module function and never kept on
an analyzer, which Whoosh pickles into the index.
"""

from ..text import respell
from . import pyvi_crf


def load_segmenter() -> None:
    """Load the segmenter's model now rather than at the first :func:`compound_words`."""
    pyvi_crf.load()


def compound_words(text: str) -> list[str]:
    """The multi-syllable words in ``text``, syllables joined by ``_`` (``Tuyên_giáo``).

    The text is respelled first, so ``hoà bình`` and ``hòa bình`` segment alike. Case is
    kept: the segmenter reads it (``Hồ Chí Minh`` is one word, ``hồ chí minh`` three), and
    words only lift a ranking, the syllables find the bulletin whatever the case.
    Single syllables are left out: the syllable fields already hold them.
    """
    return [word for word in pyvi_crf.tokenize(respell(text)).split() if "_" in word.strip("_")]
