"""Marking query words through folded text (search/query/highlight.py) finds exactly what
the pattern of letter classes finds on the text itself."""

import random
import re
import string

import numpy as np
import pytest

from conftest import CORPUS, DANTRI
from search.query.highlight import Marker, _any_marking_of, _letter_class, folding_table
from search.text import fold, syllables


def test_the_folding_table_is_what_the_letter_classes_match():
    table = folding_table()
    classes = {letter: re.compile(_letter_class(letter), re.IGNORECASE) for letter in string.ascii_lowercase}
    word = re.compile(r"[^\W_]")
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            assert table[code] == code
            continue
        char = chr(code)
        matching = [letter for letter, pattern in classes.items() if pattern.fullmatch(char)]
        assert len(matching) <= 1, (hex(code), matching)
        assert table[code] == (ord(matching[0]) if matching else code), hex(code)
        if matching:
            assert word.match(char), hex(code)  # word boundaries stay where they were
    assert all(bool(word.match(chr(code))) == chr(code).isalnum()  # the boundary test of _find
               for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    union = re.compile("|".join(classes[letter].pattern for letter in string.ascii_lowercase), re.IGNORECASE)
    beyond = "".join(map(chr, range(0x10000, 0x110000)))
    assert union.search(beyond) is None


def _texts():
    paths = sorted(DANTRI.glob("*.txt"))[:300] if DANTRI.exists() else []
    return [path.read_text(encoding="utf-8") for path in [*CORPUS.glob("*.txt"), *paths]]


@pytest.mark.parametrize("seed", range(4))
def test_folded_text_finds_what_the_letter_classes_find(seed):
    rng = random.Random(seed)
    texts = _texts()
    text = rng.choice(texts)
    # Odd characters the classes know through case folding, and some they do not.
    text += " KELVIN \u212a ſ ǅ İstanbul ﬁ ΣΑΣ µ ß 𝐀 \U0001F600 Ǆ ǈ"
    words = syllables(text)
    for _ in range(50):
        query = set(rng.sample(words, rng.randint(1, 4)))
        query |= {fold(word) for word in rng.sample(words, 2)}  # typed without marks
        marker = Marker(query)
        assert marker._on_folded or not all(re.fullmatch("[a-z0-9]+", fold(word)) for word in query)
        classes = Marker(query)
        classes._on_folded, classes._candidates = False, _any_marking_of({fold(word) for word in query})
        assert marker._find(text, len(text)) == classes._find(text, len(text)), query
        assert marker.snippet(text) == classes.snippet(text)
