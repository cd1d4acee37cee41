"""Who issues a bulletin: the vocabulary of ``data/units.toml`` (unit names, committees,
place words, abbreviations) compiled once, and the levels a unit can have."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import UPPER
from .loader import load_toml


def levels() -> tuple[str, ...]:
    """The levels a unit can have, from the top (``trung ương`` ... ``xã/phường``)."""
    return tuple(load_toml("units.toml")["levels"])


@dataclass(frozen=True)
class Vocabulary:
    """units.toml, compiled."""

    heads: re.Pattern  # how a unit name begins
    verbs: re.Pattern  # what ends the subject of a clause
    organiser_verbs: tuple[str, ...]
    committees: dict[str, dict]  # "Huyện ủy" -> {"level": "huyện", "places": ["huyện"]}
    committee_re: re.Pattern  # group 1: the committee's first word ("Huyện")
    places: dict[str, str]  # place word -> level
    place_re: re.Pattern  # group 1: the place word
    central: tuple[str, ...]
    boards: tuple[str, ...]
    spellings: tuple[tuple[re.Pattern, str], ...]
    abbreviations: tuple[tuple[re.Pattern, str], ...]
    aliases: tuple[tuple[re.Pattern, str], ...]
    implied_level: dict[str, str]
    name_stop: frozenset[str]
    not_person: frozenset[str]
    name_max_words: int
    qualified_place: re.Pattern  # "của tỉnh", "cấp huyện"
    party_of_place: re.Pattern  # "Đảng ủy tỉnh"
    term_of_office: re.Pattern  # " khóa XXV"
    capitalised_place: re.Pattern  # "Phường Thị Cầu" inside a name
    shared_place: re.Pattern  # "xã Hương Lâm và Hà Đông"
    comma_names: re.Pattern  # "Văn hóa, Thể thao và Du lịch": a name that holds a comma


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = load_toml("units.toml")
    committees = {c["canonical"]: c for c in data["committee"]}
    places = sorted(data["places"], key=len, reverse=True)
    any_place = "|".join(map(re.escape, places))
    lower_places = [w for w in places if w.islower()]
    longest_first = lambda items: sorted(items, key=lambda kv: len(kv[0]), reverse=True)  # noqa: E731
    return Vocabulary(
        heads=re.compile(r"(?:" + "|".join(data["heads"]) + r")", re.I),
        # "các tổ chức", "về việc tổ chức" are nouns ("the organisations", "the organising")
        verbs=re.compile(r"(?<!các)(?<!những)(?<!việc)\s(?:" + "|".join(map(re.escape, data["verbs"])) + r")(?!\w)"),
        organiser_verbs=tuple(data["organiser_verbs"]),
        committees=committees,
        committee_re=re.compile(r"\b(" + "|".join(c.split()[0] for c in committees) + r")\s+ủy\b", re.I),
        places=data["places"],
        place_re=re.compile(r"(?<![\w.])(" + any_place + r")(?!\w)"),
        central=tuple(data["central"]),
        boards=tuple(sorted(data["boards"], key=len, reverse=True)),  # "Ban Tuyên giáo và Dân vận" first
        spellings=tuple(
            (re.compile(r"(?<!\w)" + re.escape(s) + r"(?!\w)", re.I), s) for s in sorted(data["spellings"], key=len)
        ),
        abbreviations=tuple(
            (re.compile(r"(?<![\w.])" + re.escape(a) + r"(?!\w)"), full)
            for a, full in longest_first(data["abbreviations"].items())
        ),
        aliases=tuple((re.compile(re.escape(a), re.I), full) for a, full in data["aliases"].items()),
        implied_level=data["implied_level"],
        name_stop=frozenset(data["names"]["stop"]),
        not_person=frozenset(data["names"]["not_person"]),
        name_max_words=data["names"]["max_words"],
        qualified_place=re.compile(r"\b(?:của|cấp)\s+(?=(?:" + any_place + r")\b)"),
        party_of_place=re.compile(r"\bĐảng ủy (tỉnh|thành phố|huyện|quận|thị xã)\b", re.I),
        term_of_office=re.compile(data["term_of_office"], re.I),
        capitalised_place=re.compile(
            r"(?<=\s)(" + "|".join(w.capitalize() for w in lower_places) + r")(?=\s+" + UPPER + ")"
        ),
        comma_names=re.compile("|".join(map(re.escape, data["comma_names"]["names"])), re.I),
        shared_place=re.compile(
            r"\b(" + "|".join(lower_places) + r") ((?:" + UPPER + r"\w*\s?)+)\s+và\s+(?!" + any_place + r")(?=" + UPPER + ")"
        ),
    )
