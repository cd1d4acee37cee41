"""The organising unit and its level, read from the bulletin's text.

The organiser is a unit line signing the text, else the subject of the dated lead ("Sáng 5/4,
<unit> tổ chức ..."), else "<unit> tổ chức" anywhere, "do <unit> tổ chức", a clause of the lead
("<unit> đã ..."), the headline's subject, or the most mentioned committee (not one that only
issued a cited document; else the party organisation of a place named twice). It is
then written canonically (a term of office cut off) and, when it names no place, given the one place
of its level that the text names (a commune's "Đảng ủy" the commune the gazetteer finds written after
it); a name after a committee that the gazetteer knows as no province or district is a person's, cut
off. The level follows from the unit (Huyện ủy -> huyện, Đảng ủy phường -> xã/phường, Trung ương ->
trung ương, đặc khu -> đặc khu).

The vocabulary (unit names, abbreviations, levels) is data: :mod:`search.knowledge.units`.
"""

import re
from collections import Counter
from collections.abc import Callable
from datetime import date as Date
from functools import lru_cache

from ..knowledge import gazetteer
from ..knowledge.units import vocabulary
from ..text import UPPER, respell
from .dates import EVENT, is_cited_date
from .headline import is_caps

PARENS = re.compile(r"\([^()]*\)")
_PLURAL_BEFORE = re.compile(r"\bcác(?:\s+\w+\s+ủy\s*,)*\s*$", re.I)
_ALIAS_NOTE = re.compile(r"\(gọi tắt là\s+([^()]+)\)")
_MEMBERS = re.compile(r"\(gồm\b([^()]*)\)")
_LOCATIVE = re.compile(r"^tại\s[^,]{1,80},\s*")
_LIST_SPLIT = re.compile(r",\s+(?=" + UPPER + ")")
_AND = re.compile(r"\s+và\s+")
_COMMA = "\x1e"  # a comma inside a unit's name, while a list of co-organisers is split
_CLAUSE_END = re.compile(r"[;:]|\.(?=\s|$)")
_CLAUSE_START = re.compile(r"(?:^|[.;:,]\s+)")
_AUXILIARY = re.compile(r"^\s*(?:(?:đã|vừa|tiếp tục|long trọng|trang trọng)\s+)+")
_BY = re.compile(r"\bdo\s+")
_PROPAGANDA_BOARD = re.compile(r"(Ban Tuyên giáo(?:\s+và\s+Dân vận)?)\s+(?:(\w+)\s+ủy\b|(Trung ương|T\.Ư)\b)?", re.I)
# "ngành Tuyên giáo thị xã ...": the propaganda sector of a place, led by the board of that place's committee.
_SECTOR = re.compile(r"\bngành\s+(Tuyên giáo(?:\s+và\s+Dân vận)?)\s+(tỉnh|thành phố|huyện|quận|thị xã)\b", re.I)
_AFTER_NO_DATE = re.compile(r"\b(?:vừa qua|mới đây|hôm qua)\s*,", re.I)
_DATELINE = re.compile(r"^(?:\([^()]{1,40}\)\s*[-–]\s*)?([^\W\d_]+(?: [^\W\d_]+)+)\s+[-–]\s", re.M)
_SOURCE_TAG = re.compile(r"^\(([^()]{1,40})\)", re.M)  # "(Web Quảng Trị) Chiều 18/11/2022, ..."
_TAG_NAME_WORDS = 4
_NAME_PUNCT = ".,;:)”\""
# A commune's party committee (or its party organisation) at the end of a unit or of the text before a place.
_COMMUNE_COMMITTEE_END = re.compile(r"\bĐảng (?:ủy|bộ)\s*$", re.I)
_PARTY_BODY_END = re.compile(r"\bĐảng bộ(?=\s*$)")
# A committee after "của" owns or issued something cited ("Nghị quyết số 02-NQ/TU ... của Tỉnh ủy Quảng Trị"):
# it does not act in the bulletin.
_OWNER = re.compile(r"\bcủa\s+\w+\s+ủy\b", re.I)
_COMMUNE_LEVELS = ("xã/phường", "đặc khu")
MAX_SUBJECT_WORDS = 16
MIN_BODY_MENTIONS = 2
MAX_SUBJECT_CHARS = 200


