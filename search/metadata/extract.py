"""Read a bulletin's metadata from its plain text: title, dates, unit, level, province, authors.

:func:`extract` cleans the text (:mod:`search.ingest.cleaning`) and then reads, in this order
(one module each):

* **Title** - the headline: the line just above the page's date stamp, else the first short line
  above the lead (and above any sapo) that is not a kicker naming a unit, else, on a page opening with
  its lead, a line after it that repeats the lead's words. Without a headline the page's first
  sentence stands in for it and ``title_is_headline`` is False. Lines above the headline
  (breadcrumbs, kickers) leave the body (:mod:`search.metadata.headline`).
* **Date** - the event date the text states ("Sáng ngày 29/9/2022", "Ngày 10-1", "Trong hai ngày 24 và
  25-3"), else the page's publication stamp, else the day of a scraper prefix; **published** - the page's
  own stamp, never a scraper prefix nor the site's clock (:mod:`search.metadata.dates`).
* **Unit** - the organiser: a unit line signing the text, else the subject of the dated lead
  ("Sáng 5/4, <unit> tổ chức ..."), else "<unit> tổ chức" anywhere, "do <unit> tổ chức", the
  headline's subject, or the most mentioned committee. It is then written canonically and, when it
  names no place, given the one place of its level that the text names (:mod:`search.metadata.units`).
* **Level** - from the unit (Huyện ủy -> huyện, Đảng ủy phường -> xã/phường, Trung ương -> trung
  ương).
* **Province** - the province the unit belongs to as of the bulletin's date, from the unit's place or the
  places the text names, else a newspaper masthead glued into the text names (:mod:`search.metadata.province`);
  none for a central unit.
* **Authors** - the byline at the end ("Thúy Nga – Đức Quang"); [] when unsure.
* **People** - the officials the text names ("đồng chí Lê Văn Tuấn, Ủy viên ...") (:mod:`search.metadata.people`).

The vocabulary (unit names, abbreviations, levels) is data: ``search/knowledge/data/units.toml``.
"""

from dataclasses import dataclass, field
from datetime import date as Date

from ..ingest.cleaning import clean
from ..text import compose
from .authors import find_authors
from .dates import find_date
from .headline import body_paragraphs, clean_headline, fallback_title, find_headline, unglue_opening
from .people import find_people
from .province import find_province, reference_date
from .units import find_unit


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
    province: str | None = None
    published: Date | None = None
    authors: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    title_is_headline: bool = True


def extract(text: str) -> Extracted:
    """Clean ``text`` and read its metadata (see the module docstring)."""
    cleaned = unglue_opening(clean(compose(text)))
    paras = cleaned.paragraphs
    headline = find_headline(cleaned)
    title = clean_headline(paras[headline]) if headline is not None else fallback_title(paras)
    body = body_paragraphs(paras, headline, title)
    dates = find_date(cleaned, title if headline is not None else "", body)
    date, year = dates.date, dates.year
    on = reference_date(date, year)
    unit, level = find_unit(title if headline is not None else "", body, on)
    province = find_province(unit, level, "\n".join([title, *body]), on)
    if province is None and cleaned.mastheads:  # the newspaper's province, when the text names none
        province = find_province(unit, level, "\n".join(cleaned.mastheads), on)
    return Extracted(
        title=title,
        body="\n\n".join(body),
        date=date,
        year=year,
        unit=unit,
        level=level,
        province=province,
        published=dates.published,
        authors=find_authors(body),
        people=find_people([title, *body]),
        title_is_headline=headline is not None,
    )
