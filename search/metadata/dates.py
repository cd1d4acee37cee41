"""The bulletin's dates, read from its text: the event's date, the year, the page's publication stamp.

``date`` is the event date the text states ("Sáng ngày 29/9/2022", "Ngày 10-1", "Sáng 19.12", "Hôm nay
(25-10)", "Sáng nay (28/7)", "ngày 12 tháng 3 năm 2024", "Trong hai ngày 24 và 25-3"; else one in the
headline or above it, else the date of a document the unit itself "ban hành"), else the page's own stamp,
else the day of a scraper prefix (`` date 2025-08-11``). A day and month without a year take it from the page's stamp (the last such
day on or before it), the years the text names, the scraper prefix, or the congress of a term the text
reports, in that order: a prefix never overrides the body. Dates of cited documents ("Chỉ thị số 05-CT/TW
ngày 15/5/2016"), deadlines and anniversaries are never the bulletin's.

``published`` is the page's own stamp ("Ngày đăng 26/10/2019 | 03:54", "29/07/2021 | 70", "16:47,
25/10/2011"; an update stamp when there is no other), never a scraper prefix nor a site header's clock.
"""

import re
from dataclasses import dataclass
from datetime import date as Date, timedelta

from ..ingest.cleaning import Cleaned, is_update_stamp
from ..limits import FIRST_YEAR, LAST_YEAR

_DAY_MONTH = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?![\d/])"
LEAD_IN = (
    r"(?:\b(?:sáng|chiều|tối|trưa|đêm)\s+(?:ngày\s*|nay\s*\(\s*)?"
    r"|\bhôm\s+nay\s*(?:ngày\s*|\(\s*)?"
    r"|\bngày\s*)"
)
# "Sáng ngày 29/9/2022", "Ngày 10-1", "Sáng 10.8", "hôm nay (19-5)", "Trong hai ngày 24 và 25-3".
EVENT = re.compile(LEAD_IN + r"(?:(?P<first>\d{1,2})\s+và\s+)?" + _DAY_MONTH, re.I)
# "ngày 25 tháng 10 năm 2021"
_WORDY = re.compile(r"\bngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>\d{4}))?", re.I)
_FULL = re.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
# What stands before the date of a cited document, a deadline or an anniversary ("Chỉ thị số 05-CT/TW
# ngày ...", "Nghị quyết số 57-NQ/TW (ngày ...)", "trước ngày ...", "kỷ niệm ngày 3/2").
_CITED_BEFORE = re.compile(
    r"(?:\bsố\s*[\w/-]+|\d+\s*-\s*[A-ZĐ]{1,5}/[\wĐ./]+(?:\s+\d+)?)\s*[,(]?\s*(?:ngày\s*)?$"
    r"|\b(?:trước|đến|tới|hết)\s+(?:ngày\s*)?$"
    r"|\b(?:kỷ niệm|chào mừng)\s+(?:ngày\s*)?$",
    re.I,
)
_ISSUED = re.compile(r"\bban hành\b[^.;]{0,80}?ngày\s*" + _FULL.pattern, re.I)
# "năm 2019", not a target ("đến năm 2030") nor the start of a span ("10 năm 2001 - 2010").
_YEAR_NAMED = re.compile(r"(?<!đến )(?<!tới )(?<!trước )(?<!sau )\bnăm\s+(\d{4})\b(?!\s*[-–]\s*\d{4})", re.I)
_YEAR_PERIOD = re.compile(r"\b(?:quý|tháng)\s+[\dIVX]+\s*[/-]\s*(\d{4})\b", re.I)
_YEAR_SPAN = re.compile(r"\(\s*[\d/.-]*?(\d{4})\s*[-–/]\s*[\d/.-]*?(\d{4})\s*\)")
_YEARS_COUNTED = re.compile(r"\b(\d{1,3})\s+năm\b", re.I)  # "kỷ niệm 80 năm", "45 NĂM NGÀY GIẢI PHÓNG"
_ASIDE = re.compile(r"\([^()]*\)")
_REVIEW = re.compile(r"\b(?:sơ kết|tổng kết|biểu dương|tuyên dương|khen thưởng)\b", re.I)
_REVIEWED_PERIOD = re.compile(r"\bgiai đoạn\s+\d{4}\s*[-–]\s*(\d{4})\b", re.I)
_ANNIVERSARY = re.compile(
    r"\b(\d{1,2})\s+năm\s+(?:triển khai|thực hiện)\b[^.;]{0,80}?ngày\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(\d{4})",
    re.I,
)
# The congress that opens a term ("Đại hội Đảng bộ huyện lần thứ XX, nhiệm kỳ 2015 - 2020") is held in its
# first year; a term named in passing ("Nghị quyết ... nhiệm kỳ 2020-2025") dates nothing.
_CONGRESS_TERM = re.compile(r"\bĐại hội\b[^.;:]{0,80}?\bnhiệm kỳ\s+(\d{4})\s*[-–]\s*\d{4}\b", re.I)
_TIME_OF_DAY = re.compile(r"\b\d{1,2}\s*(?::\s*\d{2}|giờ)")
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")

DayMonth = tuple[int, int, "int | None"]  # (day, month, year or None)


@dataclass(frozen=True)
class Dates:
    """``date``: the event's date, else the page's stamp, else the scraper prefix's day; ``year`` may be
    known without it; ``published``: the page's own stamp (publication, else update)."""

    date: Date | None
    year: int | None
    published: Date | None