def find_unit(title: str, body: list[str], on: Date | None = None) -> tuple[str | None, str | None]:
    """The organising unit in canonical form and its level; ``on`` (the bulletin's date) picks the map
    its place names are read on."""
    text = respell("\n".join([title, *body]))
    title, *body = text.split("\n")
    found = (
        signature_unit(body)
        or dated_lead_subject(body[:4], text)
        or organiser_clause([title, *body])
        or organiser_by(body)
        or lead_clause(body[:1])
        or (subject_at(title) if title else None)
        or most_mentioned_unit(text, on)
    )
    if not found:
        return None, None
    raw, members = found
    unit = complete_unit(attach_committee(canonical_unit(raw), text), text, on)
    level = level_of(unit)
    if unit.startswith("Cụm") and members:
        level = level_of(members.lower()) or level  # a cluster has its members' level
    if level is None and (implied := _implied_place_word(unit)):
        unit, level = f"{unit} {implied}", vocabulary().places[implied]
    return unit, level


# --- where the unit is named


def signature_unit(body: list[str]) -> tuple[str, str] | None:
    """A unit signing the text on its own line near the end ("Ban Tuyên giáo QU")."""
    vocab = vocabulary()
    for para in body[-3:][::-1]:
        if len(para.split()) <= 8 and vocab.heads.match(para) and not vocab.verbs.search(" " + para):
            return para, ""
    return None


def dated_lead_subject(paras: list[str], text: str) -> tuple[str, str] | None:
    """The subject after the lead's date: "Sáng ngày 5/4/2017, <unit> tổ chức ..."."""
    for para in paras:
        for m in [*EVENT.finditer(para), *_AFTER_NO_DATE.finditer(para)]:
            if is_cited_date(para, m.start()):
                continue
            rest = para[m.end():].lstrip(" ,)–-")
            found = subject_at(rest) or place_subject(rest, text)
            if found:
                return found
    return None


def organiser_clause(paras: list[str]) -> tuple[str, str] | None:
    """A clause "<unit> tổ chức / ban hành / phát hành ..." anywhere (the title included)."""
    for para in paras:
        for m in _CLAUSE_START.finditer(para):
            found = subject_at(para[m.end():], verb=_starts_with_organiser_verb)
            if found:
                return found
    return None


def lead_clause(paras: list[str]) -> tuple[str, str] | None:
    """A unit that is the subject of a clause of the lead, its verb after "đã", "vừa" ... ("..., Đảng ủy
    phường Hà Tu đã tập trung lãnh đạo")."""
    for para in paras:
        for m in _CLAUSE_START.finditer(para):
            found = subject_at(para[m.end():], verb=_starts_with_auxiliary)
            if found:
                return found
    return None


def organiser_by(paras: list[str]) -> tuple[str, str] | None:
    """"... do <unit> (phối hợp với ...) tổ chức"."""
    for para in paras:
        for m in _BY.finditer(para):
            found = subject_at(para[m.end():])
            if found:
                return found
    return None


