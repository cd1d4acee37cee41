"""Restore the diacritics of a query typed without them, from the index's own vocabulary.

pyvi's ``add_accents`` guesses poorly on this material (``tu tuong`` -> ``từ tưởng``), so
the index itself is the dictionary: every word and syllable it holds, by how many
bulletins use it. A query is read left to right, taking at each point the longest run
of syllables that forms a known pyvi word (``bao cao vien`` -> ``báo cáo viên``), else
the most common marked form of the single syllable.
"""

from dataclasses import dataclass

from ..text import compose, fold, normalise_syllable

MAX_WORD_SYLLABLES = 4


@dataclass
class AccentRestorer:
    best: dict[str, tuple[str, int]]   # folded form ("tuyen giao") -> (marked form, bulletins)

    @classmethod
    def from_reader(cls, reader) -> "AccentRestorer":
        best: dict[str, tuple[str, int]] = {}
        for field_name in ("body", "words"):
            if field_name not in reader.schema or not reader.doc_count_all():
                continue
            for term in reader.field_terms(field_name):
                marked = term.replace("_", " ")
                key = fold(marked)
                count = reader.doc_frequency(field_name, term)
                if count > best.get(key, ("", 0))[1]:
                    best[key] = (marked, count)
        return cls(best)

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
