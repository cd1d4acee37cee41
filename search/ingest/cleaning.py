"""Turn the plain text of a page into the bulletin's own paragraphs.

A page converted to text still carries its site's template: breadcrumbs, view counters, copyright
lines, visitor statistics, weather and poll widgets, "other news" lists. It also often repeats
itself: the lead printed twice, or a truncated teaser ending in "..." before the full paragraph.
:func:`clean` removes both and hands back what is left, one paragraph per non-empty line.

What counts as chrome is data, in ``search/knowledge/data/chrome.toml``. Date stamps ("Ngày đăng 26/10/2019 |
03:54 | Lượt xem: 820") are chrome for the body but metadata for :mod:`search.metadata`, so they are
returned apart, as is the date of a scraper artefact (`` date 2023-07`` or `` date 2025-08-11`` at the very
start).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..knowledge.loader import load_toml

# The stamp checks look this many kept lines into the page for a date line without a label.
HEAD_LINES = 6
# Repeats shorter than this are left alone: short lines ("Tại hội nghị") may legitimately recur.
MIN_REPEAT = 20
# A truncated teaser must share at least this many leading characters with the paragraph it copies.
TEASER_PREFIX = 60

_SCRAPER_PREFIX = re.compile(r"^\s*date (\d{4})-(\d{2})(?:-(\d{2}))?\b\s*")
_FULL_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
_STAMP_LABELLED = re.compile(r"ngày đăng|publish|cập nhật|lượt xem|view count", re.I)
_NOT_WORD = re.compile(r"^[\W\d_]+$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)$")
_QUOTES = re.compile("[“”„‟«»'‘’]")
_DASHES = re.compile(r"\s*[‐‑‒–—-]\s*")
# An image's alt text printed as a line: the headline with " - Ảnh 1" after it.
IMAGE_ALT_SUFFIX = re.compile(r"\s+[-–]\s+[ẢảAa]nh\s*\d+\.?$")


@dataclass
class Cleaned:
    """The result of :func:`clean`.

    ``paragraphs``: the kept lines, in order. ``stamps``: the date-stamp lines taken out, in order;
    ``stamp_lines``: how many lines were kept above each. ``before_stamp``: index in ``paragraphs`` of
    the line printed just above the first stamp below a line (where a headline usually stands), or None.
    ``scraper_date``: (year, month, day or None) of the scraper artefact. ``mastheads``: a newspaper's
    masthead lines cut from the end of a paragraph ("Cơ quan của Đảng bộ, chính quyền và nhân dân tỉnh ...").
    """

    paragraphs: list[str] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)
    stamp_lines: list[int] = field(default_factory=list)
    before_stamp: int | None = None
    scraper_date: tuple[int, int, int | None] | None = None
    mastheads: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Rules:
    tail: frozenset[str]
    exact: frozenset[str]
    patterns: tuple[re.Pattern, ...]
    stamp_labels: re.Pattern
    stamp_max_words: int
    stamp_max_length: int
    updated: tuple[str, ...]
    glued_tail: re.Pattern | None


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_toml("chrome.toml")
    labels = sorted(data["stamps"]["labels"], key=len, reverse=True)
    return _Rules(
        tail=frozenset(s.casefold() for s in data["tail"]["exact"]),
        exact=frozenset(s.casefold() for s in data["lines"]["exact"]),
        patterns=tuple(re.compile(p, re.I) for p in data["lines"]["patterns"]),
        stamp_labels=re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, labels)) + r")(?!\w)", re.I),
        stamp_max_words=data["stamps"]["max_other_words"],
        stamp_max_length=data["stamps"]["max_length"],
        updated=tuple(s.casefold() for s in data["stamps"]["updated"]),
        glued_tail=re.compile(r"\s*(?:" + "|".join(data["glued"]["tails"]) + r")\s*$", re.I) if data["glued"]["tails"] else None,
    )


def clean(text: str) -> Cleaned:
    """Split ``text`` into lines and drop chrome, stamps and repeats (see the module docstring)."""
    text, scraper_date = strip_scraper_prefix(text)
    kept: list[str] = []
    out = Cleaned(scraper_date=scraper_date)
    stamp_at: int | None = None
    for line in split_lines(text):
        kept_part = without_glued_chrome(line)
        if kept_part != line:
            out.mastheads.append(line[len(kept_part):].strip())
            line = kept_part
        if not line:
            continue
        if is_tail_marker(line):
            break
        if is_chrome(line):
            continue
        if is_stamp(line) and (len(kept) < HEAD_LINES or _STAMP_LABELLED.search(line)):
            out.stamps.append(line)
            out.stamp_lines.append(len(kept))
            if stamp_at is None and kept:  # a stamp topping the page is the site's clock, not under a headline
                stamp_at = len(kept)
            continue
        kept.append(line)
    repeats = repeated_indices(kept)
    out.paragraphs = [p for i, p in enumerate(kept) if i not in repeats]
    if stamp_at:
        before = [i for i in range(stamp_at) if i not in repeats]
        out.before_stamp = len(before) - 1 if before else None
    return out


def strip_scraper_prefix(text: str) -> tuple[str, tuple[int, int, int | None] | None]:
    """Remove a leading `` date 2023-07`` (or `` date 2025-08-11``) artefact; return the text and
    (year, month, day or None) if present."""
    m = _SCRAPER_PREFIX.match(text)
    if not m:
        return text, None
    return text[m.end():], (int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)


def split_lines(text: str) -> list[str]:
    """Non-empty lines with their whitespace collapsed."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


