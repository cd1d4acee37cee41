"""Party documents cited in bulletins: find them and give each one canonical label.

Bulletins cite the same document in many spellings (``Chỉ thị 05- CT/TW``,
``Chỉ thị số 05``, ``05/CT-TW``, ``Chỉ thị 05 của Bộ Chính trị`` ...). This module
is the one place that knows how to read them. Only four kinds are in scope:
Chỉ thị, Nghị quyết, Kết luận, Quy định (not Kế hoạch, Công văn, Thông tri,
Quyết định, Hướng dẫn).

Canonical labels
----------------
* numbered documents: ``Chỉ thị 05-CT/TW``, ``Nghị quyết 09-NQ/TU`` (kind, number
  padded to two digits, kind code, issuer code);
* plenum resolutions: ``Nghị quyết Trung ương 4 khóa XI``;
* congress resolutions: ``Nghị quyết Đại hội XIII``.

How :func:`find_directives` reads a text
----------------------------------------
Five patterns each propose *mentions* (a span of text and the labels it names):

1. ``_CODED``      a document code: ``05-CT/TW``, ``05/CT-TW``, ``29-NQ-TƯ``, optionally
                   preceded by its kind word (``Chỉ thị số 05-CT/TW``).
2. ``_NUMBERED``   a kind word and a bare number: ``Chỉ thị số 05``. It becomes a
                   ``/TW`` document when a central issuer follows (``của Bộ Chính trị``),
                   or a catalogue document when the catalogue lists the exact name as
                   an alias (``Chỉ thị 05``); otherwise it is dropped.
3. ``_PLENUM_SHORT`` ``Nghị quyết Trung ương 4 khóa XI``, ``Nghị quyết TW 4 (khóa XI)``,
                   ``NQTW4``, ``Nghị quyết Trung ương 5 – 6 khóa XIII``.
4. ``_PLENUM_LONG``  ``Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII``.
                   Both plenum patterns also read ``Kết luận, Quy định Hội nghị Trung
                   ương 4 khóa XIII``, looked up in the catalogue's aliases.
5. ``_CONGRESS``   ``Nghị quyết Đại hội XIII (của Đảng)``, ``Nghị quyết Đại hội đại biểu
                   toàn quốc lần thứ 12``; never a local congress (``... Đảng bộ``).

Overlapping mentions are settled leftmost-longest, a plenum named without its
``khóa`` borrows it from a neighbour (``Nghị quyết Trung ương 8, Nghị quyết Trung
ương 9 khóa XII``) or from another mention of the same plenum, and the labels are
returned in order of first mention.

Input to :func:`find_directives` is expected to be composed already
(:func:`search.text.compose`). Old-style tone marks (``khoá``, ``Uỷ``) and any
letter case are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import compose, fold
from .loader import load_toml


@dataclass(frozen=True)
class Directive:
    """One catalogue entry (see ``data/directives.toml``)."""

    label: str
    code: str | None
    kind: str
    issuer: str
    date: str | None
    title: str
    aliases: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------

#: Kind code inside a document code -> kind word of the label.
KIND_BY_CODE = {"CT": "Chỉ thị", "NQ": "Nghị quyết", "KL": "Kết luận", "QĐ": "Quy định"}
CODE_BY_KIND = {kind: code for code, kind in KIND_BY_CODE.items()}

#: Issuer code as written -> issuer code of the label. Only party committees:
#: TW (Trung ương), TU (Tỉnh ủy / Thành ủy), HU (Huyện ủy), QU (Quận ủy),
#: ĐU (Đảng ủy), ĐUK (Đảng ủy Khối). State codes (CP, TTg, UBND ...) are not listed.
ISSUER_CODES = {
    "TW": "TW", "TƯ": "TW", "T.Ư": "TW", "T.W": "TW",
    "TU": "TU", "HU": "HU", "QU": "QU", "ĐU": "ĐU", "ĐUK": "ĐUK",
}

#: Ordinal words after "lần thứ" (plenum numbers): "Hội nghị lần thứ tư".
NUMBER_WORDS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11,
    "mười hai": 12, "mười ba": 13, "mười bốn": 14, "mười lăm": 15,
}

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
MAX_TERM = 15      # highest "khóa" of the Central Committee accepted (a little headroom)
MAX_PLENUM = 20    # highest plenum number accepted within one term
MAX_CONGRESS = 14  # highest national congress accepted; local congresses run to XXV and more


def roman(n: int) -> str:
    """1 -> 'I', 14 -> 'XIV' (enough for terms and congresses)."""
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def parse_number(token: str) -> int | None:
    """An Arabic, Roman ('XIII') or word ('tư', 'mười một') number, else None."""
    token = " ".join(token.split())
    if token.isdigit():
        return int(token)
    if token.lower() in NUMBER_WORDS:
        return NUMBER_WORDS[token.lower()]
    upper = token.upper()
    if upper and all(ch in ROMAN_VALUES for ch in upper):
        values = [ROMAN_VALUES[ch] for ch in upper]
        total = sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))
        return total if roman(total) == upper else None
    return None


# --------------------------------------------------------------------------------------
# Pattern pieces (all compiled with re.IGNORECASE; "(?-i:...)" marks the parts that
# must keep their case, such as the abbreviation "TW" or a Roman numeral)
# --------------------------------------------------------------------------------------

_KHOA = r"kh(?:óa|oá)"                                   # both tone-mark styles
_KIND_WORD = r"chỉ\s+thị|nghị\s+quyết|kết\s+luận|quy\s+định"
_OTHER_KIND_WORD = r"quyết\s+định|kế\s+hoạch|công\s+văn|thông\s+tri|hướng\s+dẫn|thông\s+báo"
_CENTRAL = r"(?:trung\s+ương|(?-i:TW|TƯ|T\.Ư|T\.W))"      # "Trung ương" and its abbreviations
_BCH = r"(?:ban\s+chấp\s+hành|(?-i:BCH))"               # Ban Chấp hành (Central Committee)
_ROMAN = r"(?-i:[IVX]{1,5})(?![\w])"
_WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)).replace(" ", r"\s+")
_SEP = r"\s*(?:,|;|và|–|-|&)\s*"                       # between items of a list

# One plenum number: "4", "X", or "lần thứ tư" / "lần thứ 4".
_PLENUM_NUM = (
    rf"(?:lần\s+thứ\s+(?:(?:{_WORD_NUMBER})(?![\w])|\d{{1,2}}(?!\d)|{_ROMAN})"
    rf"|\d{{1,2}}(?![\d\w])|{_ROMAN})"
)
_PLENUM_LIST = rf"(?P<nums>{_PLENUM_NUM}(?:{_SEP}{_PLENUM_NUM})*)"

# What is being cited: the plenum's resolution, or its Kết luận + Quy định pair.
# "triển khai / quán triệt Hội nghị ..." (implementing a meeting) means its resolution;
# a bare "Hội nghị lần thứ 11 ..." (the meeting itself, its results) is not a document.
_PLENUM_LEAD = (
    r"(?P<lead>nghị\s+quyết|(?-i:NQ)"
    r"|kết\s+luận\s*(?:,|và)\s*quy\s+định"
    r"|(?:triển\s+khai|quán\s+triệt)(?:\s+thực\s+hiện)?(?=\s+hội\s+nghị))"
)
# "..., khóa XI", "(Khoá XI)", "khóa 11"; optional as a whole.
_TERM_TAIL = rf"(?:\s*[,–-]?\s*\(?\s*{_KHOA}\s+(?P<term>{_ROMAN}|\d{{1,2}}(?!\d)))?"

#: 1. A document code: "05-CT/TW", "05/CT-TW", "05- CT/TW", "05 CT/TW", "29-NQ-TƯ".
_CODED = re.compile(
    r"""
    (?<![\w/.-])(?P<num>\d{1,3})                              # 05 (not the tail of 2021/05)
    (?:\s*[-–/]\s*|\s+)(?P<kcode>CT|NQ|KL|QĐ)                # -CT  /CT  - CT  " CT"
    \s*[-–/]\s*(?P<icode>ĐUK|ĐU|TW|TƯ|T\.Ư|T\.W|TU|HU|QU)    # /TW  -TW  /TƯ
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: The kind word just before a code ("Chỉ thị số 05-CT/TW"), read backwards from the code.
_WORD_BEFORE_CODE = re.compile(
    rf"(?<!\w)(?P<word>{_KIND_WORD}|{_OTHER_KIND_WORD})\s+(?:số\s*)?$", re.IGNORECASE
)

