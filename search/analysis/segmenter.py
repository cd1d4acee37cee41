"""pyvi's multi-syllable words (``tuyên_giáo``): an extra signal for ranking.

pyvi is never the only way in: syllables are always indexed, and pyvi words carry no
offsets because highlighting works on syllables. Whoosh pickles the schema, analyzers
included, into the index, so pyvi's model is loaded lazily by a module function and never
kept on an analyzer.
"""

import functools

from ..text import respell


@functools.cache
def _pyvi_tokenizer():
    import multiprocessing.util  # noqa: PLC0415 - pyvi itself pulls in multiprocessing (scikit-learn)

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


def compound_words(text: str) -> list[str]:
    """pyvi's multi-syllable words in ``text``, syllables joined by ``_`` (``Tuyên_giáo``).

    The text is respelled first, so ``hoà bình`` and ``hòa bình`` segment alike. Case is
    kept: pyvi reads it (``Hồ Chí Minh`` is one word, ``hồ chí minh`` three), and words
    only lift a ranking, the syllables find the bulletin whatever the case.
    Single syllables are left out: the syllable fields already hold them.
    """
    return [word for word in _pyvi_tokenizer().tokenize(respell(text)).split() if "_" in word.strip("_")]
