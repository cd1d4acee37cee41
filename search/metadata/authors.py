"""The byline at the end of a bulletin ("Thúy Nga – Đức Quang"); [] when unsure."""

import re

from ..knowledge.units import vocabulary
from .units import PARENS, signature_unit

_BYLINE_PREFIX = re.compile(r"^(?:tin,?\s*ảnh|tin và ảnh|bài,?\s*ảnh|bài và ảnh|bài|tin|ảnh)\s*:\s*", re.I)
_BYLINE_SPLIT = re.compile(r"\s*[–—-]\s*|\s*,\s*|\s+và\s+")
NAME_WORDS = (2, 5)


def find_authors(body: list[str]) -> list[str]:
    """The byline near the end: "Thúy Nga – Đức Quang" -> ["Thúy Nga", "Đức Quang"]; else []."""
    for para in body[-3:][::-1]:
        if signature_unit([para]):
            continue
        return byline_names(para)
    return []


def byline_names(line: str) -> list[str]:
    """Person names of a byline line, or [] when any part is neither a name nor a unit."""
    line = PARENS.sub(" ", _BYLINE_PREFIX.sub("", line)).strip(" .")
    if not line or len(line) > 80:
        return []
    names = []
    for part in _BYLINE_SPLIT.split(line):
        if vocabulary().heads.match(part):
            continue  # the unit a reporter writes for
        if not _is_person_name(part):
            return []
        names.append(part.title() if part.isupper() else part)
    return names


def _is_person_name(part: str) -> bool:
    words = part.split()
    return (
        NAME_WORDS[0] <= len(words) <= NAME_WORDS[1]
        and all(w.isalpha() and (w.istitle() or w.isupper()) for w in words)
        and not any(w in vocabulary().not_person for w in words)
    )
