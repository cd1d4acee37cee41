"""Read a bulletin's metadata from its plain text: title, date, year, unit, level, authors.

:func:`extract` cleans the text (:mod:`search.cleaning`) and then reads, in this order:

* **Title** - the headline: the line just above the page's date stamp, else the first short line
  above the lead that is not a kicker naming a unit, else a line after the lead that repeats the
  lead's words. Without a headline the first sentence of the lead stands in for it and
  ``title_is_headline`` is False. Lines above the headline (breadcrumbs, kickers) leave the body.
* **Date** - the publication stamp of the page when it has one, else the event date the lead
  states ("Sáng ngày 29/9/2022", "Ngày 10-1", "Trong hai ngày 24 và 25-3"). A stamp that cannot be
  the publication date of the event it reports (the site's clock, printed weeks before the event)
  is ignored. A day and month without a year take the year from an update stamp, the scraper's
  `` date 2023-07``, or the years the text names. Dates of cited documents ("Chỉ thị số 05-CT/TW
  ngày 15/5/2016") are never the bulletin's date, except a document the unit itself "ban hành"
  (issued) when the text has no other date.
* **Unit** - the organiser: a unit line signing the text, else the subject of the dated lead
  ("Sáng 5/4, <unit> tổ chức ..."), else "<unit> tổ chức" anywhere, "do <unit> tổ chức", the
  headline's subject, or the most mentioned committee. It is then written canonically and, when it
  names no place, given the one place of its level that the text names.
* **Level** - from the unit (Huyện ủy -> huyện, Đảng ủy phường -> xã/phường, Trung ương -> trung
  ương).
* **Authors** - the byline at the end ("Thúy Nga – Đức Quang"); [] when unsure.

The vocabulary (unit names, abbreviations, levels) is data in ``search/data/units.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date, timedelta
from functools import lru_cache

from search.cleaning import Cleaned, clean, is_update_stamp, load_toml, repeat_key
from search.textnorm import compose

# A page is published at most this many days after the event it reports; a stamp further off is
# not the event's publication date (it is the site's clock, or the page was re-dated).
MAX_POSTING_DELAY = 60
TITLE_FALLBACK_CHARS = 120
HEADLINE_MAX_CHARS = 250
# A lead paragraph: at least this long and ending a sentence (or longer than the headline maximum).
LEAD_MIN_CHARS = 180
# A line after the lead is its headline when this share of its words is in the lead.
HEADLINE_OVERLAP = 0.7
HEADLINE_MIN_WORDS = 3
KICKER_MAX_WORDS = 10
MIN_YEAR, MAX_YEAR = 1945, 2100
# Upper-case letters, Vietnamese included, for regular expressions ("À-Ỹ" would take lower case too).
UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())
_UP = "[" + re.escape(UPPER) + "]"


@dataclass
class Extracted:
    """What :func:`extract` reads. ``body`` holds the cleaned paragraphs joined by blank lines, without
    the headline; ``year`` may be known without ``date``; ``level`` is one of units.toml's levels;
    ``title_is_headline`` is False when ``title`` is the lead's first sentence standing in."""

    title: str
    body: str
    date: Date | None = None
    year: int | None = None
    unit: str | None = None
    level: str | None = None
    authors: list[str] = field(default_factory=list)
    title_is_headline: bool = True


def extract(text: str) -> Extracted:
    """Clean ``text`` and read its metadata (see the module docstring)."""
    cleaned = clean(compose(text))
    paras = cleaned.paragraphs
    headline = find_headline(cleaned)
    title = clean_headline(paras[headline]) if headline is not None else fallback_title(paras)
    body = body_paragraphs(paras, headline, title)
    date, year = find_date(cleaned, title if headline is not None else "", body)
    unit, level = find_unit(title if headline is not None else "", body)
    return Extracted(
        title=title,
        body="\n\n".join(body),
        date=date,
        year=year,
        unit=unit,
        level=level,
        authors=find_authors(body),
        title_is_headline=headline is not None,
    )


# ---------------------------------------------------------------------------------------------
# Dates