def most_mentioned_unit(text: str, on: Date | None = None) -> tuple[str, str] | None:
    """The committee the text names most, "Ban Tuyên giáo" (or, since 2025, "Ban Tuyên giáo và Dân vận") first,
    "ngành Tuyên giáo thị xã" counting for the board of the Thị ủy:
    these are its bulletins; else the party organisation of a place it names most, if twice or more ("Đảng bộ
    huyện Na Hang"; named once, it is rather the setting: "toàn Đảng bộ TPHCM đã thực hiện ...")."""
    boards = Counter()
    for m in _PROPAGANDA_BOARD.finditer(text):
        committee = _committee_name(m.group(2)) if m.group(2) else ("Trung ương" if m.group(3) else "")
        boards[" ".join(m.group(1).split()), committee] += 1
    for m in _SECTOR.finditer(text):
        boards["Ban " + " ".join(m.group(1).split()), _committee_of_level(vocabulary().places[m.group(2).lower()])] += 1
    if boards:
        named = [board for board, _ in boards.most_common() if board[1]]
        board, committee = named[0] if named else boards.most_common(1)[0][0]
        return f"{board} {committee}".strip(), ""
    committees = _committee_counts(_OWNER.sub(" ", text))
    if committees:
        return committees.most_common(1)[0][0], ""
    bodies = Counter(f"{m.group(0)} {p.kind} {p.name}" for p in gazetteer.find_places(text, on)
                     if (m := _PARTY_BODY_END.search(text, 0, p.start)))
    named = bodies.most_common(1)
    return (named[0][0], "") if named and named[0][1] >= MIN_BODY_MENTIONS else None


def place_subject(text: str, whole: str) -> tuple[str, str] | None:
    """A place standing for its committee: "Sáng 30/3, Đô Lương tổ chức" + "huyện ủy Đô lương"."""
    read = _read_name(text, 0)
    if not read:
        return None
    name = read[0]
    for m in vocabulary().committee_re.finditer(whole):
        if whole[m.end():].lstrip().casefold().startswith(name.casefold()):
            return f"{m.group(1)} ủy {name}", ""
    return None


def subject_at(text: str, verb: Callable[[str], bool] | None = None) -> tuple[str, str] | None:
    """The unit ``text`` starts with, read up to its verb, and the "(gồm ...)" members it lists.

    "Ban Dân vận, Hội LHPN, ... huyện Đất Đỏ tổ chức" -> "Ban Dân vận huyện Đất Đỏ" (the first of
    co-organisers, with the place they share); "(gọi tắt là Ban Chỉ đạo 35 của tỉnh)" names it.
    """
    vocab = vocabulary()
    text = _LOCATIVE.sub("", text.lstrip(" ,"))
    head = vocab.heads.match(text)
    if not head or not text[0].isupper():
        return None
    stop = _subject_end(text, head.end())
    if stop is None or (verb and not verb(text[stop:])):
        return None
    window = text[:stop]
    if alias := _ALIAS_NOTE.search(window):
        return alias.group(1), ""
    kept_whole = vocab.comma_names.sub(lambda m: m.group().replace(",", _COMMA), PARENS.sub(" ", window))
    parts = [part.replace(_COMMA, ",") for part in _LIST_SPLIT.split(kept_whole)]
    subject = _first_co_organiser(parts[0])
    if len(subject.split()) > MAX_SUBJECT_WORDS or not vocab.heads.match(subject):
        return None
    if len(parts) > 1 and not _has_place(subject):
        subject = f"{subject} {_trailing_place(parts[-1])}".strip()
    return _trim_after_name(subject), " ".join(_MEMBERS.findall(window))


def _subject_end(text: str, start: int) -> int | None:
    """Where the subject starting at ``start`` ends: its verb or a colon, in the same clause."""
    flat = PARENS.sub(lambda m: " " * len(m.group()), text)  # no verb or colon inside brackets
    verb = vocabulary().verbs.search(flat, start)
    ends = [x for x in (verb.start() if verb else -1, flat.find(": ", start)) if x >= 0]
    if not ends or min(ends) > MAX_SUBJECT_CHARS or _CLAUSE_END.search(flat, start, min(ends)):
        return None
    return min(ends)


def _starts_with_auxiliary(text: str) -> bool:
    """"đã", "vừa", "tiếp tục" ...: the verb after them has this subject as its actor."""
    return bool(_AUXILIARY.match(text))


def _starts_with_organiser_verb(text: str) -> bool:
    return _AUXILIARY.sub("", text).lstrip().startswith(vocabulary().organiser_verbs)


