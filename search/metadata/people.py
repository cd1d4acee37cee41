"""The officials a bulletin names ("đồng chí Lê Văn Tuấn, Ủy viên Ban Thường vụ ...").

A name is two to four capitalised syllables opening with a family name. It is an official's when an honorific
stands just before it, when the clause before it is an office ("Bí thư Thành ủy Phạm Quang Nghị"), or when an
office follows it after a comma or a dash ("Trần Văn Chung, Phó Bí thư ..."). A byline (no office, no
honorific) is not, nor a place the gazetteer knows as a province or district ("Thành ủy Hà Nội"). The
vocabulary is data: ``search/knowledge/data/people.toml``.
"""

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from ..knowledge import gazetteer
from ..knowledge.loader import load_toml
from ..text import UPPER

_CLAUSE_BREAK = re.compile(r"[;:!?()\"“”]|\.(?=\s)")  # not the dot of "TP.HCM"
_HONORIFIC_CHARS = 12  # the longest honorific and its space: "tiến sĩ ", "PGS.TS "
_DISTRICT_KINDS = frozenset({"tỉnh", "thành phố", "huyện", "quận", "thị xã"})


class _Vocabulary(NamedTuple):
    names: re.Pattern          # a candidate name
    introduced: re.Pattern     # an honorific just before a name
    office_before: re.Pattern  # an office in the clause before a name
    office_after: re.Pattern   # ", Phó Bí thư ..." after a name
    not_people: tuple[str, ...]
    honorific_words: frozenset[str]  # "ông", "bà": also family names, at a sentence's start "Ông Tất Thành Cang"


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = load_toml("people.toml")
    family = "|".join(map(re.escape, sorted(data["family_names"], key=len, reverse=True)))
    initials = re.escape("".join(sorted({name[0] for name in data["family_names"]})))
    stop = "|".join(data["stop"])
    given = rf"(?!(?:{stop})\b){UPPER}[^\W\d_]*"
    offices = "|".join(map(re.escape, sorted(data["offices"], key=len, reverse=True)))
    honorifics = "|".join(map(re.escape, sorted(data["honorifics"], key=len, reverse=True)))
    return _Vocabulary(
        # The lookahead on the family names' first letters lets the search skip most positions at once.
        names=re.compile(rf"(?=[{initials}])(?<![\w.])(?:{family})(?:[ \t]+{given}){{1,3}}(?![\w])"),
        introduced=re.compile(rf"(?<![\w.])(?i:{honorifics})[ \t]*$"),
        office_before=re.compile(rf"(?<![\w])(?i:{offices})(?![\w])"),
        office_after=re.compile(rf"[ \t]*[,–-][ \t]*(?i:{offices})(?![\w])"),  # used with match(): anchored
        not_people=tuple(data["not_people"]),
        honorific_words=frozenset(h.casefold() for h in data["honorifics"]),
    )


def find_people(paragraphs: list[str]) -> list[str]:
    """The officials named, in order of first mention."""
    found = [name for para in paragraphs for name in _officials(para)]
    return list(dict.fromkeys(found))


def _officials(para: str):
    vocab = _vocabulary()
    breaks = [0, *(b.end() for b in _CLAUSE_BREAK.finditer(para))]
    for m in vocab.names.finditer(para):
        name = m.group()
        first, rest = name.split(maxsplit=1)
        if first.casefold() in vocab.honorific_words and len(rest.split()) >= 2:
            name = rest  # "Ông Tất Thành Cang" is Mr Tất Thành Cang
        if para.startswith(vocab.not_people, m.end() - len(name)) or _is_place(name):
            continue
        clause = para[breaks[bisect_right(breaks, m.start()) - 1]: m.start()].rsplit(",", 1)[-1]
        if (vocab.introduced.search(para, max(0, m.start() - _HONORIFIC_CHARS), m.start())
                or vocab.office_before.search(clause)
                or vocab.office_after.match(para, m.end())):
            yield name


def _is_place(name: str) -> bool:
    """A province or district of that name ("Hà Nội", "Đồng Nai", "Lê Chân"), whatever its kind."""
    return bool(gazetteer.kinds_named(name) & _DISTRICT_KINDS)