def find_date(cleaned: Cleaned, title: str, body: list[str]) -> Dates:
    """The bulletin's dates (see the module docstring for the order of sources)."""
    text = "\n".join(body)
    published = page_stamp(cleaned)
    prefix = cleaned.scraper_date
    above = [p for p in cleaned.paragraphs if p not in body and p != title]  # a letter's "Hà Tĩnh, ngày ..."
    event = first_event_date(body) or first_event_date([title]) or first_event_date(above)
    day = ((event and place_event(event, published, prefix, text)) or issued_document_date(text) or published
           or _prefix_day(prefix))
    if day:
        return Dates(day, day.year, published)
    strong, _ = text_years(text)
    year = prefix[0] if prefix else (strong.pop() if len(strong) == 1 else None)
    return Dates(None, year, published)


def _prefix_day(prefix: tuple[int, int, int | None] | None) -> Date | None:
    """The day of a scraper prefix that gives one (`` date 2025-08-11``)."""
    return _to_date(prefix[2], prefix[1], prefix[0]) if prefix and prefix[2] else None


def page_stamp(cleaned: Cleaned) -> Date | None:
    """The page's own stamp: its publication stamp, else its update stamp; never the site's clock."""
    stamps = [s for s, above in zip(cleaned.stamps, cleaned.stamp_lines) if not is_site_clock(s, above)]
    stamps.sort(key=is_update_stamp)  # publication stamps first
    return next((day for s in stamps if (day := stamp_date(s))), None)


def is_site_clock(stamp: str, lines_above: int) -> bool:
    """A site header's "today" line ("Thứ 3 Ngày 18/04/2017" at the top of the page): the first line of
    the page, a date without a time of day. A page's own stamp gives its time ("28/01/2026 - 07:29")
    or stands below its headline."""
    return lines_above == 0 and not _TIME_OF_DAY.search(stamp)


def first_event_date(paragraphs: list[str]) -> DayMonth | None:
    """The first date with a lead-in ("Sáng ngày ...") that is not a cited document's date."""
    for para in paragraphs:
        for m in sorted([*EVENT.finditer(para), *_WORDY.finditer(para)], key=lambda m: m.start()):
            if is_cited_date(para, m.start()):
                continue
            day = int((m.groupdict().get("first") or m.group("d")))
            found = (day, int(m.group("m")), int(m.group("y")) if m.group("y") else None)
            if _valid(*found):
                return found
    return None


def is_cited_date(text: str, start: int) -> bool:
    """True when the date at ``start`` belongs to a cited document or is a deadline."""
    return bool(_CITED_BEFORE.search(text[max(0, start - 60) : start]))


def stamp_date(line: str) -> Date | None:
    m = _FULL.search(line)
    return _to_date(int(m.group("d")), int(m.group("m")), int(m.group("y"))) if m else None


def place_event(event: DayMonth, published: Date | None, prefix, text: str) -> Date | None:
    """The event's full date: its own year, else the year the page's stamp, the text or the scraper
    prefix gives (a prefix supplies a year only; the body's own years come first)."""
    day, month, year = event
    if year:
        return _to_date(day, month, year)
    if published:
        return place_day_month(day, month, published)
    strong, weak = text_years(text)
    year = year_in(strong, month) or (prefix[0] if prefix else None) or year_in(weak, month)
    return _to_date(day, month, year) if year else None


def place_day_month(day: int, month: int, reference: Date) -> Date | None:
    """The last (day, month) on or before ``reference`` (25/12 posted 04/01/2024 -> 2023-12-25)."""
    this_year = _to_date(day, month, reference.year)
    if this_year and this_year <= reference + timedelta(days=1):
        return this_year
    return _to_date(day, month, reference.year - 1)


def year_in(years: set[int], month: int) -> int | None:
    """The year of ``years`` an event in ``month`` belongs to.

    The latest year counts; when the year before is also named, an event in the second half of the
    year belongs to the earlier one (a review of 2022 held on 15.12 plans 2023).
    """
    if not years:
        return None
    latest = max(years)
    return latest - 1 if latest - 1 in years and month >= 7 else latest


def text_years(text: str) -> tuple[set[int], set[int]]:
    """Years the text names as its own time: (strong, weak).

    Strong: "năm 2019" (not in brackets: "(Cương lĩnh năm 1991)" is an aside), "quý II/2019", "tháng
    3-2010", the end of an anniversary span whose years the text counts ("80 năm ... (1-8-1930/1-8-2010)";
    a plan's "(2011-2020)" is no anniversary), the end of a reviewed period ("sơ kết ... giai đoạn
    2016-2019"), "1 năm triển khai Kết luận ... ngày 18-5-2021" (-> 2022). Weak: the first year of a term
    whose congress the text reports ("Đại hội ... nhiệm kỳ 2015 - 2020"). Dates of cited documents and
    target years ("đến năm 2030") do not count.
    """
    strong = {int(n) + int(y) for n, y in _ANNIVERSARY.findall(text)}
    own = _blank_cited_dates(text)
    strong |= {int(y) for y in _YEAR_NAMED.findall(_ASIDE.sub(" ", own))}
    strong |= {int(y) for y in _YEAR_PERIOD.findall(own)}
    counted = {int(n) for n in _YEARS_COUNTED.findall(own)}
    strong |= {int(end) for start, end in _YEAR_SPAN.findall(own) if int(end) - int(start) in counted}
    for sentence in SENTENCE_END.split(own):
        if _REVIEW.search(sentence):
            strong |= {int(y) for y in _REVIEWED_PERIOD.findall(sentence)}
    weak = {int(y) for y in _CONGRESS_TERM.findall(own)}
    keep = lambda years: {y for y in years if FIRST_YEAR <= y <= LAST_YEAR}  # noqa: E731
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
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return Date(year, month, day)
    except ValueError:
        return None
