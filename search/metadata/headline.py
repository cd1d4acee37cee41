"""The bulletin's headline, and its body without what stands above the headline.

The headline is the line just above the page's date stamp, else the first short line above the
lead that is not a kicker naming a unit, else, on a page that opens with its lead, a line after
it that repeats the lead's words. Headlines carry no full stop: a sentence above the lead that
does not restate it is a sapo or a caption, and no line below it is the headline. Without a
headline the page's first sentence stands in for it. Lines above the headline (breadcrumbs,
kickers) leave the body. A flattened page's first line, where section name, headline and lead
run together, is split first.
"""

import re
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from ..ingest.cleaning import IMAGE_ALT_SUFFIX, Cleaned, repeat_key
from ..knowledge.loader import load_toml
from ..knowledge.units import vocabulary
from ..text import UPPER
from .dates import EVENT, LEAD_IN, SENTENCE_END

TITLE_FALLBACK_CHARS = 120
HEADLINE_MAX_CHARS = 250
# A lead paragraph: at least this long and ending a sentence (or longer than the headline maximum).
LEAD_MIN_CHARS = 180
# A line after the lead is its headline when this share of its words is in the lead.
HEADLINE_OVERLAP = 0.7
HEADLINE_MIN_WORDS = 3
KICKER_MAX_WORDS = 10

_SOURCE_TAG = re.compile(r"^\([^()]{1,40}\)\s*[-–]?\s*")
_CAPS_TAG = re.compile(r"^([^\s–-][^–-]{0,28}?)\s*[-–]\s+")
_PERSON_CAPTION = re.compile(r"^(?i:đồng chí|đ/c|ông|bà)\s+(?:" + UPPER + r"\w*\s+){1,4}[-–,]")
_PHOTO_CREDIT = re.compile(r"\(\s*Ảnh\s*:|^Ảnh\s*:", re.I)
_LEAD_AFTER_TAG = re.compile(r"(?:" + LEAD_IN + r"\d|vừa qua|mới đây|hôm qua|trong\s+(?:hai|ba|\d)\s+ngày)", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?…;:][\"”]?$")
_WORD = re.compile(r"\w+")


class _NotHeadlines(NamedTuple):
    """chrome.toml's ``[headlines]``: letterhead lines, banner openings, caption openings, site sections."""

    lines: tuple[re.Pattern, ...]
    banners: tuple[str, ...]
    captions: tuple[str, ...]
    section: re.Pattern


@lru_cache(maxsize=1)
def _not_headlines() -> _NotHeadlines:
    data = load_toml("chrome.toml")["headlines"]
    sections = "|".join(map(re.escape, sorted(data["sections"], key=len, reverse=True)))
    return _NotHeadlines(
        tuple(re.compile(p) for p in data["not"]),
        tuple(data["banners"]),
        tuple(data["captions"]),
        re.compile(rf"(?:{sections})(?= {UPPER})"),
    )


def unglue_opening(cleaned: Cleaned) -> Cleaned:
    """Split the page's first line where a flattened page ran its section name, headline and dated lead
    together ("Chính trị Lâm Đồng: Gần 100 đảng viên ... Ngày 7/8, Trung tâm ..."): the section name
    leaves when a capitalised line follows it, the lead when it opens with a capitalised date after a
    word and what stands before it could be a headline."""
    if not cleaned.paragraphs:
        return cleaned
    first = cleaned.paragraphs[0]
    parts = []
    section = _not_headlines().section.match(first)
    if section:
        parts.append(section.group())
        first = first[section.end():].lstrip()
    lead = _glued_lead_start(first)
    if lead:
        parts.append(first[:lead].rstrip())
        first = first[lead:]
    if not parts:
        return cleaned
    before_stamp = cleaned.before_stamp + len(parts) if cleaned.before_stamp is not None else None
    return replace(cleaned, paragraphs=[*parts, first, *cleaned.paragraphs[1:]], before_stamp=before_stamp)


def _glued_lead_start(line: str) -> int | None:
    """Where a dated lead starts inside ``line`` after a headline-like run of words, else None."""
    for m in EVENT.finditer(line):
        start = m.start()
        if start and line[start].isupper() and line[start - 1] == " " and line[start - 2].isalpha():
            return start if is_headline_like(line[:start].rstrip()) else None
    return None


def find_headline(cleaned: Cleaned) -> int | None:
    """Index of the headline in ``cleaned.paragraphs``, or None when the text shows none.

    The line just above the date stamp; else the first headline-like line above the lead (and above
    any sapo) that is not a kicker naming a unit; else, when the page opens with its lead, a line after
    it that repeats the lead's words (but not a photo caption, which ends with a full stop where
    headlines do not).
    """
    paras = cleaned.paragraphs
    lead = lead_index(paras)
    above_stamp = cleaned.before_stamp
    if above_stamp is not None and above_stamp < lead and is_headline_like(paras[above_stamp]):
        return above_stamp
    head = _headlines_above(paras, lead)
    if head:
        return next((i for i in head if not is_kicker(paras[i])), head[-1])
    after = lead + 1
    if (lead == 0 and after < len(paras) and is_headline_like(paras[after]) and not _is_caption(paras[after])
            and _words_shared(paras[after], paras[lead])):
        return after
    return None


