"""Suggestions for what a user meant, from the index's own vocabulary.

- **Marks restored**: a query typed without diacritics gets its most likely marks. pyvi's
  ``add_accents`` guesses poorly on this material (``tu tuong`` -> ``từ tưởng``), so the
  index itself is the dictionary: every word and syllable it holds, by how many bulletins
  use it. A query is read left to right, taking at each point the longest run of
  syllables that forms a known word (``bao cao vien`` -> ``báo cáo viên``), else the most
  common marked form of the single syllable.
- **Words repaired**: a syllable the index does not hold as typed is read as Telex or VNI
  typed with the input method off (``tuyeen giaos``, ``tuye6n gia1o`` -> ``tuyên giáo``,
  :mod:`search.knowledge.keyboards`), else corrected by one letter (``truyềnn`` ->
  ``truyền``), to the most common syllable of the index that fits. A syllable the index
  holds as typed is never changed (``CT/TW`` stays).

The engine shows a candidate only when it finds more than the query did, or when it only
restores the marks of a query typed without any: never one that changes marks the user
typed and finds nothing (``máy bay phản lực``).
"""

import bisect
import functools
import heapq
import re
from dataclasses import dataclass

from ..knowledge.keyboards import decodings
from ..text import compose, fold, has_diacritics, normalise_syllable

MAX_WORD_SYLLABLES = 4
# Shorter syllables are too easily one letter from another word to be corrected.
MIN_CORRECTED_LETTERS = 3
_LETTERS = sorted(set("abcdefghijklmnopqrstuvwxyzđ" + "".join(
    normalise_syllable(vowel + mark) for vowel in "aăâeêioôơuưy" for mark in "\u0300\u0301\u0303\u0309\u0323")
    + "aăâeêioôơuưy"))
_PLAIN_WORD = re.compile(r"[^\W_]+")


@dataclass
class Vocabulary:
    best: dict[str, tuple[str, int]]  # folded form ("tuyen giao") -> (marked form, bulletins)
    syllables: dict[str, int]         # each syllable of the text fields -> bulletins

    @classmethod
    def from_reader(cls, reader) -> "Vocabulary":
        best: dict[str, tuple[str, int]] = {}
        syllables: dict[str, int] = {}
        for field_name in ("body", "words"):
            if field_name not in reader.schema or not reader.doc_count_all():
                continue
            for term in reader.field_terms(field_name):
                marked = term.replace("_", " ")
                key = fold(marked)
                count = reader.doc_frequency(field_name, term)
                if field_name == "body":
                    syllables[term] = count
                if count > best.get(key, ("", 0))[1]:
                    best[key] = (marked, count)
        return cls(best, syllables)

    def restore(self, query: str) -> str | None:
        """The query with marks restored, or None when it has marks or nothing is known."""
        syllables = [normalise_syllable(word) for word in compose(query).split()]
        if not syllables or any(fold(s) != s for s in syllables):
            return None
        restored, position = [], 0
        while position < len(syllables):
            for size in range(min(MAX_WORD_SYLLABLES, len(syllables) - position), 0, -1):
                key = " ".join(syllables[position:position + size])
                if key in self.best:
                    restored.append(self.best[key][0])
                    position += size
                    break
            else:
                restored.append(syllables[position])
                position += 1
        suggestion = " ".join(restored)
        return suggestion if suggestion != " ".join(syllables) else None

    def candidates(self, query: str, total: int) -> list[str]:
        """What the user may have meant, best first (the engine keeps the first that the
        rules of the module docstring allow)."""
        typed = " ".join(normalise_syllable(word) for word in compose(query).split())
        repaired = " ".join(self._repair(word) for word in compose(query).split())
        found = [self.restore_unmarked(repaired)]
        if total == 0 and has_diacritics(typed):
            found.append(self.restore(fold(typed)))  # the marks most likely meant
        return [candidate for candidate in dict.fromkeys(found) if candidate and candidate != typed]

    def restore_unmarked(self, query: str) -> str:
        """The query with the marks of each run of words typed without any restored:
        ``tuyen truyền`` -> ``tuyên truyền``."""
        restored, run = [], []
        for syllable in [*(normalise_syllable(word) for word in compose(query).split()), None]:
            if syllable is not None and not has_diacritics(syllable):
                run.append(syllable)
                continue
            if run:
                restored.append(self.restore(" ".join(run)) or " ".join(run))
                run = []
            if syllable is not None:
                restored.append(syllable)
        return " ".join(restored)

    def complete(self, prefix: str, limit: int) -> list[str]:
        """The ``limit`` most used words and phrases that begin as ``prefix``, marks or not."""
        key = " ".join(normalise_syllable(word) for word in fold(prefix).split()) + (" " if prefix.endswith(" ") else "")
        if not key.strip():
            return []
        keys = self._sorted_keys
        first = bisect.bisect_left(keys, key)
        last = bisect.bisect_left(keys, key + "\U0010ffff")
        best = heapq.nlargest(limit, keys[first:last], key=lambda found: self.best[found][1])
        return [self.best[found][0] for found in best]

    @functools.cached_property
    def _sorted_keys(self) -> list[str]:
        return sorted(self.best)

    def _repair(self, word: str) -> str:
        """``word`` as the index holds it, or the most common syllable it was meant to be."""
        syllable = normalise_syllable(word)
        if not _PLAIN_WORD.fullmatch(syllable) or self._known(syllable):
            return syllable
        meant = [decoded for decoded in decodings(syllable) if decoded in self.syllables]
        if not meant and len(syllable) >= MIN_CORRECTED_LETTERS and not syllable.isdigit():
            meant = [edited for edited in _one_letter_off(syllable) if edited in self.syllables]
        return max(meant, key=self.syllables.__getitem__) if meant else syllable

    def _known(self, syllable: str) -> bool:
        return syllable in self.syllables or (not has_diacritics(syllable) and syllable in self.best)


def _one_letter_off(word: str) -> set[str]:
    """Every spelling one letter away: one dropped, swapped with the next, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({left + right[1:] for left, right in splits if right}
            | {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
            | {left + letter + right[1:] for left, right in splits if right for letter in _LETTERS}
            | {left + letter + right for left, right in splits for letter in _LETTERS})
