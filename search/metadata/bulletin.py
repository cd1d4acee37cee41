"""The record that flows from ingest to the index, and how a corpus file becomes one.

Metadata comes from three places, in this order of precedence:

1. a YAML front matter block at the top of the file (:mod:`search.ingest.frontmatter`);
2. the nearest ``_source.toml`` in the file's folder or above it (:mod:`search.ingest.files`);
3. what :func:`search.metadata.extract` and :mod:`search.knowledge.directives` read from the text.
"""

from dataclasses import dataclass, field
from datetime import date as Date

from ..errors import IngestError
from ..ingest.decoding import DecodeError, decode
from ..ingest.files import HTML_SUFFIXES, SourceFile, read_file_bytes, url_from_pattern
from ..ingest.frontmatter import as_list, parse_date, split_front_matter
from ..ingest.html import html_to_text
from ..knowledge import directives, gazetteer
from ..limits import FIRST_YEAR, LAST_YEAR
from ..text import compose
from .extract import Extracted, extract
from .province import CENTRAL_LEVEL, find_province, province_as_of, reference_date
from .units import level_of


@dataclass
class Bulletin:
    """One cleaned bulletin with its metadata.

    ``id`` is the file's path relative to the corpus folder, without extension,
    with ``/`` separators on every platform (``ba-dinh/so-ket-quy-3``); ``path`` is that
    path with the extension (``ba-dinh/so-ket-quy-3.txt``): never where the server keeps it.
    ``year`` is kept apart from ``date``: a text may fix the year but not the day.
    ``province`` is the issuing unit's province as of ``date`` (the 2025 map from 1 July 2025).
    ``published`` is the page's own publication stamp; ``date`` is the event's date where the text gives it.
    """

    id: str
    path: str
    title: str
    body: str
    date: Date | None = None
    year: int | None = None
    published: Date | None = None
    unit: str | None = None
    level: str | None = None
    province: str | None = None
    directives: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # officials the text names
    url: str | None = None
    content_hash: str = ""


def read_bulletin(source: SourceFile) -> tuple[Bulletin, list[str]]:
    """Decode, clean and extract one file. Returns the bulletin and warnings about it."""
    raw = read_file_bytes(source.path, source.root or None)
    try:
        text, warnings = decode(raw)
    except DecodeError as error:
        raise IngestError(f"không giải mã được: {error}") from None
    front, text, front_warnings = split_front_matter(text)
    warnings += front_warnings
    if source.path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
    if not text.strip() and not front.get("title"):
        raise IngestError("rỗng: không có chữ nào để lập chỉ mục")
    found = extract(text)
    bulletin = Bulletin(
        id=source.id,
        path=source.relative or source.path.name,
        title=_first(front.get("title"), found.title, source.path.stem),
        body=found.body,
        date=found.date,
        year=found.year,
        published=found.published,
        unit=_first(front.get("unit"), source.defaults.get("unit"), found.unit),
        authors=found.authors,
        people=found.people,
        url=_first(front.get("url"), url_from_pattern(source), None),
        content_hash=source.content_hash,
    )
    _apply_date(bulletin, front.get("date"), warnings)
    bulletin.level = _first(front.get("level"), source.defaults.get("level"),
                            found.level if bulletin.unit == found.unit else level_of(bulletin.unit))
    bulletin.province = _province(bulletin, front.get("province") or source.defaults.get("province"), found)
    if front.get("authors"):
        bulletin.authors = as_list(front["authors"], "authors", warnings)
    bulletin.directives = _directives(front.get("directives"), f"{bulletin.title}\n{bulletin.body}", warnings)
    return bulletin, warnings


def _apply_date(bulletin: Bulletin, value, warnings: list[str]) -> None:
    if value in (None, ""):
        return
    parsed = parse_date(value)
    if parsed is None:
        warnings.append(f"front matter: không hiểu ngày {str(value)[:40]!r} (hãy viết YYYY-MM-DD); ngày lấy từ văn bản")
        return
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        warnings.append(f"front matter: ngày {parsed.isoformat()} ngoài khoảng năm {FIRST_YEAR}-{LAST_YEAR}, "
                        f"bỏ qua; ngày lấy từ văn bản")
        return
    bulletin.date, bulletin.year = parsed, parsed.year


def _province(bulletin: Bulletin, declared, found: Extracted) -> str | None:
    """The province declared (front matter, then ``_source.toml``), else the one the text ties the unit to,
    else the one the bulletin's web host names; never one for a central unit."""
    on = reference_date(bulletin.date, bulletin.year)
    if bulletin.level == CENTRAL_LEVEL:
        return None
    if declared:
        return province_as_of(_first(declared), on)
    if bulletin.unit == found.unit and on == reference_date(found.date, found.year):
        found_province = found.province
    else:
        found_province = find_province(bulletin.unit, bulletin.level, f"{bulletin.title}\n{bulletin.body}", on)
    from_host = gazetteer.province_from_host(bulletin.url) if bulletin.url else None
    return found_province or (province_as_of(from_host, on) if from_host else None)


def _directives(declared, text: str, warnings: list[str]) -> list[str]:
    """Declared directives (canonicalised where known) first, then those cited in the text."""
    labels = [directives.resolve_directive(item) or compose(item) for item in as_list(declared, "directives", warnings)]
    labels += directives.find_directives(text)
    return list(dict.fromkeys(labels))


def _first(*values) -> str | None:
    """The first value given, as clean text (front matter may hold numbers or dates)."""
    for value in values:
        if value is not None:
            value = compose(str(value)).strip()
        if value:
            return value
    return None
