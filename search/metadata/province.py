"""The province (tỉnh or centrally run city) a bulletin's issuing unit belongs to, as of the bulletin's date.

Never guessed: the unit's own place ("Huyện ủy Gia Lâm" -> Hà Nội), else the places the text names, the most
named winning. A central unit has no province, nor has a unit the text does not name, nor a unit of several
committees ("Cụm ... các tỉnh ủy"). Names resolve on the map of the date: 63 provinces before 1 July 2025,
34 from then on (an old district named in a 2026 text gives the new province it lies in).
"""

import re
from collections import Counter
from datetime import date as Date

from ..knowledge import gazetteer

CENTRAL_LEVEL = "trung ương"
_SEVERAL_COMMITTEES = re.compile(r"\bcác\s+\w+\s+ủy\b", re.I)


def reference_date(day: Date | None, year: int | None) -> Date | None:
    """The date to read places on: the bulletin's date, else 1 January of its year; None in the
    year of the reform when only the year is known (either map may apply)."""
    if day:
        return day
    if year and year != gazetteer.REFORM.year:
        return Date(year, 1, 1)
    return None


def find_province(unit: str | None, level: str | None, text: str, on: Date | None) -> str | None:
    """The province of ``unit`` as of ``on``, from the unit's name or the places ``text`` names."""
    if not unit or level == CENTRAL_LEVEL or _SEVERAL_COMMITTEES.search(unit):
        return None
    return _named_province(unit, on) or _most_named_province(text, on)


def _named_province(text: str, on: Date | None) -> str | None:
    """The province of the first place in ``text`` that lies in one province."""
    for match in gazetteer.find_places(text, on):
        if match.province:
            return gazetteer.province_of(match.places[0], on)
    return None


def _most_named_province(text: str, on: Date | None) -> str | None:
    """The province the text's places lie in most often; the first named among equals."""
    votes = Counter(gazetteer.province_of(m.places[0], on) for m in gazetteer.find_places(text, on) if m.province)
    votes.pop(None, None)
    return max(votes, key=votes.__getitem__) if votes else None


def province_as_of(name: str, on: Date | None) -> str:
    """A province given by hand (front matter, ``_source.toml``), in the gazetteer's spelling as of ``on``
    (``Ha Giang`` in 2026 -> Tuyên Quang); an unknown name as written."""
    return (gazetteer.merged_into(name, on) if on else gazetteer.province_of(name)) or name
