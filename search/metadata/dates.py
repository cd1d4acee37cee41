"""The bulletin's date and year, read from its text.

The publication stamp of the page when it has one, else the event date the lead states
("Sáng ngày 29/9/2022", "Ngày 10-1", "Trong hai ngày 24 và 25-3"). A stamp that cannot be the
publication date of the event it reports (the site's clock, printed weeks before the event) is
ignored. A day and month without a year take the year from an update stamp, the scraper's
`` date 2023-07``, or the years the text names. Dates of cited documents ("Chỉ thị số 05-CT/TW
ngày 15/5/2016") are never the bulletin's date, except a document the unit itself "ban hành"
(issued) when the text has no other date.
"""

import re
from datetime import date as Date, timedelta

from ..ingest.cleaning import Cleaned, is_update_stamp
from ..limits import FIRST_YEAR, LAST_YEAR

# A page is published at most this many days after the event it reports; a stamp further off is
# not the event's publication date (it is the site's clock, or the page was re-dated).
MAX_POSTING_DELAY = 60

_DAY_MONTH = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?![\d/])"
LEAD_IN = (
    r"(?:\b(?:sáng|chiều|tối|trưa|đêm)\s+(?:ngày\s*)?"
    r"|\bhôm\s+nay\s*(?:ngày\s*|\(\s*)?"
    r"|\bngày\s*)"
)
# "Sáng ngày 29/9/2022", "Ngày 10-1", "Sáng 10.8", "hôm nay (19-5)", "Trong hai ngày 24 và 25-3".
EVENT = re.compile(LEAD_IN + r"(?:(?P<first>\d{1,2})\s+và\s+)?" + _DAY_MONTH, re.I)
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
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")

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
        for m in sorted([*EVENT.finditer(para), *_WORDY.finditer(para)], key=lambda m: m.start()):
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
    for sentence in SENTENCE_END.split(own):
        if _REVIEW.search(sentence):
            strong |= {int(y) for y in _REVIEWED_PERIOD.findall(sentence)}
    weak = {int(y) for y in _TERM.findall(own)}
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
