"""Vietnam's administrative units on both sides of the 1 July 2025 reform: find place mentions, name provinces.

Two maps, from the PyPI package ``vietnamadminunits`` (MIT): before 1 July 2025, 63 provinces, their districts
(huyện, quận, thị xã, thành phố) and 10,040 communes (xã, phường, thị trấn); from then on, 34 provinces and
3,321 communes (xã, phường, đặc khu), no districts. A commune name reused after the reform names a different,
larger unit, so lookups take a date.

We read the package's data files (``data/dataset.db``, SQLite; the old -> new province table in
``data/converter_2025.json``) once, on first use, without importing the package: that would cost ~0.3 s and
~50 MB (shapely, numpy, geopy for an address parser we do not use). The layout is not a public API, hence the
pin ``vietnamadminunits>=1.0.4,<1.1``.
"""

import datetime as dt
import functools
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..text import compose, fold, has_diacritics, normalise_syllable

REFORM = dt.date(2025, 7, 1)
BEFORE, AFTER = "before-2025-07", "after-2025-07"
KINDS = ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
# The package's old map is dated early 2025, when Thừa Thiên Huế had just become the city of Huế
# (1 January 2025). Texts of the old era, and the gold metadata, call the province Thừa Thiên Huế.
_OLD_PROVINCE_NAMES = {"Huế": "Thừa Thiên Huế"}


@dataclass(frozen=True)
class Place:
    """One administrative unit on one map (``era`` is BEFORE or AFTER)."""
    kind: str
    name: str
    province: str          # without its type word: "Phú Thọ", "Hồ Chí Minh"
    district: str | None   # the district of an old commune; None otherwise
    era: str


@dataclass(frozen=True)
class Match:
    """A "<type word> <Name>" mention, ``text == source[start:end]``, and every unit it may name
    (a commune name such as "Tân Thành" recurs in many provinces)."""
    start: int
    end: int
    text: str
    places: tuple[Place, ...]

    @property
    def kind(self) -> str:
        return self.places[0].kind

    @property
    def name(self) -> str:
        return self.places[0].name

    @property
    def province(self) -> str | None:
        """The province all candidate places share, else None."""
        provinces = {p.province for p in self.places}
        return provinces.pop() if len(provinces) == 1 else None


_SYLLABLE = re.compile(r"[^\W_]+")


def _exact_key(name: str) -> str:
    return " ".join(normalise_syllable(s) for s in _SYLLABLE.findall(name))


def _folded_key(name: str) -> str:
    """``Bà Rịa - Vũng Tàu`` -> ``bariavungtau``: the package's own key style, used by its alias lists."""
    return "".join(_SYLLABLE.findall(fold(compose(name)).lower()))


class _Map:
    """One era's units, by (kind, name key)."""

    def __init__(self):
        self.exact, self.folded, self.alias = defaultdict(list), defaultdict(list), defaultdict(list)
        self.provinces: dict[str, Place] = {}

    def add(self, place: Place, aliases: str | None = None) -> None:
        same_name = self.exact[place.kind, _exact_key(place.name)]
        if place in same_name:
            return
        same_name.append(place)
        self.folded[place.kind, _folded_key(place.name)].append(place)
        for alias in json.loads(aliases) if aliases else ():  # earlier names of merged units, folded, no spaces
            self.alias[place.kind, alias].append(place)
        if place.district is None and place.kind in ("tỉnh", "thành phố") and place.name == place.province:
            self.provinces[place.name] = place

    def lookup(self, kind: str, name: str) -> list[Place]:
        """Units of this kind and name: spelled exactly (tone placement aside), else without diacritics
        (``Đắk Tô`` = ``Đăk Tô``, ``Thoi Hung`` = ``Thới Hưng``); plus the units that a unit of that name
        merged into in 2019-2025 (the old map is dated early 2025; older texts name the older unit)."""
        folded = kind, _folded_key(name)
        exact = self.exact.get((kind, _exact_key(name))) if has_diacritics(name) else None
        current = exact or self.folded.get(folded, [])
        return current + [p for p in self.alias.get(folded, ()) if p not in current]


def _kind(full_name: str, short_name: str) -> str:  # ("Tỉnh Phú Thọ", "Phú Thọ") -> "tỉnh"
    return full_name[: len(full_name) - len(short_name)].strip().lower()


def _short(name: str, kind: str) -> str:
    """``Yên Viên (Thị trấn)`` -> ``Yên Viên``; ``Phường 12`` -> ``12``."""
    name = name.split(" (")[0]
    return name[len(kind) + 1:] if name.lower().startswith(kind + " ") else name