def _first_co_organiser(subject: str) -> str:
    """Cut "<unit> và <other unit>" to the first; keep "xã Hương Lâm và Hà Đông"."""
    for m in _AND.finditer(subject):
        if vocabulary().heads.match(subject[m.end():]):
            return subject[: m.start()]
    return subject.strip()


def _has_place(unit: str) -> bool:
    """A place word or the committee of a place ("Huyện ủy"; not "Đảng ủy", which has no level of its own)."""
    vocab = vocabulary()
    return bool(vocab.place_re.search(unit) or any(_committee(m)["level"] for m in vocab.committee_re.finditer(unit)))


def _trailing_place(text: str) -> str:
    """The "<place word> <Name>" a list of co-organisers ends with ("... huyện Đất Đỏ")."""
    matches = list(vocabulary().place_re.finditer(text))
    read = _read_name(text, matches[-1].end()) if matches else None
    return f"{matches[-1].group(1)} {read[0]}" if read else ""


def _trim_after_name(subject: str) -> str:
    """Cut what follows a unit's place name: "Tỉnh ủy Đồng Nai xác nhận" -> "Tỉnh ủy Đồng Nai"."""
    for m in reversed(_place_marks(subject)):
        read = _read_name(subject, m.end())
        if read is None or (m.re is vocabulary().committee_re and not _committee(m)["level"]):
            continue  # "Đảng ủy Khối Cơ quan" names no place
        rest = subject[read[1]:].strip()
        return subject[: read[1]] if rest[:1].islower() and not rest.startswith("và ") else subject
    return subject


# --- canonical form


def canonical_unit(raw: str) -> str:
    """One spelling per unit: tone marks, dashes, abbreviations, aliases, capitalisation."""
    vocab = vocabulary()
    unit = " ".join(respell(raw).split()).strip(" .,;:")
    unit = re.sub(r"\s*[–—-]\s*", " - ", unit)
    for pattern, full in (*vocab.abbreviations, *vocab.aliases):
        unit = pattern.sub(full, unit)
    unit = vocab.term_of_office.sub("", unit)
    unit = vocab.qualified_place.sub("", unit)  # "Ban Chỉ đạo 35 của tỉnh" -> "... 35 tỉnh"
    unit = vocab.party_of_place.sub(lambda m: _committee_of_level(vocab.places[m.group(1).lower()]), unit)
    for pattern, spelling in vocab.spellings:  # not in "các tỉnh ủy, thành ủy" (plural, generic)
        unit = pattern.sub(lambda m, s=spelling, u=unit: m.group() if _after_cac(u, m) else s, unit)
    unit = vocab.capitalised_place.sub(lambda m: m.group().lower(), unit)  # "Đảng ủy Phường X"
    return vocab.shared_place.sub(lambda m: f"{m.group(1)} {m.group(2).strip()} và {m.group(1)} ", unit)


def _after_cac(text: str, m: re.Match) -> bool:
    """True inside a plural list: "các tỉnh ủy, thành ủy" names no one committee."""
    return bool(_PLURAL_BEFORE.search(text[: m.start()]))


def attach_committee(unit: str, text: str) -> str:
    """Give a committee's board its committee: "Ban Dân vận huyện Đất Đỏ" -> "Ban Dân vận Huyện ủy
    Đất Đỏ"; a bare "Ban Tuyên giáo" gets the committee the text names most."""
    vocab = vocabulary()
    board = next((b for b in vocab.boards if unit == b or unit.startswith(b + " ")), None)
    if board is None:
        return unit
    rest = unit[len(board):].strip()
    if not rest:
        committees = _committee_counts(text)
        return f"{board} {committees.most_common(1)[0][0]}" if committees else unit
    place = vocab.place_re.match(rest)
    committee = _committee_of_level(vocab.places[place.group(1)]) if place else None
    return f"{board} {committee}{rest[place.end():]}" if committee else unit


