"""Marking a query's words in stored text: snippets for result lists, whole bulletins for reading.

A syllable of the text is marked when, spelled the way the index spells it (lower case,
one tone placement), it is a query word: ``Hòa``, ``hoà`` and ``HOÀ`` alike. A word typed
with marks is marked where the text has exactly it. One typed without (``chi``) is marked
where it explains the match: in the marking the query most likely means (``chỉ``) or
beside the query's neighbouring word, and anywhere only when it stands nowhere like that.
A mark covers the original characters, diacritics and all. The result is a
:class:`~search.query.results.MarkedText` (text and spans); front ends draw the marks.

Finding the words is one regular-expression pass over the text: each query word is
looked for with every letter free to carry any diacritic, and each hit is then checked
against the query's spelling. A snippet is the passage of the body where the most
distinct query words meet. Running Whoosh's analyzer and highlighter over every hit's
body cost more than the whole search.

Compiling a pattern whose every letter is a class of some sixty characters took longer
than the search itself, for each new query. So the text is first folded character for
character through a table (numpy, one step) into the letters those classes stand for,
and a plain pattern of the words without diacritics is run over that: the same matches
at the same places. A query word of other characters than a-z and 0-9 takes the classes.
"""

import functools
import re
import string

import numpy as np

from whoosh.query import AndNot, Not

from ..limits import MAX_MARKS, SNIPPET_SCAN_CHARS
from ..text import fold, normalise_syllable, syllables
from .results import MarkedText

SNIPPET_CHARS = 240
# Characters of text shown before the first query word of a snippet.
LEAD_CHARS = 60


class Marker:
    def __init__(self, syllables: set[str], loose: set[str] | None = None, sequence: tuple[str, ...] = (),
                 meant: dict[str, str] | None = None):
        """``syllables`` as the index analyzer writes them (lower case, one tone placement);
        ``loose``: those that match any marking (typed without marks; by default every one
        without diacritics); ``sequence``: the query's loose words in the order typed;
        ``meant``: for a loose word, the marking the query most likely means (``chi`` ->
        ``chỉ`` in ``chi thi 05``)."""
        self.exact = set(syllables)
        self.loose = {syllable for syllable in self.exact if fold(syllable) == syllable} if loose is None else loose
        self.meant = meant or {}
        self.side_by_side = set(zip(sequence, sequence[1:]))
        folded = {fold(syllable) for syllable in self.exact}
        self._verdicts = {}  # text as written -> its syllable if it is a query word, else ""
        self._on_folded = all(_ASCII_WORD.fullmatch(word) for word in folded)
        if not self.exact:
            self._candidates = None
        elif self._on_folded:
            self._candidates = _plain_words(folded)
        else:
            self._candidates = _any_marking_of(folded)

    @classmethod
    def for_query(cls, parsed, typed: str = "", meant: str | None = None) -> "Marker":
        """The marker for a parsed Whoosh query (its words in the syllable fields); with
        ``typed``, the query as typed, and ``meant``, the same with its marks restored."""
        terms = list(_wanted_terms(parsed))
        wanted = {text for name, text in terms if name in ("title", "body")}
        # Only words typed without marks are also searched without diacritics (``folded``);
        # the other form of an abbreviation (``UBND``) is searched as it is written.
        loose = {text for name, text in terms if name == "folded"} & wanted
        sequence = tuple(word for word in map(fold, syllables(typed)) if word in loose)
        restored = {}
        if meant and len(syllables(meant)) == len(syllables(typed)):
            restored = {word: marked for word, marked in zip(syllables(typed), syllables(meant)) if word in loose}
        return cls(wanted, loose, sequence, restored)

    def snippet(self, body: str) -> MarkedText:
        """The passage of ``body`` (about SNIPPET_CHARS, on one line) where the most
        distinct query words meet, or its opening when none is there; only the opening
        SNIPPET_SCAN_CHARS of a bulletin are searched for it."""
        found = self._find(body, SNIPPET_SCAN_CHARS)
        if not found:
            return plain_snippet(body)
        begin, end = _densest_passage(body, found)
        inside = [match for match in found if begin <= match[0] and match[1] <= end]
        return _one_line(body, inside, begin, end)

    def mark(self, text: str) -> MarkedText:
        """All of ``text`` with the query's words marked (the first MAX_MARKS of them)."""
        return MarkedText(text, tuple((start, stop) for start, stop, _ in self._find(text, len(text))[:MAX_MARKS]))

    def _find(self, text: str, scanned: int) -> list[tuple[int, int, str]]:
        """``(start, end, word without diacritics)`` of the query's words in ``text[:scanned]``
        that explain the match (see :meth:`_explains`)."""
        if self._candidates is None:
            return []
        found, verdicts = [], self._verdicts
        searched = _fold_letters(text[:scanned]) if self._on_folded else text
        for match in self._candidates.finditer(searched, 0, scanned):
            start, end = match.span()
            if self._on_folded and start and searched[start - 1].isalnum():
                continue  # inside a word (the folded pattern leaves this test out: 3x faster)
            surface = text[start:end]
            verdict = verdicts.get(surface)
            if verdict is None:  # once for each way a word is written (a common word comes often)
                syllable = normalise_syllable(surface)
                wanted = syllable in self.exact or fold(syllable) in self.loose
                verdict = verdicts[surface] = syllable if wanted else ""
            if verdict:
                found.append((start, end, verdict))
        explaining = [index for index in range(len(found)) if self._explains(text, found, index)]
        if not any(fold(found[index][2]) in self.loose for index in explaining):
            # No loose word stands where the query means it: the match was made by the
            # loose words wherever they are, so they are all marked.
            explaining = range(len(found))
        return [(start, end, fold(syllable)) for start, end, syllable in (found[i] for i in explaining)]

    def _explains(self, text: str, found: list, index: int) -> bool:
        """A word typed with marks, found as typed, always explains the match; a word typed
        without marks only in the marking the query most likely means, or beside the
        query's next or previous word (``chi thi 05`` marks ``chỉ thị``, not the ``Chí``
        of ``Hồ Chí Minh``)."""
        start, end, syllable = found[index]
        word = fold(syllable)
        if word not in self.loose or len(self.loose) == 1 and len(self.exact) == 1:
            return True
        if self.meant.get(word) == syllable:
            return True
        before = found[index - 1] if index else None
        after = found[index + 1] if index + 1 < len(found) else None
        return bool((before and not text[before[1]:start].strip() and (fold(before[2]), word) in self.side_by_side)
                    or (after and not text[end:after[0]].strip() and (word, fold(after[2])) in self.side_by_side))