_DAY_MONTH = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?![\d/])"
_LEAD_IN = (
    r"(?:\b(?:sáng|chiều|tối|trưa|đêm)\s+(?:ngày\s*)?"
    r"|\bhôm\s+nay\s*(?:ngày\s*|\(\s*)?"
    r"|\bngày\s*)"
)
# "Sáng ngày 29/9/2022", "Ngày 10-1", "Sáng 10.8", "hôm nay (19-5)", "Trong hai ngày 24 và 25-3".
_EVENT = re.compile(_LEAD_IN + r"(?:(?P<first>\d{1,2})\s+và\s+)?" + _DAY_MONTH, re.I)
# "ngày 25 tháng 10 năm 2021"
_WORDY = re.compile(r"\bngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?", re.I)
_FULL = re.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
# What stands before the date of a cited document, a deadline or an anniversary ("Chỉ thị số 05-CT/TW
# ngày ...", "trước ngày ...", "kỷ niệm ngày 3/2").
_CITED_BEFORE = re.compile(
    r"(?:\bsố\s*[\w/-]+|\d+\s*-\s*[A-ZĐ]{1,5}/[\wĐ./]+(?:\s+\d+)?)\s*,?\s*(?:ngày\s*)?$"
    r"|\b(?:trước|đến|tới|hết)\s+(?:ngày\s*)?$"
    r"|\b(?:kỷ niệm|chào mừng)\s+(?:ngày\s*)?$",
    re.I,
)
_ISSUED = re.compile(r"\bban hành\b[^.;]{0,80}?ngày\s*" + _FULL.pattern, re.I)
_YEAR_NAMED = re.compile(r"(?<!đến )(?<!tới )(?<!trước )(?<!sau )\bnăm\s+(\d{4})\b", re.I)
_YEAR_PERIOD = re.compile(r"\b(?:quý|tháng)\s+[\dIVX]+\s*[/-]\s*(\d{4})\b", re.I)
_YEAR_SPAN = re.compile(r"\(\s*[\d/.-]*?\d{4}\s*[-–/]\s*[\d/.-]*?(\d{4})\s*\)")
_REVIEW = re.compile(r"\b(?:sơ kết|tổng kết|biểu dương|tuyên dương|khen thưởng)\b", re.I)
_REVIEWED_PERIOD = re.compile(r"\bgiai đoạn\s+\d{4}\s*[-–]\s*(\d{4})\b", re.I)
_ANNIVERSARY = re.compile(
    r"\b(\d{1,2})\s+năm\s+(?:triển khai|thực hiện)\b[^.;]{0,80}?ngày\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(\d{4})",
    re.I,
)
_TERM = re.compile(r"\bnhiệm kỳ\s+(\d{4})\s*[-–]\s*\d{4}\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")

DayMonth = tuple[int, int, "int | None"]  # (day, month, year or None)


def find_date(cleaned: Cleaned, title: str, body: list[str]) -> tuple[Date | None, int | None]:
    """The bulletin's date and year (see the module docstring for the order of sources)."""
    text = "\n".join(body)
    event = first_event_date(body)
    published = [d for s in cleaned.stamps if not is_update_stamp(s) and (d := stamp_date(s))]
    for stamp in published:
        if stamp_fits_event(stamp, event):
            return stamp, stamp.year
    updated = [d for s in cleaned.stamps if is_update_stamp(s) and (d := stamp_date(s))]
    if event:
        day = place_event(event, updated, cleaned.crawl_month, text)
        if day:
            return day, day.year
    day = issued_document_date(text) or title_date(title)
    if day:
        return day, day.year
    if cleaned.crawl_month:
        return None, cleaned.crawl_month[0]
    strong, _ = text_years(text)
    return None, strong.pop() if len(strong) == 1 else None


def first_event_date(paragraphs: list[str]) -> DayMonth | None:
    """The first date with a lead-in ("Sáng ngày ...") that is not a cited document's date."""
    for para in paragraphs:
        for m in sorted([*_EVENT.finditer(para), *_WORDY.finditer(para)], key=lambda m: m.start()):
            if is_cited_date(para, m.start()):
                continue
            day = int((m.groupdict().get("first") or m.group("d")))
            found = (day, int(m.group("m")), int(m.group("y")) if m.group("y") else None)
            if _valid(*found):
                return found
    return None


