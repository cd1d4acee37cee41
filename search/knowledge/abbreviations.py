"""Abbreviations of the trade (``UBND``, ``BTV``, ``đ/c`` ...), recognised in a query both ways.

A query that writes the short form should also find bulletins that spell it out, and
the other way round: ``UBND huyện`` finds ``Ủy ban nhân dân huyện``, ``ban thường vụ``
finds ``BTV``. This module only recognises them; the searcher turns each into an
``OR`` of what was typed and the other form. The list is data:
``search/knowledge/data/abbreviations.toml``.
"""

import functools
import re
from dataclasses import dataclass

from .. import text
from ..text import fold
from .loader import load_toml


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str
    capitals_only: bool = False

    @property
    def forms(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Short and long form as index syllables: ``("ubnd",)``, ``("ủy", "ban", "nhân", "dân")``."""
        return syllables(self.short), syllables(self.long)


@functools.lru_cache(maxsize=None)
def syllables(written: str) -> tuple[str, ...]:
    return tuple(text.syllables(written))


@functools.cache
def catalogue() -> tuple[Abbreviation, ...]:
    return tuple(Abbreviation(**entry) for entry in load_toml("abbreviations.toml")["abbreviation"])


@dataclass(frozen=True)
class Expansion:
    start: int                 # the words[start:end] of the query are one form ...
    end: int
    other: tuple[str, ...]     # ... and these syllables the other
    exact: bool = False        # typed short form that is also a syllable (TU): match it exactly


def expansions(words: list[tuple[str, ...]], query: str) -> list[Expansion]:
    """Runs of the query's words that are an abbreviation or what one stands for.

    ``words`` are the query's words in order, each as its index syllables (a word like
    ``đ/c`` is two); ``query`` is the text as typed, whose capitals tell ``TU`` (Thành
    ủy) from ``tu``. Runs do not overlap; the longest is taken first.
    """
    found, start = [], 0
    while start < len(words):
        for end in range(len(words), start, -1):
            typed = tuple(syllable for word in words[start:end] for syllable in word)
            other, exact = _other_form(typed, query)
            if other:
                found.append(Expansion(start, end, other, exact))
                start = end
                break
        else:
            start += 1
    return found


def _other_form(typed: tuple[str, ...], query: str) -> tuple[tuple[str, ...] | None, bool]:
    """The other form of what was typed, and whether what was typed must match exactly."""
    for entry in catalogue():
        short, long = entry.forms
        if _agrees(typed, short) and (not entry.capitals_only or _written_in_capitals(entry.short, query)):
            return long, entry.capitals_only
        if _agrees(typed, long):
            return short, False
    return None, False


def _agrees(typed: tuple[str, ...], form: tuple[str, ...]) -> bool:
    """Same syllables, where a syllable typed without marks stands for any marking."""
    return len(typed) == len(form) and all(
        t == f or (fold(t) == t and fold(f) == t) for t, f in zip(typed, form))


def _written_in_capitals(short: str, query: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", query) is not None