#: 2. A kind word and a bare number: "Chỉ thị số 05", "kết luận số 01".
_NUMBERED = re.compile(
    rf"""
    (?P<kind>{_KIND_WORD})\s+(?:số\s*)?
    (?P<num>\d{{1,3}})(?![\d\w])
    (?!\s*[-–/]\s*[\w])          # "16/CT-TTg", "52/2017", "05-CT/TW": not a bare number
    (?![.,]\d)                   # "1.000"
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: What may follow a bare number before the issuer: a date, a year, a term.
_ISSUER_AFTER = re.compile(
    rf"""
    \s*,?\s*
    (?:(?:ngày|năm)\s+[\d\s/.\-–]+(?:tháng\s+\d+\s+năm\s+\d+)?\s*,?\s*)?   # ngày 15/5/2016, năm 2017
    (?:\(?{_KHOA}\s+\w+\)?\s*,?\s*)?                                      # (khóa XII)
    của\s+(?P<who>[^\n,;:“”"()]{{1,60}})
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: Issuers that make a bare number a central (/TW) document. "Trung ương Đoàn/Hội" are
#: mass organisations, not the party.
_CENTRAL_ISSUER = re.compile(
    rf"""
    (?:bộ\s+chính\s+trị|(?-i:BCT)|ban\s+bí\s+thư
      |(?:{_BCH}\s+)?{_CENTRAL}(?!\s+(?:đoàn|hội|mặt\s+trận))
    )(?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: 3. Plenum, short form: "Nghị quyết Trung ương 4 khóa XI", "NQTW4", "Nghị quyết TW 4 (khóa XI)",
#:    "Nghị Quyết hội Nghị Trung Ương lần thứ 4, Ban Chấp Hành Trung Ương Đảng (Khoá XI)".
_PLENUM_SHORT = re.compile(
    rf"""
    {_PLENUM_LEAD}\s*
    (?:của\s+)?(?:hội\s+nghị\s+)?(?:{_BCH}\s+)?
    {_CENTRAL}(?:\s+đảng)?\s*
    {_PLENUM_LIST}
    (?:\s*[,–-]?\s*{_BCH}\s+{_CENTRAL}(?:\s+đảng)?)?    # ", Ban Chấp hành Trung ương Đảng"
    {_TERM_TAIL}
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: 4. Plenum, long form: "Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII",
#:    "nghị quyết hội nghị lần thứ X – BCH trung ương đảng khóa XI".
_PLENUM_LONG = re.compile(
    rf"""
    {_PLENUM_LEAD}\s+
    (?:của\s+)?hội\s+nghị\s+
    {_PLENUM_LIST}
    \s*[,–-]?\s*(?:của\s+)?{_BCH}\s+{_CENTRAL}(?:\s+đảng)?
    {_TERM_TAIL}
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: 5. National congress: "Nghị quyết Đại hội XIII của Đảng",
#:    "Nghị quyết Đại hội đại biểu toàn quốc lần thứ 12"; not "Nghị quyết Đại hội XVII Đảng bộ ...".
_CONGRESS = re.compile(
    rf"""
    (?:nghị\s+quyết|(?-i:NQ))\s+(?:của\s+)?đại\s+hội\s+
    (?:đại\s+biểu\s+)?(?:đảng\s+)?(?:toàn\s+quốc\s+)?(?:lần\s+thứ\s+)?
    (?P<num>{_ROMAN}|\d{{1,2}}(?![\d\w]))
    (?!\s*,?\s*(?:của\s+)?đảng\s+bộ)      # local congress
    """,
    re.IGNORECASE | re.VERBOSE,
)


# --------------------------------------------------------------------------------------
# Label builders
# --------------------------------------------------------------------------------------

def numbered_label(kind: str, number: int | str, issuer_code: str = "TW") -> str:
    """('Chỉ thị', 5, 'TW') -> 'Chỉ thị 05-CT/TW'."""
    return f"{kind} {int(number):02d}-{CODE_BY_KIND[kind]}/{issuer_code}"


def plenum_label(plenum: int, term: int) -> str:
    """(4, 11) -> 'Nghị quyết Trung ương 4 khóa XI'."""
    return f"Nghị quyết Trung ương {plenum} khóa {roman(term)}"


def congress_label(congress: int) -> str:
    """13 -> 'Nghị quyết Đại hội XIII'."""
    return f"Nghị quyết Đại hội {roman(congress)}"


def _kind_of(word: str) -> str | None:
    """'chỉ  THỊ' -> 'Chỉ thị' (None for out-of-scope words such as 'Quyết định')."""
    folded = " ".join(word.lower().split())
    for kind in KIND_BY_CODE.values():
        if kind.lower() == folded:
            return kind
    return None


# --------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _load_catalogue() -> tuple[Directive, ...]:
    data = load_toml("directives.toml")
    return tuple(
        Directive(
            label=entry["label"],
            code=entry.get("code") or None,
            kind=entry["kind"],
            issuer=entry["issuer"],
            date=entry.get("date") or None,
            title=entry.get("title", ""),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in data["directive"]
    )


def catalogue() -> list[Directive]:
    """The well-known documents from ``data/directives.toml`` (loaded once)."""
    return list(_load_catalogue())


@lru_cache(maxsize=1)
def _catalogue_labels() -> frozenset[str]:
    return frozenset(entry.label for entry in _load_catalogue())


def _fold(text: str) -> str:
    """Lower case, no diacritics, letters and digits only: 'Chỉ thị số 05' -> 'chithiso05'."""
    return re.sub(r"[\W_]+", "", fold(compose(text).lower()))


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, frozenset[str]]:
    """Folded catalogue alias -> labels. Used for bare names in running text."""
    index: dict[str, set[str]] = {}
    for entry in _load_catalogue():
        for alias in entry.aliases:
            index.setdefault(_fold(alias), set()).add(entry.label)
    return {key: frozenset(labels) for key, labels in index.items()}


def _alias_label(name: str) -> str | None:
    labels = _alias_index().get(_fold(name), frozenset())
    return next(iter(labels)) if len(labels) == 1 else None


# --------------------------------------------------------------------------------------
# Recognition
# --------------------------------------------------------------------------------------

@dataclass
class _Mention:
    start: int
    end: int
    labels: list[str]                 # empty: the span is taken but names nothing in scope
    plenums: list[int] | None = None  # plenum resolution whose khóa is still unknown


def _coded_mentions(text: str):
    for m in _CODED.finditer(text):
        kind = KIND_BY_CODE[m["kcode"].upper()]
        label = numbered_label(kind, m["num"], ISSUER_CODES[m["icode"].upper()])
        before = _WORD_BEFORE_CODE.search(text, max(0, m.start() - 20), m.start())
        start = before.start() if before else m.start()
        word = before and _kind_of(before["word"])
        if before and word is None:
            labels = []               # "Quyết định số 99-QĐ/TW": out of scope
        elif kind == "Quy định" and word is None and label not in _catalogue_labels():
            labels = []               # a bare "...-QĐ/TW" may be a Quyết định as well
        else:
            labels = [label]
        yield _Mention(start, m.end(), labels)


def _numbered_mentions(text: str):
    for m in _NUMBERED.finditer(text):
        kind = _kind_of(m["kind"])
        issuer = _ISSUER_AFTER.match(text, m.end())
        if issuer and _CENTRAL_ISSUER.match(issuer["who"]):
            labels = [numbered_label(kind, m["num"])]           # "Chỉ thị 05 của Bộ Chính trị"
        elif issuer:
            labels = []                                         # "Chỉ thị 16 của Thủ tướng"
        else:
            alias = _alias_label(f"{kind} {int(m['num']):02d}")  # "Chỉ thị số 05"
            labels = [alias] if alias else []
        yield _Mention(m.start(), m.end(), labels)


def _plenum_numbers(nums: str) -> list[int]:
    items = re.split(_SEP, nums, flags=re.IGNORECASE)
    out = []
    for item in items:
        item = re.sub(r"^lần\s+thứ\s+", "", item.strip(), flags=re.IGNORECASE)
        n = parse_number(item)
        if n is not None and 1 <= n <= MAX_PLENUM:
            out.append(n)
    return out


def _plenum_mentions(text: str):
    for pattern in (_PLENUM_SHORT, _PLENUM_LONG):
        for m in pattern.finditer(text):
            plenums = _plenum_numbers(m["nums"])
            term = parse_number(m["term"]) if m["term"] else None
            if not plenums or (term is not None and not 1 <= term <= MAX_TERM):
                continue
            if m["lead"].lower().startswith("kết"):
                # "Kết luận, Quy định Hội nghị Trung ương 4 khóa XIII": only a single,
                # fully named plenum can be looked up in the catalogue aliases.
                labels = []
                if term and len(plenums) == 1:
                    where = f"Hội nghị Trung ương {plenums[0]} khóa {roman(term)}"
                    labels = [lab for kind in ("Kết luận", "Quy định")
                              if (lab := _alias_label(f"{kind} {where}"))]
                yield _Mention(m.start(), m.end(), labels)
            elif term:
                yield _Mention(m.start(), m.end(), [plenum_label(p, term) for p in plenums])
            else:
                # No khóa: "5, 6 năm" is too likely to be something else, keep the first.
                yield _Mention(m.start(), m.end(), [], plenums=plenums[:1])


def _congress_mentions(text: str):
    for m in _CONGRESS.finditer(text):
        n = parse_number(m["num"])
        if n is not None and 1 <= n <= MAX_CONGRESS:
            yield _Mention(m.start(), m.end(), [congress_label(n)])


def _fill_missing_terms(mentions: list[_Mention], text: str) -> None:
    """Give a plenum named without its khóa the khóa of the next plenum in the same list
    ("Nghị quyết Trung ương 8, Nghị quyết Trung ương 9 khóa XII"), else of the nearest
    other mention of the same plenum; drop it when neither exists."""
    known: list[tuple[int, int, int]] = []  # (position, plenum, term) of complete mentions
    for m in mentions:
        for label in m.labels:
            if label.startswith("Nghị quyết Trung ương "):
                _, plenum, _, term = label.rsplit(" ", 3)
                known.append((m.start, int(plenum), parse_number(term)))
    for i, m in enumerate(mentions):
        if not m.plenums:
            continue
        term = None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt and nxt.labels and re.fullmatch(_SEP, text[m.end:nxt.start], re.IGNORECASE):
            first = nxt.labels[0]
            if first.startswith("Nghị quyết Trung ương "):
                term = parse_number(first.rsplit(" ", 1)[1])
        if term is None:
            # nearest mention of the same plenum; on a tie the earlier one
            same = [(abs(pos - m.start), pos > m.start, t) for pos, p, t in known if p == m.plenums[0]]
            term = min(same)[2] if same else None
        m.labels = [plenum_label(p, term) for p in m.plenums] if term else []


def find_directives(text: str) -> list[str]:
    """Canonical labels of every document the text cites, in order of first mention, no duplicates."""
    candidates = [
        *_coded_mentions(text), *_numbered_mentions(text),
        *_plenum_mentions(text), *_congress_mentions(text),
    ]
    # Leftmost-longest: a span already taken cannot be read a second time.
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    mentions: list[_Mention] = []
    for m in candidates:
        if not mentions or m.start >= mentions[-1].end:
            mentions.append(m)
    _fill_missing_terms(mentions, text)

    seen: dict[str, None] = {}
    for m in mentions:
        for label in m.labels:
            seen.setdefault(label, None)
    return list(seen)


# --------------------------------------------------------------------------------------
# User input (the --directive filter)
# --------------------------------------------------------------------------------------

# Patterns over folded input (see _fold): "chithiso05cttw", "ct05", "nqtw4khoaxi".
_FOLDED_KIND = {
    "chithi": "Chỉ thị", "ct": "Chỉ thị", "nghiquyet": "Nghị quyết", "nq": "Nghị quyết",
    "ketluan": "Kết luận", "kl": "Kết luận", "quydinh": "Quy định", "qd": "Quy định",
}
_FOLDED_ISSUER = {"tw": "TW", "tu": "TU", "hu": "HU", "qu": "QU", "du": "ĐU", "duk": "ĐUK"}
_FOLDED_NUMBERED = re.compile(
    r"(?:(?P<kind>chithi|nghiquyet|ketluan|quydinh|ct|nq|kl|qd)(?:so)?)?"
    r"(?P<num>\d{1,3})(?:(?P<kcode>ct|nq|kl|qd)(?P<icode>tw|tu|hu|qu|duk|du))?"
)
_FOLDED_PLENUM = re.compile(
    r"(?:nghiquyet|nq)(?:hoinghi)?(?:bch|banchaphanh)?(?:trunguong|tw)(?:dang)?(?:lanthu)?"
    r"(?P<num>\d{1,2})(?:bch|banchaphanh)?(?:trunguong|tw)?(?:dang)?khoa(?P<term>\d{1,2}|[ivx]+)"
)
_FOLDED_CONGRESS = re.compile(
    r"(?:nghiquyet|nq)daihoi(?:daibieu)?(?:dang)?(?:toanquoc)?(?:lanthu)?(?P<num>\d{1,2}|[ivx]+)"
)


def _catalogue_label(kind: str, number: int) -> str | None:
    """The one central catalogue document of this kind and number, if exactly one."""
    labels = {
        d.label for d in _load_catalogue()
        if d.kind == kind and d.code and d.code.endswith("/TW") and int(d.code.split("-")[0]) == number
    }
    return labels.pop() if len(labels) == 1 else None


def resolve_directive(user_input: str) -> str | None:
    """A label, bare code ('05-CT/TW'), alias ('Chỉ thị 05', 'CT 05', 'chi thi 05', 'ct05'), in
    any case, with or without diacritics -> canonical label, else None."""
    if not user_input or not user_input.strip():
        return None
    text = compose(user_input).strip()
    found = find_directives(text)
    if len(found) == 1:
        return found[0]
    if alias := _alias_label(text):
        return alias

    key = _fold(text)
    if m := _FOLDED_PLENUM.fullmatch(key):
        plenum, term = parse_number(m["num"]), parse_number(m["term"])
        if plenum and term and plenum <= MAX_PLENUM and term <= MAX_TERM:
            return plenum_label(plenum, term)
        return None
    if m := _FOLDED_CONGRESS.fullmatch(key):
        n = parse_number(m["num"])
        return congress_label(n) if n and n <= MAX_CONGRESS else None
    if (m := _FOLDED_NUMBERED.fullmatch(key)) and (m["kind"] or m["kcode"]):
        kind = _FOLDED_KIND[m["kcode"] or m["kind"]]
        if m["icode"]:
            # Folding loses the horn: "tu" is TU here ("TƯ" with diacritics was read above).
            return numbered_label(kind, m["num"], _FOLDED_ISSUER[m["icode"]])
        return _catalogue_label(kind, int(m["num"]))
    return None