def title_date(title: str) -> Date | None:
    """A full date in the headline ("Thời sự 17giờ ngày11/1/2018")."""
    found = first_event_date([title])
    return _to_date(*found) if found and found[2] else None


def is_cited_date(text: str, start: int) -> bool:
    """True when the date at ``start`` belongs to a cited document or is a deadline."""
    return bool(_CITED_BEFORE.search(text[max(0, start - 60) : start]))


def stamp_date(line: str) -> Date | None:
    m = _FULL.search(line)
    return _to_date(int(m.group("d")), int(m.group("m")), int(m.group("y"))) if m else None


def stamp_fits_event(stamp: Date, event: DayMonth | None) -> bool:
    """Can ``stamp`` be the publication date of a page reporting ``event``?"""
    if event is None:
        return True
    day, month, year = event
    for y in [year] if year else [stamp.year, stamp.year - 1]:
        held = _to_date(day, month, y)
        if held and timedelta(days=-1) <= stamp - held <= timedelta(days=MAX_POSTING_DELAY):
            return True
    return False


def place_event(event: DayMonth, references: list[Date], crawl_month, text: str) -> Date | None:
    """The event's full date: its own year, else one taken from the page or the text."""
    day, month, year = event
    if year:
        return _to_date(day, month, year)
    if references:
        return place_day_month(day, month, references[0])
    if crawl_month:
        crawl_year, crawl_mon = crawl_month
        return _to_date(day, month, crawl_year if month <= crawl_mon else crawl_year - 1)
    year = year_from_text(text, month)
    return _to_date(day, month, year) if year else None


def place_day_month(day: int, month: int, reference: Date) -> Date | None:
    """The last (day, month) on or before ``reference`` (25/12 posted 04/01/2024 -> 2023-12-25)."""
    this_year = _to_date(day, month, reference.year)
    if this_year and this_year <= reference + timedelta(days=1):
        return this_year
    return _to_date(day, month, reference.year - 1)


def year_from_text(text: str, month: int) -> int | None:
    """The year the text fixes for an event in ``month``.

    The latest year the text names counts; when it also names the year before, an event in the
    second half of the year belongs to the earlier one (a review of 2022 held on 15.12 plans 2023).
    """
    strong, weak = text_years(text)
    if strong:
        latest = max(strong)
        return latest - 1 if latest - 1 in strong and month >= 7 else latest
    return max(weak) if weak else None


def text_years(text: str) -> tuple[set[int], set[int]]:
    """Years the text names as its own time: (strong, weak).

    Strong: "năm 2019", "quý II/2019", "tháng 3-2010", the end of an anniversary span
    "(1-8-1930/1-8-2010)", the end of a reviewed period ("sơ kết ... giai đoạn 2016-2019"),
    "1 năm triển khai Kết luận ... ngày 18-5-2021" (-> 2022). Weak: the first year of a term
    ("nhiệm kỳ 2015 - 2020"). Dates of cited documents and target years ("đến năm 2030") do not count.
    """
    strong = {int(n) + int(y) for n, y in _ANNIVERSARY.findall(text)}
    own = _blank_cited_dates(text)
    strong |= {int(y) for y in _YEAR_NAMED.findall(own)}
    strong |= {int(y) for y in _YEAR_PERIOD.findall(own)}
    strong |= {int(y) for y in _YEAR_SPAN.findall(own)}
    for sentence in _SENTENCE_END.split(own):
        if _REVIEW.search(sentence):
            strong |= {int(y) for y in _REVIEWED_PERIOD.findall(sentence)}
    weak = {int(y) for y in _TERM.findall(own)}
    keep = lambda years: {y for y in years if MIN_YEAR <= y <= MAX_YEAR}  # noqa: E731
    return keep(strong), keep(weak)


def issued_document_date(text: str) -> Date | None:
    """The date of a document the text says was issued ("... ban hành Công văn số 25 ngày 27/02/2023")."""
    m = _ISSUED.search(text)
    return _to_date(int(m.group("d")), int(m.group("m")), int(m.group("y"))) if m else None