def plain_snippet(body: str) -> MarkedText:
    """The opening of ``body`` on one line, nothing marked."""
    text = " ".join(body.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return MarkedText(text)


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


def _densest_passage(text: str, found: list) -> tuple[int, int]:
    """``(begin, end)`` of the passage holding the most distinct query words, cut at spaces."""
    reach = SNIPPET_CHARS - LEAD_CHARS
    best, best_count = found[0][0], 0
    in_reach, ahead = {}, 0  # query words starting within ``reach`` of each match
    for start, _, word in found:
        while ahead < len(found) and found[ahead][1] <= start + reach:
            in_reach[found[ahead][2]] = in_reach.get(found[ahead][2], 0) + 1
            ahead += 1
        if len(in_reach) > best_count:
            best, best_count = start, len(in_reach)
        if word in in_reach:
            in_reach[word] -= 1
            if not in_reach[word]:
                del in_reach[word]
    begin = max(0, best - LEAD_CHARS)
    if begin:
        begin = text.find(" ", begin, best) + 1 or best
    end = begin + SNIPPET_CHARS
    if end < len(text):
        cut = text.rfind(" ", best, end)
        end = cut if cut > best else end
    return begin, min(end, len(text))


def _one_line(text: str, found: list, begin: int, end: int) -> MarkedText:
    """``text[begin:end]`` on one line (each run of white space one space), with ``…``
    where it was cut, and the found words' spans in it."""
    pieces, marks, position = ["… "] if begin else [], [], begin
    length = len(pieces[0]) if pieces else 0
    for start, stop, _ in found:
        between = re.sub(r"\s+", " ", text[position:start])
        word = text[start:stop]
        marks.append((length + len(between), length + len(between) + len(word)))
        pieces += [between, word]
        length += len(between) + len(word)
        position = stop
    pieces.append(re.sub(r"\s+", " ", text[position:end]))
    if end < len(text):
        pieces.append(" …")
    return MarkedText("".join(pieces), tuple(marks))


def _letter_classes() -> dict[str, str]:
    """Each ASCII letter -> a regex class of it with every diacritic (``d`` -> ``[dđĐ…]``)."""
    variants = {}
    for code in range(0x00C0, 0x1F00):
        folded = fold(chr(code))
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants.setdefault(folded.lower(), set()).add(chr(code))
    return {letter: "[" + letter + "".join(sorted(chars)) + "]" for letter, chars in variants.items()}


_LETTER_CLASSES = _letter_classes()


def _letter_class(letter: str) -> str:
    return _LETTER_CLASSES.get(letter, re.escape(letter))


def _any_marking_of(words: set[str]) -> re.Pattern:
    """A pattern for whole syllables that are one of ``words`` once diacritics are dropped."""
    spellings = ["".join(_letter_class(char) for char in word) for word in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(spellings) + r")(?![^\W_])", re.IGNORECASE)


_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _plain_words(words: set[str]) -> re.Pattern:
    """:func:`_any_marking_of` for text folded by :func:`_fold_letters` (words of a-z, 0-9),
    but for the test that no letter or digit comes before a match (a look-behind ``[^\\W_]``, that is
    ``str.isalnum``), which its caller makes: a pattern that begins with a look-behind is
    tried at every character, one that begins with the words only where they begin. A
    match inside a word is no loss: no match could begin within it either."""
    return re.compile(r"(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![^\W_])")


@functools.cache
def folding_table() -> np.ndarray:
    """For each character of the Basic Multilingual Plane, the ASCII letter whose class
    (:func:`_letter_class`, case ignored) it belongs to, else the character itself. Made
    by running the classes over every character, so it is what they match (no character
    of the other planes is in a class: tests/test_highlight_folding.py checks both)."""
    table = np.arange(0x10000, dtype=np.uint32)
    classes = {letter: re.compile(_letter_class(letter), re.IGNORECASE) for letter in string.ascii_lowercase}
    members = "".join(_letter_class(letter).strip("[]") for letter in string.ascii_lowercase)
    any_class = re.compile("[" + members.replace("\\", "\\\\").replace("]", "\\]").replace("^", "\\^") + "]",
                           re.IGNORECASE)
    every = "".join(" " if 0xD800 <= code < 0xE000 else chr(code) for code in range(0x10000))
    for match in any_class.finditer(every):
        letters = [letter for letter, pattern in classes.items() if pattern.fullmatch(match.group())]
        if len(letters) == 1:  # (a character in two classes would be left as it is: none is)
            table[match.start()] = ord(letters[0])
    table.flags.writeable = False
    return table


def _fold_letters(text: str) -> str:
    """``text`` with each character in a letter class replaced by its ASCII letter, the
    length and every other character kept."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = folding_table()
    folded = np.where(codes < len(table), table[np.minimum(codes, len(table) - 1)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