def without_glued_chrome(line: str) -> str:
    """``line`` without a newspaper's masthead glued onto its end (chrome.toml's ``[glued]``)."""
    pattern = _rules().glued_tail
    return pattern.sub("", line) if pattern else line


def is_tail_marker(line: str) -> bool:
    """True for a line that opens chrome running to the end of the page ("Các tin khác")."""
    return line.casefold() in _rules().tail


def is_chrome(line: str) -> bool:
    """True for a whole line of site template (breadcrumb, counter, copyright, widget ...)."""
    rules = _rules()
    return line.casefold() in rules.exact or any(p.fullmatch(line) for p in rules.patterns)


def is_stamp(line: str) -> bool:
    """True for a short line holding a full date and only stamp words, times and counters."""
    rules = _rules()
    if len(line) > rules.stamp_max_length or not _FULL_DATE.search(line):
        return False
    rest = rules.stamp_labels.sub(" ", line).split()
    return len([w for w in rest if not _NOT_WORD.match(w)]) <= rules.stamp_max_words


def is_update_stamp(line: str) -> bool:
    """True for a stamp that gives the last update, not the publication ("Cập nhật ngày ...")."""
    folded = line.casefold()
    return any(word in folded for word in _rules().updated)


def repeat_key(text: str) -> str:
    """``text`` folded for comparing repeats: case, quotes, dashes and spacing do not count."""
    text = " ".join(_QUOTES.sub('"', text.casefold()).split())
    return _DASHES.sub(" - ", text).strip()


def repeated_indices(paragraphs: list[str]) -> set[int]:
    """Indices of paragraphs that only repeat another one.

    A later exact copy goes, and so does a later image alt text made of it (" - Ảnh 1"); an earlier
    paragraph that is the start of a later one goes (a lead printed alone, then again with the rest of
    the text); so does a teaser cut with "..." whose opening is the opening of a later paragraph.
    """
    keys = [repeat_key(p) for p in paragraphs]
    by_start: dict[str, list[int]] = defaultdict(list)  # only paragraphs opening alike can repeat
    for j, key in enumerate(keys):
        if len(key) >= MIN_REPEAT:
            by_start[key[:MIN_REPEAT]].append(j)
    drop: set[int] = set()
    for i, key in enumerate(keys):
        if len(key) < MIN_REPEAT or i in drop:
            continue
        for j in by_start[key[:MIN_REPEAT]]:
            if j <= i:
                continue
            if keys[j] == key or IMAGE_ALT_SUFFIX.sub("", keys[j]) == key:
                drop.add(j)
            elif _repeats_start_of(key, keys[j]):
                drop.add(i)
    return drop


def _repeats_start_of(key: str, later: str) -> bool:
    if len(later) > len(key) and later.startswith(key):
        return True
    teaser = _ELLIPSIS.search(key)
    if not teaser:
        return False
    stem = key[: teaser.start()].rstrip()
    head = stem[:TEASER_PREFIX]
    return len(head) == TEASER_PREFIX and later.startswith(head) and later != key