def _blank_cited_dates(text: str) -> str:
    def blank(m: re.Match) -> str:
        return " " * len(m.group()) if is_cited_date(text, m.start()) else m.group()

    text = _WORDY.sub(blank, text)
    return _FULL.sub(blank, text)


def _valid(day: int, month: int, year: int | None) -> bool:
    return _to_date(day, month, year or 2000) is not None


def _to_date(day: int, month: int, year: int) -> Date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return Date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Title and body

_SOURCE_TAG = re.compile(r"^\([^()]{1,40}\)\s*[-–]?\s*")
_CAPS_TAG = re.compile(r"^([^\s–-][^–-]{0,28}?)\s*[-–]\s+")
_PERSON_CAPTION = re.compile(r"^(?i:đồng chí|đ/c|ông|bà)\s+(?:" + _UP + r"\w*\s+){1,4}[-–,]")
_PHOTO_CREDIT = re.compile(r"\(\s*Ảnh\s*:|^Ảnh\s*:", re.I)
_PHOTO_SUFFIX = re.compile(r"\s+[-–]\s+[ẢA]nh\s*\d+$")
_LEAD_AFTER_TAG = re.compile(r"(?:" + _LEAD_IN + r"\d|vừa qua|mới đây|hôm qua|trong\s+(?:hai|ba|\d)\s+ngày)", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?…;:][\"”]?$")
_WORD = re.compile(r"\w+")


def find_headline(cleaned: Cleaned) -> int | None:
    """Index of the headline in ``cleaned.paragraphs``, or None when the text shows none.

    The line just above the date stamp; else the first headline-like line above the lead that is not
    a kicker naming a unit; else a line after the lead that repeats the lead's words (but
    not a photo caption, which ends with a full stop where headlines do not).
    """
    paras = cleaned.paragraphs
    lead = lead_index(paras)
    above_stamp = cleaned.before_stamp
    if above_stamp is not None and above_stamp < lead and is_headline_like(paras[above_stamp]):
        return above_stamp
    head = [i for i in range(lead) if is_headline_like(paras[i])]
    if head:
        return next((i for i in head if not is_kicker(paras[i])), head[-1])
    after = lead + 1
    if (after < len(paras) and is_headline_like(paras[after]) and not _is_caption(paras[after])
            and _words_shared(paras[after], paras[lead])):
        return after
    return None


def _is_caption(para: str) -> bool:
    """A photo caption: ends with a full stop (headlines do not) or credits a photo."""
    return para.endswith(".") or bool(_PHOTO_CREDIT.search(para))


def is_kicker(para: str) -> bool:
    """A unit's name printed above a headline ("Đảng ủy Khối cơ quan - doanh nghiệp tỉnh")."""
    vocab = _vocab()
    return len(para.split()) <= KICKER_MAX_WORDS and bool(vocab.heads.match(para)) and not vocab.verbs.search(" " + para)


def lead_index(paras: list[str]) -> int:
    """Index of the lead: the first paragraph that opens the story rather than the page."""
    for i, para in enumerate(paras):
        if is_lead(para):
            return i
    return min(1, len(paras) - 1) if paras else 0


def is_lead(para: str) -> bool:
    untagged = strip_source_tag(para)
    if untagged != para or _LEAD_AFTER_TAG.match(untagged):
        return True
    return len(para) > HEADLINE_MAX_CHARS or (len(para) >= LEAD_MIN_CHARS and bool(_ENDS_SENTENCE.search(para)))


def is_headline_like(para: str) -> bool:
    return (
        len(para.split()) >= HEADLINE_MIN_WORDS
        and len(para) <= HEADLINE_MAX_CHARS
        and not _PERSON_CAPTION.match(para)
        and not _LEAD_AFTER_TAG.match(para)
    )


def strip_source_tag(para: str) -> str:
    """Drop a leading source tag: "(VOH) - ", "TQĐT - ", "(Cadn.com.vn) - ĐÀ NẴNG - "."""
    para = _SOURCE_TAG.sub("", para, count=1)
    for _ in range(2):
        m = _CAPS_TAG.match(para)
        if not m or not _is_caps(m.group(1)):
            break
        para = para[m.end():]
    return para


