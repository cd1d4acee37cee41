"""Vietnamese text normalisation: the one place that knows how a letter or syllable is spelled.

Real pages mix composed (NFC) and decomposed (NFD) Vietnamese, type the Icelandic eth
``Ð`` (U+00D0) where they mean ``Đ`` (U+0110), and place tone marks two ways (``hoà`` and
``hòa``, ``uỷ`` and ``ủy``). Everything that reads text goes through these functions:

- :func:`compose`: NFC, look-alike letters mapped to their Vietnamese form;
- :func:`fold`: every diacritic dropped (``Tuyên giáo Đảng`` -> ``Tuyen giao Dang``);
- :func:`normalise_syllable`: lower case and one tone placement (``Uỷ`` -> ``ủy``);
- :func:`respell`: a whole text with one tone placement, case kept (``Thành uỷ`` -> ``Thành ủy``).

Tone placement: the two styles differ only where ``oa``, ``oe`` or ``uy`` end a syllable;
we write the traditional style (``hòa``, ``khỏe``, ``ủy``) that most Vietnamese sites use
and the metadata gold keeps.
"""

import functools
import re
import unicodedata

_LOOKALIKES = {
    "\u00d0": "\u0110",  # Ð (eth) -> Đ
    "\u00f0": "\u0111",  # ð (eth) -> đ
    "\u00a0": " ",       # no-break space
    "\ufeff": "",        # stray byte-order marks inside the text
}

# Letters and digits; ``_`` is excluded because pyvi uses it to join syllables.
SYLLABLE_PATTERN = r"[^\W_]+"
_SYLLABLE = re.compile(SYLLABLE_PATTERN)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# A regex class of the upper-case letters, Vietnamese included ("À-Ỹ" would take lower case too).
UPPER = "[" + re.escape("".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())) + "]"


def compose(text: str) -> str:
    """Return ``text`` in NFC with look-alike letters mapped to their Vietnamese form."""
    text = unicodedata.normalize("NFC", text)
    for lookalike, letter in _LOOKALIKES.items():  # rare: a search each is far cheaper than str.translate
        if lookalike in text:
            text = text.replace(lookalike, letter)
    return text


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Drop every diacritic: ``Tuyên giáo Đảng`` -> ``Tuyen giao Dang``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_diacritics(text: str) -> bool:
    """True if ``text`` has a letter with a diacritic (a short text: it is folded and cached)."""
    return fold(text) != text


def _tone_placement_table() -> dict[str, str]:
    """``oà, oè, uỳ`` ... (the tone on the last vowel) -> ``òa, òe, ùy`` ... (the style we write)."""
    table = {}
    for first, second in ("oa", "oe", "uy"):
        for mark in _TONE_MARKS:
            mark_on_last = first + unicodedata.normalize("NFC", second + mark)
            mark_on_first = unicodedata.normalize("NFC", first + mark) + second
            table[mark_on_last] = mark_on_first
    return table


_TONE_PLACEMENT = _tone_placement_table()
# ``qu`` + ``y`` is a consonant and a vowel (``quý``), not the ending ``uy``.
_MARK_ON_LAST = re.compile(r"(?<!q)(" + "|".join(_TONE_PLACEMENT) + r")$")
# A tone-on-the-last-vowel pair ending a syllable, in any case ("Hoà", "UỶ"): where respell may change one.
# Each case of the two letters spelled out: re.IGNORECASE made the search seven times slower.
_OTHER_PLACEMENT = re.compile(r"(?:" + "|".join(
    first + second for pair in _TONE_PLACEMENT
    for first in (pair[0], pair[0].upper()) for second in (pair[1], pair[1].upper())) + r")(?![^\W_])")


@functools.lru_cache(maxsize=200_000)
def normalise_syllable(syllable: str) -> str:
    """Lower case, NFC, and one tone-mark placement: ``Uỷ`` -> ``ủy``, ``hoà`` -> ``hòa``."""
    lowered = compose(syllable).lower()
    return _MARK_ON_LAST.sub(lambda m: _TONE_PLACEMENT[m.group(1)], lowered)


def syllables(text: str) -> list[str]:
    """The syllables of ``text`` as the index spells them: ``Ủy ban, hoà`` -> ``["ủy", "ban", "hòa"]``."""
    return [normalise_syllable(syllable) for syllable in _SYLLABLE.findall(text)]


def respell(text: str) -> str:
    """``text`` in NFC with one tone-mark placement, case kept: ``Hoà bình, Uỷ ban`` ->
    ``Hòa bình, Ủy ban``. Only syllables ending as the other style writes them are looked at."""
    text = compose(text)
    pieces, done = [], 0
    for pair in _OTHER_PLACEMENT.finditer(text):
        start = pair.start()
        while start > done and text[start - 1].isalnum():  # back to the syllable's start ([^\W_])
            start -= 1
        pieces += (text[done:start], _respelled(text[start:pair.end()]))
        done = pair.end()
    return "".join(pieces) + text[done:] if pieces else text


@functools.lru_cache(maxsize=200_000)
def _respelled(syllable: str) -> str:
    return _with_case_of(syllable, normalise_syllable(syllable))


def _with_case_of(original: str, lowered: str) -> str:
    if original.islower() or original == lowered:
        return lowered
    if original.isupper():
        return lowered.upper()
    return lowered[0].upper() + lowered[1:] if original[1:].islower() else original