@functools.cache
def _data() -> dict:
    """Both maps and the old -> new province table, read once (~0.15 s, ~18 MB)."""
    spec = importlib.util.find_spec("vietnamadminunits")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the gazetteer needs: pip install 'vietnamadminunits>=1.0.4,<1.1'")
    data = Path(spec.submodule_search_locations[0]) / "data"
    db = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    maps, by_key = {BEFORE: _Map(), AFTER: _Map()}, {BEFORE: {}, AFTER: {}}
    for era, table in ((BEFORE, "admin_units_legacy"), (AFTER, "admin_units")):
        for full, short, key, aliases in db.execute(
                f"SELECT DISTINCT province, provinceShort, provinceKey, provinceAlias FROM {table}"):
            province = _OLD_PROVINCE_NAMES.get(short, short) if era == BEFORE else short
            by_key[era][key] = province
            maps[era].add(Place(_kind(full, short), short, province, None, era), aliases)
    for old, new in _OLD_PROVINCE_NAMES.items():  # "tỉnh Thừa Thiên Huế" names a province too
        maps[BEFORE].add(Place("tỉnh", new, new, None, BEFORE), json.dumps([_folded_key(old)]))
    for key, name, kind, aliases in db.execute(
            "SELECT DISTINCT provinceKey, districtShort, districtType, districtAlias FROM admin_units_legacy"):
        kind = kind.lower()
        maps[BEFORE].add(Place(kind, _short(name, kind), by_key[BEFORE][key], None, BEFORE), aliases)
    for key, district, district_kind, name, kind, aliases in db.execute(
            "SELECT provinceKey, districtShort, districtType, wardShort, wardType, wardAlias"
            " FROM admin_units_legacy WHERE ward IS NOT NULL"):
        district, kind = _short(district, district_kind.lower()), kind.lower()
        maps[BEFORE].add(Place(kind, _short(name, kind), by_key[BEFORE][key], district, BEFORE), aliases)
    for key, name, kind, aliases in db.execute("SELECT provinceKey, wardShort, wardType, wardAlias FROM admin_units"):
        kind = kind.lower()
        maps[AFTER].add(Place(kind, _short(name, kind), by_key[AFTER][key], None, AFTER), aliases)
    db.close()
    table = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    successor = {by_key[BEFORE][old]: by_key[AFTER][new] for new, olds in table.items() for old in olds}
    return {"maps": maps, "successor": successor}


def _eras(on: dt.date | None) -> tuple[str, ...]:
    """Which maps to read, in order. Texts after the reform still name old districts and provinces,
    so the old map is the fallback there; a text before it cannot name a post-reform unit."""
    if on is None:
        return BEFORE, AFTER
    return (BEFORE,) if on < REFORM else (AFTER, BEFORE)


# Type words. Full words in any case, with or without diacritics; abbreviations as newspapers write them;
# "Huyện ủy Anh Sơn" (the committee of huyện Anh Sơn) names huyện Anh Sơn.
_TYPE = re.compile(r"""(?<![^\W_])(?:
    (?P<committee>(?i:tỉnh|huyện|quận|thành|thị|tinh|huyen|quan|thanh|thi)[ \t]+(?i:ủy|uỷ|uy)(?![^\W_]))
  | (?P<word>(?i:thành[ \t]+phố|thanh[ \t]+pho|thị[ \t]+xã|thi[ \t]+xa|thị[ \t]+trấn|thi[ \t]+tran|đặc[ \t]+khu
      |dac[ \t]+khu|tỉnh|tinh|quận|quan|huyện|huyen|phường|phuong|xã|xa)(?![^\W_]))
  | (?P<abbr>TP(?=HCM\b)|(?:TP|Tp|tp|TX)(?:\.|(?![^\W_]))|Q\.|H\.|P\.|TT\.)
)""", re.X)
_TYPE_KIND = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "quan": "quận", "q": "quận",
              "huyen": "huyện", "h": "huyện", "thi xa": "thị xã", "tx": "thị xã", "xa": "xã", "phuong": "phường",
              "p": "phường", "thi tran": "thị trấn", "tt": "thị trấn", "dac khu": "đặc khu"}