def _headlines_above(paras: list[str], lead: int) -> list[int]:
    """The headline-like lines above the lead and above any sapo: a short line below a sapo is a
    sub-heading ("Bệnh đậu mùa"), and the sapo is the text's, not the page's."""
    found = []
    for i in range(lead):
        if _is_sapo(paras[i], paras[lead]):
            break
        if is_headline_like(paras[i]):
            found.append(i)
    return found


def _is_sapo(para: str, lead: str) -> bool:
    """A full sentence above the lead that does not restate it: a sapo or a caption. Headlines carry
    no full stop; where a site adds one, the headline repeats the lead's words."""
    return para.endswith(".") and not _words_shared(para, lead)


def _is_caption(para: str) -> bool:
    """A photo caption: ends with a full stop (headlines do not), credits a photo or opens like one
    ("Các đại biểu dự hội nghị ...")."""
    return para.endswith(".") or bool(_PHOTO_CREDIT.search(para)) or para.startswith(_not_headlines().captions)


def is_kicker(para: str) -> bool:
    """A unit's name printed above a headline ("Đảng ủy Khối cơ quan - doanh nghiệp tỉnh")."""
    vocab = vocabulary()
    return len(para.split()) <= KICKER_MAX_WORDS and bool(vocab.heads.match(para)) and not vocab.verbs.search(" " + para)


def lead_index(paras: list[str]) -> int:
    """Index of the lead: the first paragraph that opens the story rather than the page."""
    for i, para in enumerate(paras):
        if is_lead(para):
            return i
    return min(1, len(paras) - 1) if paras else 0


def is_lead(para: str) -> bool:
    """A lead opens with a date or "vừa qua", or a source tag and a sentence ("(VOH) - ... ."), or is long;
    a source tag before a short line without a full stop tags a headline ("(TTV) Đảng bộ huyện ...")."""
    untagged = strip_source_tag(para)
    if _LEAD_AFTER_TAG.match(untagged) or (untagged != para and _ENDS_SENTENCE.search(para)):
        return True
    return len(para) > HEADLINE_MAX_CHARS or (len(para) >= LEAD_MIN_CHARS and bool(_ENDS_SENTENCE.search(para)))


def is_headline_like(para: str) -> bool:
    return (
        len(para.split()) >= HEADLINE_MIN_WORDS
        and len(para) <= HEADLINE_MAX_CHARS
        and not _PERSON_CAPTION.match(para)
        and not _LEAD_AFTER_TAG.match(para)
        and not _is_letterhead_or_banner(para)
        and not para.endswith(",")  # a line broken off mid-sentence
    )


def _is_letterhead_or_banner(para: str) -> bool:
    rules = _not_headlines()
    return any(p.fullmatch(para) for p in rules.lines) or (is_caps(para) and para.startswith(rules.banners))


def strip_source_tag(para: str) -> str:
    """Drop a leading source tag: "(VOH) - ", "TQĐT - ", "(Cadn.com.vn) - ĐÀ NẴNG - "."""
    para = _SOURCE_TAG.sub("", para, count=1)
    for _ in range(2):
        m = _CAPS_TAG.match(para)
        if not m or not is_caps(m.group(1)):
            break
        para = para[m.end():]
    return para


def is_caps(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


def _words_shared(candidate: str, lead: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(candidate)]
    lead_words = {w.casefold() for w in _WORD.findall(lead)}
    return len(words) >= 5 and sum(w in lead_words for w in words) >= HEADLINE_OVERLAP * len(words)


def clean_headline(line: str) -> str:
    """The headline as written, without a photo alt-text suffix (" - Anh 1")."""
    return IMAGE_ALT_SUFFIX.sub("", line).strip()


def fallback_title(paras: list[str]) -> str:
    """The page's first sentence (a sapo, a caption or the lead's), shortened at a word boundary."""
    if not paras:
        return ""
    lead = lead_index(paras)
    first = next((i for i in range(lead) if _is_sentence(paras[i])), lead)
    sentence = SENTENCE_END.split(strip_source_tag(paras[first]), maxsplit=1)[0]
    if len(sentence) <= TITLE_FALLBACK_CHARS:
        return sentence
    return sentence[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-–") + "…"


def _is_sentence(para: str) -> bool:
    return bool(_ENDS_SENTENCE.search(para)) and len(para.split()) >= HEADLINE_MIN_WORDS


def body_paragraphs(paras: list[str], headline: int | None, title: str) -> list[str]:
    """The paragraphs without the headline and what stands above it (breadcrumbs, kickers)."""
    if headline is None:
        return list(paras)
    lead = lead_index(paras)
    start = headline + 1 if headline < lead else 0
    key = repeat_key(title)
    return [p for i, p in enumerate(paras[start:], start) if i != headline and repeat_key(clean_headline(p)) != key]
