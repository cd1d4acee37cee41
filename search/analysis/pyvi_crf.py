"""pyvi's word segmentation (pyvi 0.1.1), with identical output, without scikit-learn.

pyvi segments with a CRF (a pickled ``sklearn_crfsuite.CRF``) over per-syllable feature
dicts, and importing it loads scikit-learn, scipy and multiprocessing (about 1 s). Here its
CRFsuite model (``knowledge/data/pyvi/crf.model``, the bytes inside pyvi's pickle) and its
n-gram list (``words.txt``), both MIT-licensed (``LICENSE.txt``), are run by
``underthesea_core.CRFTagger`` (Rust): 4-5x faster per text, loaded in about 40 ms.
``tests/test_segmenter.py`` holds the output equal to pyvi's on real text.

* pyvi has no sentence splitting: the whole text is one CRF sequence, here too;
* the syllabisation regex is pyvi's, with its inner groups made non-capturing (same
  matches, no tuples; the URL / e-mail alternatives are left out for texts without "://" /
  "@", where they cannot match);
* the features are pyvi's ``word2features`` strings, built the way python-crfsuite turns a
  feature dict into CRFsuite attributes (``key:value`` for strings, weight 1.0; ``key`` with
  weight float(bool) for booleans), in the same order, leaving out (a) the False ones,
  weight 0.0, which add exactly 0.0 to every score, and (b) those the model does not know,
  which CRFsuite skips anyway (the model's attribute table is read from the file). So every
  score is the same sum of the same doubles in the same order. Per-syllable pieces are
  cached, the n-gram look-ups are done once per pair/triple instead of twice;
* two quirks kept: python-crfsuite passes attribute names to CRFsuite as C strings, so a
  name is cut at a NUL character; and str.lower() is context-sensitive for capital sigma,
  so texts holding "Σ" lower the joined n-gram strings exactly as pyvi does;
* labels are mapped to ``_``/space joins with pyvi's own rule.

The tagger cannot be pickled: it lives in this module, loaded on first use in each process.
"""

from __future__ import annotations

import re
import string
import struct
import threading
import unicodedata

from ..knowledge.loader import DATA_DIR

MODEL_FILE = DATA_DIR / "pyvi" / "crf.model"
WORDS_FILE = DATA_DIR / "pyvi" / "words.txt"