def complete_unit(unit: str, text: str, on: Date | None = None) -> str:
    """Give a unit without a place the one place of its level the text names; fix a typo'd name; cut a
    person's name glued on after a committee ("Ban Thường vụ Tỉnh ủy Chẩu Văn Lâm")."""
    unit = _without_person(unit)
    place_word, name = _unit_place(unit)
    if place_word is None:
        return _with_commune(unit, text, on)
    names = place_names(place_word, text)
    if name:
        return unit[: unit.rfind(name)] + _majority_spelling(name, names)
    ranked = names.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return unit
    return f"{unit} {ranked[0][0]}"


def _without_person(unit: str) -> str:
    """The unit without a name after its committee that is no province or district the gazetteer knows."""
    committees = [m for m in vocabulary().committee_re.finditer(unit) if _committee(m)["level"]]
    if not committees:
        return unit
    rest = unit[committees[-1].end():].strip()
    read = _read_name(rest, 0) if rest else None
    if read and read[1] == len(rest) and not _names_a_district(rest):
        return unit[: committees[-1].end()]
    return unit


def _names_a_district(name: str) -> bool:
    """The gazetteer knows a province or district of this name, as any kind of them (a thị xã may have become
    a thành phố since): a person's name after a committee's title is not one."""
    kinds = {c["level"] for c in vocabulary().committees.values() if c["level"]}
    return bool(gazetteer.kinds_named(name) & kinds)


def _with_commune(unit: str, text: str, on: Date | None) -> str:
    """A commune's party committee without its name ("Đảng ủy") completed with the commune, ward or special zone
    the text writes after it most often ("Đảng ủy phường Thanh Xuân", "Đảng bộ phường Thanh Xuân")."""
    if not _COMMUNE_COMMITTEE_END.search(unit):
        return unit
    names = Counter(f"{m.kind} {m.name}" for m in gazetteer.find_places(text, on)
                    if vocabulary().places.get(m.kind) in _COMMUNE_LEVELS
                    and _COMMUNE_COMMITTEE_END.search(text, 0, m.start))
    ranked = names.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return unit
    return f"{unit} {ranked[0][0]}"


def _unit_place(unit: str) -> tuple[str | None, str | None]:
    """The place word the unit ends on and its name: ("huyện", "Gia Lâm"), ("huyện", None)."""
    for m in reversed(_place_marks(unit)):
        rest = unit[m.end():].strip()
        read = _read_name(rest, 0) if rest else None
        if rest and not (read and read[1] == len(rest)):
            continue
        if m.re is vocabulary().place_re:
            return m.group(1), rest or None
        committee = _committee(m)
        return (committee["places"][0], rest or None) if committee["level"] else (None, None)
    return None, None


def place_names(place_word: str, text: str) -> Counter:
    """How often each name follows ``place_word`` ("huyện Gia Lâm"), its committee ("Huyện ủy Gia
    Lâm", counted only when seen twice and the gazetteer knows the place: a person's name often follows a
    title, "Bí thư Tỉnh ủy Chẩu Văn Lâm"), a dateline or a source tag ("(Web Quảng Trị)")."""
    by_place, by_committee = Counter(), Counter()
    for m in _place_name_pattern(place_word).finditer(text):
        if text[max(0, m.start() - 4) : m.start()].casefold() == "thị ":
            continue  # "thị xã X" is not "xã X"
        read = _read_name(text, m.end())
        if read:
            (by_committee if "ủy" in m.group().lower() else by_place)[read[0]] += 1
    names = by_place + Counter({n: c for n, c in by_committee.items()
                                if n in by_place or (c >= 2 or n == "TP.HCM") and _names_a_district(n)})
    if vocabulary().places[place_word] in ("thành phố", "tỉnh"):
        names.update(m.group(1).title() for m in _DATELINE.finditer(text) if is_caps(m.group(1)))
        names.update(name for m in _SOURCE_TAG.finditer(text) if (name := _tagged_place(place_word, m.group(1))))
    return names