def _is_caps(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


def _words_shared(candidate: str, lead: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(candidate)]
    lead_words = {w.casefold() for w in _WORD.findall(lead)}
    return len(words) >= 5 and sum(w in lead_words for w in words) >= HEADLINE_OVERLAP * len(words)


def clean_headline(line: str) -> str:
    """The headline as written, without a photo alt-text suffix (" - Anh 1")."""
    return _PHOTO_SUFFIX.sub("", line).strip()


def fallback_title(paras: list[str]) -> str:
    """The first sentence of the lead, shortened at a word boundary."""
    if not paras:
        return ""
    lead = strip_source_tag(paras[lead_index(paras)])
    sentence = _SENTENCE_END.split(lead, maxsplit=1)[0]
    if len(sentence) <= TITLE_FALLBACK_CHARS:
        return sentence
    return sentence[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-–") + "…"


def body_paragraphs(paras: list[str], headline: int | None, title: str) -> list[str]:
    """The paragraphs without the headline and what stands above it (breadcrumbs, kickers)."""
    if headline is None:
        return list(paras)
    lead = lead_index(paras)
    start = headline + 1 if headline < lead else 0
    key = repeat_key(title)
    return [p for i, p in enumerate(paras[start:], start) if i != headline and repeat_key(clean_headline(p)) != key]


# ---------------------------------------------------------------------------------------------
# Unit and level


@dataclass(frozen=True)
class _Vocabulary:
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
    capitalised_place: re.Pattern  # "Phường Thị Cầu" inside a name
    shared_place: re.Pattern  # "xã Hương Lâm và Hà Đông"


@lru_cache(maxsize=1)
def _vocab() -> _Vocabulary:
    data = load_toml("units.toml")
    committees = {c["canonical"]: c for c in data["committee"]}
    places = sorted(data["places"], key=len, reverse=True)
    any_place = "|".join(map(re.escape, places))
    lower_places = [w for w in places if w.islower()]
    longest_first = lambda items: sorted(items, key=lambda kv: len(kv[0]), reverse=True)  # noqa: E731
    return _Vocabulary(
        heads=re.compile(r"(?:" + "|".join(data["heads"]) + r")", re.I),
        # "các tổ chức", "về việc tổ chức" are nouns ("the organisations", "the organising")
        verbs=re.compile(r"(?<!các)(?<!những)(?<!việc)\s(?:" + "|".join(map(re.escape, data["verbs"])) + r")(?!\w)"),
        organiser_verbs=tuple(data["organiser_verbs"]),
        committees=committees,
        committee_re=re.compile(r"\b(" + "|".join(c.split()[0] for c in committees) + r")\s+ủy\b", re.I),
        places=data["places"],
        place_re=re.compile(r"(?<![\w.])(" + any_place + r")(?!\w)"),
        central=tuple(data["central"]),
        boards=tuple(data["boards"]),
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
        capitalised_place=re.compile(
            r"(?<=\s)(" + "|".join(w.capitalize() for w in lower_places) + r")(?=\s+" + _UP + ")"
        ),
        shared_place=re.compile(
            r"\b(" + "|".join(lower_places) + r") ((?:" + _UP + r"\w*\s?)+)\s+và\s+(?!" + any_place + r")(?=" + _UP + ")"
        ),
    )


_OLD_TONES = {  # old-style tone placement -> new style, at the end of a syllable
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)", re.I)
_PARENS = re.compile(r"\([^()]*\)")
_PLURAL_BEFORE = re.compile(r"\bcác(?:\s+\w+\s+ủy\s*,)*\s*$", re.I)
_ALIAS_NOTE = re.compile(r"\(gọi tắt là\s+([^()]+)\)")
_MEMBERS = re.compile(r"\(gồm\b([^()]*)\)")
_LOCATIVE = re.compile(r"^tại\s[^,]{1,80},\s*")
_LIST_SPLIT = re.compile(r",\s+(?=" + _UP + ")")
_AND = re.compile(r"\s+và\s+")
_CLAUSE_END = re.compile(r"[;:]|\.(?=\s|$)")
_CLAUSE_START = re.compile(r"(?:^|[.;:,]\s+)")
_AUXILIARY = re.compile(r"^\s*(?:đã|vừa|long trọng|trang trọng)\s+")
_BY = re.compile(r"\bdo\s+")
_PROPAGANDA_BOARD = re.compile(r"Ban Tuyên giáo\s+(?:(\w+)\s+ủy\b|(Trung ương|T\.Ư)\b)?", re.I)
_LEAD_IN_NO_DATE = re.compile(r"\b(?:vừa qua|mới đây|hôm qua)\s*,", re.I)
_DATELINE = re.compile(r"^(?:\([^()]{1,40}\)\s*[-–]\s*)?([^\W\d_]+(?: [^\W\d_]+)+)\s+[-–]\s", re.M)
_NAME_PUNCT = ".,;:)”\""
MAX_SUBJECT_WORDS = 16
MAX_SUBJECT_CHARS = 200


def modern_tones(text: str) -> str:
    """"Thành uỷ" -> "Thành ủy", "hoá" -> "hóa" (the new-style tone mark of canonical names)."""

    def swap(m: re.Match) -> str:
        old, new = m.group(), _OLD_TONES[m.group().lower()]
        return new.upper() if old.isupper() else (new.capitalize() if old[0].isupper() else new)

    return _OLD_TONE_RE.sub(swap, text)


def find_unit(title: str, body: list[str]) -> tuple[str | None, str | None]:
    """The organising unit in canonical form and its level."""
    text = modern_tones("\n".join([title, *body]))
    title, *body = text.split("\n")
    found = (
        signature_unit(body)
        or dated_lead_subject(body[:4], text)
        or organiser_clause([title, *body])
        or organiser_by(body)
        or (subject_at(title) if title else None)
        or most_mentioned_unit(text)
    )
    if not found:
        return None, None
    raw, members = found
    unit = complete_unit(attach_committee(canonical_unit(raw), text), text)
    level = level_of(unit)
    if unit.startswith("Cụm") and members:
        level = level_of(members.lower()) or level  # a cluster has its members' level
    if level is None and (implied := _implied_place_word(unit)):
        unit, level = f"{unit} {implied}", _vocab().places[implied]
    return unit, level


# --- where the unit is named


def signature_unit(body: list[str]) -> tuple[str, str] | None:
    """A unit signing the text on its own line near the end ("Ban Tuyên giáo QU")."""
    vocab = _vocab()
    for para in body[-3:][::-1]:
        if len(para.split()) <= 8 and vocab.heads.match(para) and not vocab.verbs.search(" " + para):
            return para, ""
    return None


def dated_lead_subject(paras: list[str], text: str) -> tuple[str, str] | None:
    """The subject after the lead's date: "Sáng ngày 5/4/2017, <unit> tổ chức ..."."""
    for para in paras:
        for m in [*_EVENT.finditer(para), *_LEAD_IN_NO_DATE.finditer(para)]:
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
            found = subject_at(para[m.end():], need_organiser_verb=True)
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


def most_mentioned_unit(text: str) -> tuple[str, str] | None:
    """The committee the text names most, "Ban Tuyên giáo" first (these are its bulletins)."""
    boards = Counter()
    for m in _PROPAGANDA_BOARD.finditer(text):
        boards[_committee_name(m.group(1)) if m.group(1) else ("Trung ương" if m.group(2) else "")] += 1
    if boards:
        named = [c for c, _ in boards.most_common() if c]
        return f"Ban Tuyên giáo {named[0] if named else ''}".strip(), ""
    committees = _committee_counts(text)
    return (committees.most_common(1)[0][0], "") if committees else None


def place_subject(text: str, whole: str) -> tuple[str, str] | None:
    """A place standing for its committee: "Sáng 30/3, Đô Lương tổ chức" + "huyện ủy Đô lương"."""
    read = _read_name(text, 0)
    if not read:
        return None
    name = read[0]
    for m in _vocab().committee_re.finditer(whole):
        if whole[m.end():].lstrip().casefold().startswith(name.casefold()):
            return f"{m.group(1)} ủy {name}", ""
    return None


def subject_at(text: str, need_organiser_verb: bool = False) -> tuple[str, str] | None:
    """The unit ``text`` starts with, read up to its verb, and the "(gồm ...)" members it lists.

    "Ban Dân vận, Hội LHPN, ... huyện Đất Đỏ tổ chức" -> "Ban Dân vận huyện Đất Đỏ" (the first of
    co-organisers, with the place they share); "(gọi tắt là Ban Chỉ đạo 35 của tỉnh)" names it.
    """
    vocab = _vocab()
    text = _LOCATIVE.sub("", text.lstrip(" ,"))
    head = vocab.heads.match(text)
    if not head or not text[0].isupper():
        return None
    stop = _subject_end(text, head.end())
    if stop is None or (need_organiser_verb and not _starts_with_organiser_verb(text[stop:])):
        return None
    window = text[:stop]
    if alias := _ALIAS_NOTE.search(window):
        return alias.group(1), ""
    parts = _LIST_SPLIT.split(_PARENS.sub(" ", window))
    subject = _first_co_organiser(parts[0])
    if len(subject.split()) > MAX_SUBJECT_WORDS or not vocab.heads.match(subject):
        return None
    if len(parts) > 1 and not _has_place(subject):
        subject = f"{subject} {_trailing_place(parts[-1])}".strip()
    return _trim_after_name(subject), " ".join(_MEMBERS.findall(window))


def _subject_end(text: str, start: int) -> int | None:
    """Where the subject starting at ``start`` ends: its verb or a colon, in the same clause."""
    flat = _PARENS.sub(lambda m: " " * len(m.group()), text)  # no verb or colon inside brackets
    verb = _vocab().verbs.search(flat, start)
    ends = [x for x in (verb.start() if verb else -1, flat.find(": ", start)) if x >= 0]
    if not ends or min(ends) > MAX_SUBJECT_CHARS or _CLAUSE_END.search(flat, start, min(ends)):
        return None
    return min(ends)


def _starts_with_organiser_verb(text: str) -> bool:
    return _AUXILIARY.sub("", text).lstrip().startswith(_vocab().organiser_verbs)


def _first_co_organiser(subject: str) -> str:
    """Cut "<unit> và <other unit>" to the first; keep "xã Hương Lâm và Hà Đông"."""
    for m in _AND.finditer(subject):
        if _vocab().heads.match(subject[m.end():]):
            return subject[: m.start()]
    return subject.strip()


def _has_place(unit: str) -> bool:
    return bool(_vocab().place_re.search(unit) or _vocab().committee_re.search(unit))


def _trailing_place(text: str) -> str:
    """The "<place word> <Name>" a list of co-organisers ends with ("... huyện Đất Đỏ")."""
    matches = list(_vocab().place_re.finditer(text))
    read = _read_name(text, matches[-1].end()) if matches else None
    return f"{matches[-1].group(1)} {read[0]}" if read else ""


def _trim_after_name(subject: str) -> str:
    """Cut what follows a unit's place name: "Tỉnh ủy Đồng Nai xác nhận" -> "Tỉnh ủy Đồng Nai"."""
    for m in reversed(_place_marks(subject)):
        read = _read_name(subject, m.end())
        if read is None or (m.re is _vocab().committee_re and not _committee(m)["level"]):
            continue  # "Đảng ủy Khối Cơ quan" names no place
        rest = subject[read[1]:].strip()
        return subject[: read[1]] if rest[:1].islower() and not rest.startswith("và ") else subject
    return subject


# --- canonical form


def canonical_unit(raw: str) -> str:
    """One spelling per unit: tone marks, dashes, abbreviations, aliases, capitalisation."""
    vocab = _vocab()
    unit = " ".join(modern_tones(raw).split()).strip(" .,;:")
    unit = re.sub(r"\s*[–—-]\s*", " - ", unit)
    for pattern, full in (*vocab.abbreviations, *vocab.aliases):
        unit = pattern.sub(full, unit)
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
    vocab = _vocab()
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


def complete_unit(unit: str, text: str) -> str:
    """Give a unit without a place the one place of its level the text names; fix a typo'd name."""
    place_word, name = _unit_place(unit)
    if place_word is None:
        return unit
    names = place_names(place_word, text)
    if name:
        return unit[: unit.rfind(name)] + _majority_spelling(name, names)
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
        if m.re is _vocab().place_re:
            return m.group(1), rest or None
        committee = _committee(m)
        return (committee["places"][0], rest or None) if committee["level"] else (None, None)
    return None, None


def place_names(place_word: str, text: str) -> Counter:
    """How often each name follows ``place_word`` ("huyện Gia Lâm"), its committee ("Huyện ủy Gia
    Lâm", counted only when seen twice: a person's name often follows a title) or a dateline."""
    by_place, by_committee = Counter(), Counter()
    for m in _place_name_pattern(place_word).finditer(text):
        if text[max(0, m.start() - 4) : m.start()].casefold() == "thị ":
            continue  # "thị xã X" is not "xã X"
        read = _read_name(text, m.end())
        if read:
            (by_committee if "ủy" in m.group().lower() else by_place)[read[0]] += 1
    names = by_place + Counter({n: c for n, c in by_committee.items() if c >= 2 or n in by_place or n == "TP.HCM"})
    if _vocab().places[place_word] in ("thành phố", "tỉnh"):
        names.update(m.group(1).title() for m in _DATELINE.finditer(text) if _is_caps(m.group(1)))
    return names


@lru_cache(maxsize=None)
def _place_name_pattern(place_word: str) -> re.Pattern:
    """"huyện" or "Huyện ủy"; "thành phố", "TP" or "Thành ủy"; "xã" alone (a Đảng ủy has no level)."""
    vocab = _vocab()
    committee = _committee_of_level(vocab.places[place_word])
    words = {place_word, *(vocab.committees[committee]["places"] if committee else [])}
    alternatives = [re.escape(committee.split()[0]) + r"\s+ủy"] if committee else []
    alternatives += [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


def _read_name(text: str, pos: int) -> tuple[str, int] | None:
    """The capitalised place name right after ``pos`` (title-cased) and where it ends."""
    vocab = _vocab()
    words, end = [], pos
    for token in re.finditer(r"\S+", text[pos:].split("\n", 1)[0]):
        word = token.group().rstrip(_NAME_PUNCT)
        if word == "TP.HCM" and not words:
            return word, pos + token.start() + len(word)
        if len(words) == vocab.name_max_words or not _is_name_word(word):
            break
        words.append(word.title() if word.isupper() or word.islower() else word)
        end = pos + token.start() + len(word)
        if word != token.group():
            break
    return (" ".join(words), end) if words else None


def _is_name_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.replace("-", "").isalpha() and word not in _vocab().name_stop


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
    vocab = _vocab()
    marks = [(m.start(), _committee(m)["level"]) for m in vocab.committee_re.finditer(unit)]
    marks += [(unit.find(w), "trung ương") for w in vocab.central if w in unit]
    marks += [(m.start(), vocab.places[m.group(1)]) for m in vocab.place_re.finditer(unit)]
    marks = [mark for mark in marks if mark[1]]
    return min(marks)[1] if marks else None


def _implied_place_word(unit: str) -> str | None:
    """"tỉnh" for a "Sở ...": kinds of unit whose level is what they are."""
    return next((w for kind, w in _vocab().implied_level.items() if unit.startswith(kind + " ")), None)


def _place_marks(unit: str) -> list[re.Match]:
    vocab = _vocab()
    return sorted([*vocab.place_re.finditer(unit), *vocab.committee_re.finditer(unit)], key=lambda m: m.start())


def _committee(m: re.Match) -> dict:
    return _vocab().committees[_committee_name(m.group(1))]


def _committee_name(first_word: str) -> str:
    return f"{first_word.capitalize()} ủy"


def _committee_of_level(level: str) -> str | None:
    return next((c for c, v in _vocab().committees.items() if v["level"] == level), None)


def _committee_counts(text: str) -> Counter:
    return Counter(_committee_name(m.group(1)) for m in _vocab().committee_re.finditer(text))


# ---------------------------------------------------------------------------------------------
# Authors

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
    line = _PARENS.sub(" ", _BYLINE_PREFIX.sub("", line)).strip(" .")
    if not line or len(line) > 80:
        return []
    names = []
    for part in _BYLINE_SPLIT.split(line):
        if _vocab().heads.match(part):
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
        and not any(w in _vocab().not_person for w in words)
    )
