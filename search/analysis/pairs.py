"""Two common syllables side by side as one term, without diacritics (``viet_nam``), so a
phrase of common words is one posting-list lookup instead of a position check in most
documents."""

import functools

from ..knowledge.loader import read_lines
from ..text import fold

PAIR_JOINER = "_"
COMMON_SYLLABLES_FILE = "common_syllables.txt"


@functools.cache
def common_syllables() -> frozenset[str]:
    """The syllables (without diacritics) in the most bulletins: tools/common_syllables.py.

    Only their pairs are indexed. A pair of all syllables would add a term for almost
    every two words of every bulletin, and writing those many posting lists tripled the
    build time; a phrase with a rarer syllable is quick to check by positions anyway.
    """
    return frozenset(read_lines(COMMON_SYLLABLES_FILE))


def common_pair(first: str, second: str) -> str | None:
    """The ``pairs`` term for two syllables side by side, or None if either is not common."""
    first, second = fold(first), fold(second)
    common = common_syllables()
    return first + PAIR_JOINER + second if first in common and second in common else None


def folded_pairs(folded: list[str]) -> list[str]:
    """Each two common syllables side by side, as ``pairs`` terms: ``viet nam la`` ->
    ``["viet_nam", "nam_la"]``. Pairs run across punctuation, as positions do."""
    return [pair for first, second in zip(folded, folded[1:]) if (pair := common_pair(first, second))]
