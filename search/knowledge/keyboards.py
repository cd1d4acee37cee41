"""Syllables typed with a Vietnamese input method switched off, read back: Telex
``giaos`` -> ``giáo``, ``tuyeen`` -> ``tuyên``; VNI ``gia1o`` -> ``giáo``, ``tuye6n`` -> ``tuyên``.

The keys are data (``data/keyboards.toml``); where a tone mark goes is the language's own
rule: on the vowel that carries a letter mark (``ê``, ``ơ`` ...), else on the only vowel,
else on the last vowel before a final consonant, else on the first of two vowels and the
middle of three (``hòa``, ``ủy``, ``ngoái``), ``gi`` and ``qu`` counting as consonants.
"""

import functools
import re
import unicodedata

from ..text import normalise_syllable
from .loader import load_toml

VOWELS = "aăâeêioôơuưy"
MARKED_VOWELS = "ăâêôơư"


def decodings(typed: str) -> list[str]:
    """The syllables ``typed`` spells in Telex and in VNI (none when it spells nothing
    new), lower case, in the index's spelling."""
    typed = typed.lower()
    found = []
    for method in ("telex", "vni"):
        syllable = _decode(typed, method)
        if syllable and syllable != typed and syllable not in found:
            found.append(syllable)
    return found


@functools.cache
def _keys(method: str) -> tuple[re.Pattern, dict[str, str], dict[str, str]]:
    table = load_toml("keyboards.toml")[method]
    letters = table["letters"]
    pattern = re.compile("|".join(sorted(map(re.escape, letters), key=len, reverse=True)))
    return pattern, letters, table["tones"]


def _decode(typed: str, method: str) -> str | None:
    pattern, letters, tones = _keys(method)
    tone = None
    if method == "telex" and len(typed) > 1 and typed[-1] in tones:
        typed, tone = typed[:-1], tones[typed[-1]]
    elif method == "vni":
        digits = [key for key in typed if key in tones]
        if len(digits) > 1:
            return None
        if digits:
            typed, tone = typed.replace(digits[0], ""), tones[digits[0]]
    spelled = pattern.sub(lambda m: letters[m.group()], typed)
    if not spelled.isalpha() or not any(letter in VOWELS for letter in spelled):
        return None
    return normalise_syllable(_with_tone(spelled, tone) if tone else spelled)


def _with_tone(syllable: str, tone: str) -> str:
    start = 2 if re.match(r"(?:gi|qu)[aăâeêioôơuưy]", syllable) else 0
    vowels = [i for i in range(start, len(syllable)) if syllable[i] in VOWELS]
    if not vowels:
        return syllable
    run = [i for i in vowels if i - vowels[0] == vowels.index(i)]  # the first run of vowels
    marked = [i for i in run if syllable[i] in MARKED_VOWELS]
    if marked:
        at = marked[-1]
    elif len(run) == 1 or run[-1] < len(syllable) - 1:
        at = run[-1]
    else:
        at = run[len(run) // 2] if len(run) == 3 else run[0]
    return unicodedata.normalize("NFC", syllable[:at + 1] + tone + syllable[at + 1:])