# --- pyvi's sylabelize() pattern, verbatim except inner groups made non-capturing ----------
_SPECIALS = ["==>", "->", r"\.\.\.", ">>", "\n"]
_DIGIT = r"\d+(?:[\.,_]\d+)+"
_EMAIL = r"(?:[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)"
_WEB = r"\w+://[^\s]+"
_WORD = r"\w+"
_NON_WORD = r"[^\w\s]"
_ABBREVIATIONS = [r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\."]
_TOKEN_RE = re.compile("|".join(_ABBREVIATIONS + _SPECIALS + [_WEB, _EMAIL, _DIGIT, _NON_WORD, _WORD]))
# The same pattern without the URL and/or e-mail alternatives, for texts with no "://" or no
# "@": those alternatives cannot match there, and dropping an alternative that never matches
# leaves findall's result unchanged (the URL one costs a backtracking scan of every word).
_TOKEN_RES = {
    (web, email): re.compile("|".join(_ABBREVIATIONS + _SPECIALS + ([_WEB] if web else []) + ([_EMAIL] if email else [])
                                      + [_DIGIT, _NON_WORD, _WORD]))
    for web in (False, True) for email in (False, True)
}

_PUNCTUATION = string.punctuation  # pyvi tests ``tok in string.punctuation`` (a substring test)

_lock = threading.Lock()
_tagger = None
_attributes: frozenset = frozenset()
_I_W = "I_W"

# token -> _token_info(token). Bounded: cleared when it grows past _CACHE_MAX entries
# (a syllable vocabulary is ~10k; numbers, names and URLs make the long tail).
_cache: dict = {}
_CACHE_MAX = 50_000
_tuples: dict = {}  # interned attribute tuples, shared between cache entries (bounded:
#                     only attributes the model knows go into them)
_bi_next: dict = {}  # syllable -> set of syllables: "a b" in words.txt
_tri_next: dict = {}  # syllable -> {syllable -> set}: "a b c" in words.txt
_EMPTY = ()
_NOSET: frozenset = frozenset()
_NODICT: dict = {}


def _load_ngrams(path):
    """pyvi's bi_grams/tri_grams as successor maps: {a: {b}} and {a: {b: {c}}}.

    Same parse as pyvi (codecs.open: no newline translation; split on '\n', then on ' ';
    2 parts -> bigram, 3 -> trigram), so ``"a b" in bi_grams`` <=> ``b in bi_next[a]``."""
    bi_next: dict = {}
    tri_next: dict = {}
    with open(path, "r", encoding="utf-8", newline="") as fin:
        for line in fin.read().split("\n"):
            parts = line.split(" ")
            n = len(parts)
            if n == 2:
                a, b = parts
                s = bi_next.get(a)
                if s is None:
                    s = bi_next[a] = set()
                s.add(b)
            elif n == 3:
                a, b, c = parts
                d = tri_next.get(a)
                if d is None:
                    d = tri_next[a] = {}
                s = d.get(b)
                if s is None:
                    s = d[b] = set()
                s.add(c)
    return bi_next, tri_next


def _cqdb_keys(data: bytes, off: int) -> list:
    """Keys of a CRFsuite CQDB string table, by id."""
    cid, _size, _flag, _order, bwd_size, bwd_off = struct.unpack_from("<4sIIIII", data, off)
    if cid != b"CQDB":
        raise ValueError("not a CRFsuite model (CQDB chunk missing)")
    keys = []
    for i, roff in enumerate(struct.unpack_from("<%dI" % bwd_size, data, off + bwd_off)):
        rid, ksize = struct.unpack_from("<iI", data, off + roff)
        if rid != i:
            raise ValueError("corrupt CQDB table")
        keys.append(data[off + roff + 8: off + roff + 7 + ksize].decode("utf-8", "surrogateescape"))
    return keys


def _model_strings(data: bytes):
    """(labels, attributes) of a CRFsuite CRF1d model file."""
    (magic, _size, mtype, _ver, _nf, _nl, _na, _off_feat, off_labels, off_attrs,
     _off_lrefs, _off_arefs) = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    if magic != b"lCRF" or mtype != b"FOMC":
        raise ValueError("not a CRFsuite CRF1d model")
    return _cqdb_keys(data, off_labels), _cqdb_keys(data, off_attrs)


def load() -> None:
    """Load the model and the n-gram list now (idempotent, thread-safe)."""
    global _tagger, _attributes
    if _tagger is not None:
        return
    with _lock:
        if _tagger is not None:
            return
        from underthesea_core import CRFTagger

        bi_next, tri_next = _load_ngrams(WORDS_FILE)
        labels, attributes = _model_strings(MODEL_FILE.read_bytes())
        tagger = CRFTagger()
        tagger.load(str(MODEL_FILE))
        if sorted(labels) != ["B_W", "I_W"] or sorted(tagger.labels()) != ["B_W", "I_W"]:
            raise ValueError(f"unexpected CRF labels {labels!r}, {tagger.labels()!r} in {MODEL_FILE}")
        _attributes = frozenset(attributes)
        _bi_next.clear()
        _bi_next.update(bi_next)
        _tri_next.clear()
        _tri_next.update(tri_next)
        _cache.clear()
        _tagger = tagger


def _remember(tok: str):
    info = _cache[tok] = _token_info(tok)
    return info


def _intern(t: tuple) -> tuple:
    return _tuples.setdefault(t, t)


def _token_info(tok: str):
    """Per-syllable pieces, cached. A tuple:

    0 lower; 1 own attributes; 2 attributes as the previous token, by code; 3 attributes
    as the next token, by code (code = 2*bigram + trigram; pyvi puts -1:bi_gram before
    -2:tri_gram, +1:bi_gram before +2:tri_gram); 4 set of syllables that make a bigram after
    this one; 5 dict syllable -> set of syllables that make a trigram after this one;
    6 joinable (pyvi: not ``tok in string.punctuation`` and not ``tok[0].isdigit()``);
    7 ``tok[0].istitle()``.

    Attribute order is pyvi's dict order; an attribute is kept only if it is True-valued
    (python-crfsuite gives False weight 0.0: it adds exactly 0) and the model knows it
    (CRFsuite skips unknown attributes)."""
    low = tok.lower()
    up = tok.isupper()
    title = tok.istitle()
    own = ["bias", "word.lower():" + low]
    if up:
        own.append("word.isupper()")
    if title:
        own.append("word.istitle()")
    if tok.isdigit():
        own.append("word.isdigit()")
    as_prev = ["-1:word.lower():" + low]
    as_next = ["+1:word.lower():" + low]
    if title:
        as_prev.append("-1:word.istitle()")
        as_next.append("+1:word.istitle()")
    if up:
        as_prev.append("-1:word.isupper()")
        as_next.append("+1:word.isupper()")
    known = _attributes
    if "\x00" in tok:
        # python-crfsuite hands CRFsuite C strings: an attribute name ends at a NUL.
        cut = lambda fs: [f.split("\x00", 1)[0] for f in fs]  # noqa: E731
        own, as_prev, as_next = cut(own), cut(as_prev), cut(as_next)
    own = _intern(tuple(f for f in own if f in known))
    as_prev = [f for f in as_prev if f in known]
    as_next = [f for f in as_next if f in known]
    prev_v = _intern(tuple(
        _intern(tuple(as_prev + (["-1:word.bi_gram()"] if c & 2 else []) + (["-2:word.tri_gram()"] if c & 1 else [])))
        for c in range(4)))
    next_v = _intern(tuple(
        _intern(tuple(as_next + (["+1:word.bi_gram()"] if c & 2 else []) + (["+2:word.tri_gram()"] if c & 1 else [])))
        for c in range(4)))
    c0 = tok[0]
    joinable = tok not in _PUNCTUATION and not c0.isdigit()
    return (low, own, prev_v, next_v, _bi_next.get(low, _NOSET), _tri_next.get(low, _NODICT),
            joinable, c0.istitle())


def _in_bigrams(s: str) -> bool:  # s in pyvi's bi_grams
    parts = s.split(" ")
    return len(parts) == 2 and parts[1] in _bi_next.get(parts[0], _NOSET)


def _in_trigrams(s: str) -> bool:  # s in pyvi's tri_grams
    parts = s.split(" ")
    return len(parts) == 3 and parts[2] in _tri_next.get(parts[0], _NODICT).get(parts[1], _NOSET)


def tokenize(text: str) -> str:
    """Exactly ``pyvi.ViTokenizer.tokenize(text)``."""
    if _tagger is None:
        load()
    nfc = unicodedata.normalize("NFC", text)
    toks = _TOKEN_RES["://" in nfc, "@" in nfc].findall(nfc)
    n = len(toks)
    if n == 0:
        return text

    cache = _cache
    if len(cache) > _CACHE_MAX:
        cache.clear()
    get = cache.get
    infos = [get(tok) or _remember(tok) for tok in toks]
    nexts1 = infos[1:]

    if "Σ" in nfc:
        # str.lower() is context-sensitive only for capital sigma (final form): use
        # pyvi's exact expression, lowering the joined string.
        bi = [_in_bigrams(" ".join(toks[j:j + 2]).lower()) for j in range(n - 1)]
        tri = [_in_trigrams(" ".join(toks[j:j + 3]).lower()) for j in range(n - 2)]
    else:
        # "a b" in bi_grams  <=>  b in bi_next[a]  (syllables hold no space)
        bi = [b[0] in a[4] for a, b in zip(infos, nexts1)]
        tri = [c[0] in a[5].get(b[0], _NOSET) for a, b, c in zip(infos, nexts1, infos[2:])]
    tri.append(False)
    # position i: own(i) + prev(i-1)[2*bi(i-1,i) + tri(i-2..i)] + next(i+1)[2*bi(i,i+1) + tri(i..i+2)]
    prevs = [_EMPTY]
    prevs += [info[2][2 * b + t] for info, b, t in zip(infos, bi, [False] + tri)]
    nexts = [info[3][2 * b + t] for info, b, t in zip(nexts1, bi, tri)]
    nexts.append(_EMPTY)
    feats = [info[1] + p + q for info, p, q in zip(infos, prevs, nexts)]

    labels = _tagger.tag(feats)

    out = [toks[0]] * (2 * n - 1)
    out[2::2] = toks[1:]
    out[1::2] = ["_" if lab == _I_W and c[6] and p[6] and (p[7] or not c[7]) else " "
                 for lab, p, c in zip(labels[1:], infos, nexts1)]
    return "".join(out)