def _tagged_place(place_word: str, tag: str) -> str | None:
    """The place of this kind a source tag ends with: "(Web Quảng Trị)" -> "Quảng Trị"."""
    words = tag.split()
    for n in range(min(len(words), _TAG_NAME_WORDS), 0, -1):
        name = " ".join(words[-n:])
        written = f"{place_word} {name}"
        if any(m.start == 0 and m.end == len(written) for m in gazetteer.find_places(written)):
            return name
    return None


@lru_cache(maxsize=None)
def _place_name_pattern(place_word: str) -> re.Pattern:
    """"huyện" or "Huyện ủy"; "thành phố", "TP" or "Thành ủy"; "xã" alone (a Đảng ủy has no level)."""
    vocab = vocabulary()
    committee = _committee_of_level(vocab.places[place_word])
    words = {place_word, *(vocab.committees[committee]["places"] if committee else [])}
    alternatives = [re.escape(committee.split()[0]) + r"\s+ủy"] if committee else []
    alternatives += [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


def _read_name(text: str, pos: int) -> tuple[str, int] | None:
    """The capitalised place name right after ``pos`` (title-cased) and where it ends."""
    vocab = vocabulary()
    words, end = [], pos
    for token in re.finditer(r"\S+", text[pos:].split("\n", 1)[0]):
        word = token.group().rstrip(_NAME_PUNCT)
        if glued := _GLUED_VERB.fullmatch(word):  # "thị xã Hoàng Maiđã bám sát": a space lost before the verb
            word = glued.group(1)
        if word == "TP.HCM" and not words:
            return word, pos + token.start() + len(word)
        if len(words) == vocab.name_max_words or not _is_name_word(word):
            break
        words.append(word.title() if word.isupper() or word.islower() else word)
        end = pos + token.start() + len(word)
        if word != token.group():
            break
    return (" ".join(words), end) if words else None


# A verb glued onto the syllable before it: đ, l, s and v begin a Vietnamese syllable and never stand inside one.
_GLUED_VERB = re.compile(r"(" + UPPER + r"[^\W\d_]+?)(?:đã|đang|vừa|sẽ|là)")


def _is_name_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.replace("-", "").isalpha() and word not in vocabulary().name_stop


def _majority_spelling(name: str, names: Counter) -> str:
    """A name written once against a near-identical spelling written more often is a typo."""
    for other, count in names.most_common():
        if other != name and count > names.get(name, 0) and _edit_distance(other, name) <= 2:
            return other
    return name


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


# --- level


def level_of(unit: str) -> str | None:
    """The level of a unit: that of the first committee, central marker or place word in its name."""
    vocab = vocabulary()
    marks = [(m.start(), _committee(m)["level"]) for m in vocab.committee_re.finditer(unit)]
    marks += [(unit.find(w), "trung ương") for w in vocab.central if w in unit]
    marks += [(m.start(), vocab.places[m.group(1)]) for m in vocab.place_re.finditer(unit)]
    marks = [mark for mark in marks if mark[1]]
    return min(marks)[1] if marks else None


def _implied_place_word(unit: str) -> str | None:
    """"tỉnh" for a "Sở ...": kinds of unit whose level is what they are."""
    return next((w for kind, w in vocabulary().implied_level.items() if unit.startswith(kind + " ")), None)


def _place_marks(unit: str) -> list[re.Match]:
    vocab = vocabulary()
    return sorted([*vocab.place_re.finditer(unit), *vocab.committee_re.finditer(unit)], key=lambda m: m.start())


def _committee(m: re.Match) -> dict:
    return vocabulary().committees[_committee_name(m.group(1))]


def _committee_name(first_word: str) -> str:
    return f"{first_word.capitalize()} ủy"


def _committee_of_level(level: str) -> str | None:
    return next((c for c, v in vocabulary().committees.items() if v["level"] == level), None)


def _committee_counts(text: str) -> Counter:
    return Counter(_committee_name(m.group(1)) for m in vocabulary().committee_re.finditer(text))