_COMMITTEE_KIND = {"tinh": "tỉnh", "huyen": "huyện", "quan": "quận", "thanh": "thành phố", "thi": "thị xã"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")       # a syllable; "H'leo" and "M'Drắk" are one
_SEPARATOR = re.compile(r"[ \t]*[-–][ \t]*|[ \t]+")  # "Bà Rịa - Vũng Tàu"
_MAX_SYLLABLES = 6


def _name_words(text: str, pos: int, space_needed: bool, caps_needed: bool) -> list[tuple[int, int]]:
    """Spans of the syllables that may form a name after a type word: capitalised when ``caps_needed``."""
    words = []
    while len(words) < _MAX_SYLLABLES:
        separator = _SEPARATOR.match(text, pos)
        if separator is None and (words or space_needed):
            break
        word = _WORD.match(text, separator.end() if separator else pos)
        if word is None or (caps_needed and not (word.group()[0].isupper() or word.group()[0].isdigit())):
            break
        words.append(word.span())
        pos = word.end()
    return words


def _composed(text: str) -> tuple[str, list[int] | None]:
    """``compose(text)`` and, if composing moved characters, each composed character's offset in ``text``."""
    if "\ufeff" not in text and unicodedata.is_normalized("NFC", text):
        return compose(text), None
    pieces, offsets = [], []
    for cluster in re.finditer(r".[\u0300-\u036f]*", text, re.S):
        piece = compose(cluster.group())
        pieces.append(piece)
        offsets.extend([cluster.start()] * len(piece))
    return "".join(pieces), offsets + [len(text)]


def find_places(text: str, on: dt.date | None = None) -> list[Match]:
    """Every "<type word> <Name>" mention in ``text`` that names a real unit of that type, in text order.

    ``on`` is the text's date: before 1 July 2025 names resolve on the old map, from then on the new map
    (falling back to the old one, whose names later texts still use); None reads the old map first.
    Names must be capitalised (so "kinh tế - xã hội", "cấp huyện", "Tỉnh ủy," give nothing), except in
    a text with neither diacritics nor capitals, such as a typed query, where names of two or more
    syllables may be lower case. Candidates a mention shares with others are narrowed to the districts
    and provinces that the text's unambiguous mentions name.
    """
    source, maps = text, _data()["maps"]
    text, offsets = _composed(text)
    caps_needed = text != text.lower() or has_diacritics(text)
    matches, resume = [], 0
    for type_match in _TYPE.finditer(text):
        if type_match.start() < resume:
            continue
        type_word = re.sub(r"\s+", " ", fold(type_match.group()).lower().rstrip("."))
        kind = _COMMITTEE_KIND[type_word.split()[0]] if type_match.group("committee") else _TYPE_KIND[type_word]
        space_needed = not type_match.group().endswith(".") and not text.startswith("HCM", type_match.end())
        words = _name_words(text, type_match.end(), space_needed, caps_needed)
        for n in range(len(words), 0, -1):
            name = text[words[0][0]:words[n - 1][1]]
            if not caps_needed and n < 2 and not name.isdigit():
                break
            if type_match.group() in ("P.", "Q.", "H.") and re.fullmatch(r"[IVX]+", name):
                break  # "P.V" signs a reporter's piece; "phường V" is a ward
            places = next((found for era in _eras(on) if (found := maps[era].lookup(kind, name))), None)
            if places:
                start, end = type_match.start(), words[n - 1][1]
                if offsets:
                    start, end = offsets[start], offsets[end]
                matches.append(Match(start, end, source[start:end], tuple(places)))
                resume = words[n - 1][1]
                break
    return _narrow(matches)


def _narrow(matches: list[Match]) -> list[Match]:
    """Keep, of an ambiguous mention's places, those in a district, else a province, named unambiguously."""
    districts = {(m.places[0].province, m.name) for m in matches
                 if len(m.places) == 1 and m.kind in ("quận", "huyện", "thị xã", "thành phố")}
    provinces = {m.province for m in matches if m.province}
    narrowed = []
    for m in matches:
        for keep in (lambda p: (p.province, p.district) in districts, lambda p: p.province in provinces):
            if len(m.places) > 1 and (kept := tuple(p for p in m.places if keep(p))):
                m = replace(m, places=kept)
        narrowed.append(m)
    return narrowed


def _province_named(name: str, era: str) -> str | None:
    """``"tỉnh Hà Giang"``, ``"Ha Giang"``, ``"TP.HCM"`` -> the province's name on that era's map."""
    key, the_map = re.sub(r"^(tinh|thanhpho|tp)(?=.)", "", _folded_key(name)), _data()["maps"][era]
    return next((p for p in the_map.provinces if _folded_key(p) == key), None) or next(
        (places[0].province for kind in ("tỉnh", "thành phố") if (places := the_map.alias.get((kind, key)))), None)


def provinces(on: dt.date | None = None) -> list[str]:
    """The province-level units on ``on``: the 63 before 1 July 2025, the 34 from then on (None: the 34)."""
    era = BEFORE if on and on < REFORM else AFTER
    return sorted(_data()["maps"][era].provinces)


def merged_into(province: str, on: dt.date) -> str | None:
    """The province that ``province`` (a pre- or post-reform name) belongs to on ``on``:
    ``merged_into("Hà Giang", date(2025, 8, 1)) == "Tuyên Quang"``; before the reform, the province itself."""
    old = _province_named(province, BEFORE)
    if on < REFORM:
        return old
    return _data()["successor"].get(old) if old else _province_named(province, AFTER)


def provinces_merged_into(new_province: str) -> list[str]:
    """The pre-reform provinces that form ``new_province``: ``"Phú Thọ"`` -> Hòa Bình, Phú Thọ, Vĩnh Phúc."""
    new = _province_named(new_province, AFTER)
    return sorted(old for old, successor in _data()["successor"].items() if new and successor == new)


def province_of(name_or_place: "str | Place", on: dt.date | None = None) -> str | None:
    """The province, as of ``on`` when given, of a Place or of a name (``"huyện Gia Lâm"``, ``"Gia Lâm"``,
    ``"Thới Hưng"``); None when the name is unknown or lies in several provinces."""
    if isinstance(name_or_place, Place):
        places = [name_or_place]
    elif matches := find_places(name_or_place, on):
        places = list(matches[0].places)
    else:
        maps = _data()["maps"]
        places = next((found for era in _eras(on) if (found := [
            p for kind in KINDS for p in maps[era].lookup(kind, name_or_place)])), [])
    provinces = {merged_into(p.province, on) if on and p.era == BEFORE else p.province for p in places}
    return provinces.pop() if len(provinces) == 1 else None


@functools.lru_cache(maxsize=4096)
def kinds_named(name: str) -> frozenset[str]:
    """The kinds of unit that bear ``name`` on either map: ``"Gia Lâm"`` -> {"huyện", "xã"}, ``"TP.HCM"`` ->
    {"thành phố"}; empty for a name that is no unit's (a person's: ``"Chẩu Văn Lâm"``)."""
    maps = _data()["maps"]
    kinds = {kind for era in (BEFORE, AFTER) for kind in KINDS if maps[era].lookup(kind, name)}
    provinces = {maps[era].provinces[p].kind for era in (BEFORE, AFTER) if (p := _province_named(name, era))}
    return frozenset(kinds | provinces)


def level_of_kind(kind: str) -> str:
    """The ``unit_level`` of the gold metadata for a kind of unit: communes, wards and townships are all
    "xã/phường"; a "thành phố" is that level whether centrally run (Hà Nội) or provincial (Việt Trì)."""
    if kind not in KINDS:
        raise ValueError(f"not a kind of administrative unit: {kind!r}")
    return "xã/phường" if kind in ("xã", "phường", "thị trấn") else kind


@functools.cache
def _host_names() -> list[tuple[str, str]]:
    """(folded spaceless name, province), longest first: both maps' provinces and the package's aliases."""
    names = {}
    for era in (BEFORE, AFTER):
        the_map = _data()["maps"][era]
        names.update({_folded_key(p): p for p in the_map.provinces})
        provinces = set(the_map.provinces.values())
        names.update({key: places[0].province for (kind, key), places in the_map.alias.items()
                      if places[0] in provinces})
    names["tphcm"] = "Hồ Chí Minh"  # "TP" + the package's alias "hcm", as thanhuytphcm.vn spells it
    return sorted(names.items(), key=lambda item: -len(item[0]))


def province_from_host(url: str) -> str | None:
    """The province a web host names: ``huyenuybudang.binhphuoc.vn`` -> Bình Phước,
    ``tuyengiaotiengiang.vn`` -> Tiền Giang. A name of 7+ letters may sit anywhere in a host label,
    one of 5-6 letters only at its start or end, a shorter one (``hue``, ``hcm``) must be the whole label."""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    for key, province in _host_names():
        for label in host.split("."):
            if label == key or (len(key) >= 5 and (label.startswith(key) or label.endswith(key))) or (
                    len(key) >= 7 and key in label):
                return province
    return None
