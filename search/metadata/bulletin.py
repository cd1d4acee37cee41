"""The record that flows from ingest to the index, and how a corpus file becomes one.

Metadata comes from four places, in this order of precedence:

1. a staff correction of the bulletin in the corpus's ``_corrections.toml`` (:mod:`search.ingest.corrections`),
   which may also clear a field;
2. a YAML front matter block at the top of the file (:mod:`search.ingest.frontmatter`);
3. the nearest ``_source.toml`` in the file's folder or above it (:mod:`search.ingest.files`);
4. what :func:`search.metadata.extract` and :mod:`search.knowledge.directives` read from the text (a
   province also from the gazetteer or the web host).

Each bulletin records where each of its fields came from (``provenance``, :mod:`search.provenance`).
"""

from dataclasses import dataclass, field
from datetime import date as Date

from ..errors import IngestError
from ..ingest.decoding import DecodeError, decode
from ..ingest.files import HTML_SUFFIXES, SourceFile, read_file_bytes, url_from_pattern
from ..ingest.frontmatter import as_list, parse_date, split_front_matter
from ..ingest.html import html_to_text
from ..ingest.office import OFFICE_SUFFIXES, office_text
from ..knowledge import directives, gazetteer
from ..limits import FIRST_YEAR, LAST_YEAR
from ..provenance import CORRECTIONS, FILE_NAME, FRONT_MATTER, GAZETTEER, SOURCE_FILE, TEXT, URL
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
    # Where each field's value came from (search/provenance.py): {"title": "text", "unit": "_source.toml", ...};
    # a field without a value is not named, unless a correction cleared it.
    provenance: dict[str, str] = field(default_factory=dict)


def read_bulletin(source: SourceFile) -> tuple[Bulletin, list[str]]:
    """Decode, clean and extract one file. Returns the bulletin and warnings about it."""
    text, front, warnings = _read_text(source)
    fixed = source.correction
    if not text.strip() and not front.get("title") and not fixed.get("title"):
        raise IngestError("rỗng: không có chữ nào để lập chỉ mục")
    found = extract(text)
    bulletin = Bulletin(id=source.id, path=source.relative or source.path.name, title="", body=found.body,
                        content_hash=source.content_hash)
    pick = _Picker(bulletin, fixed)
    defaults = source.defaults
    pick("title", (FRONT_MATTER, _first(front.get("title"))), (TEXT, found.title), (FILE_NAME, source.path.stem))
    pick("url", (FRONT_MATTER, _first(front.get("url"))), (SOURCE_FILE, url_from_pattern(source)))
    pick("unit", (FRONT_MATTER, _first(front.get("unit"))), (SOURCE_FILE, _first(defaults.get("unit"))),
         (TEXT, found.unit))
    pick("date", (FRONT_MATTER, _front_date(front.get("date"), warnings)), (TEXT, found.date))
    date_origin = bulletin.provenance.get("date")
    if bulletin.date and date_origin in (CORRECTIONS, FRONT_MATTER):
        pick("year", (date_origin, bulletin.date.year))
    else:
        pick("year", (TEXT, found.year))
    if "year" in fixed and "date" not in fixed and bulletin.date and bulletin.date.year != bulletin.year:
        pick.clear("date")  # a day of another year than the corrected one
    pick("published", (TEXT, found.published))
    same_unit = bulletin.unit == found.unit
    pick("level", (FRONT_MATTER, _first(front.get("level"))), (SOURCE_FILE, _first(defaults.get("level"))),
         (TEXT, found.level) if same_unit else (bulletin.provenance.get("unit"), bulletin.unit and level_of(bulletin.unit)))
    pick("province", *_province(bulletin, _first(front.get("province")), _first(defaults.get("province")), found))
    pick("authors", (FRONT_MATTER, as_list(front.get("authors"), "authors", warnings)), (TEXT, found.authors))
    pick("people", (TEXT, found.people))
    declared = [directives.resolve_directive(item) or compose(item)
                for item in as_list(front.get("directives"), "directives", warnings)]
    cited = directives.find_directives(f"{bulletin.title}\n{bulletin.body}")
    pick("directives", (FRONT_MATTER, declared and list(dict.fromkeys(declared + cited))), (TEXT, cited))
    return bulletin, warnings


def _read_text(source: SourceFile) -> tuple[str, dict, list[str]]:
    """The text of a file (a web page's article, a Word or PDF file's text), its front matter, and warnings."""
    raw = read_file_bytes(source.path, source.root or None)
    suffix = source.path.suffix.lower()
    if suffix in OFFICE_SUFFIXES:
        text, warnings = office_text(suffix, raw)
    else:
        try:
            text, warnings = decode(raw)
        except DecodeError as error:
            raise IngestError(f"không giải mã được: {error}") from None
    front, text, front_warnings = split_front_matter(text)
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    return text, front, warnings + front_warnings


class _Picker:
    """Sets each field of a bulletin to the first value given, recording where it came from: a staff
    correction first (which may also clear a field), then the candidates ``(origin, value)`` in order."""

    def __init__(self, bulletin: Bulletin, fixed: dict):
        self.bulletin, self.fixed = bulletin, fixed

    def __call__(self, name: str, *candidates: tuple[str | None, object]) -> None:
        if name in self.fixed:
            value, origin = _corrected(name, self.fixed[name], self.bulletin), CORRECTIONS
        else:
            value, origin = next(((v, o) for o, v in candidates if _given(v)), (None, None))
        setattr(self.bulletin, name, value if _given(value) or name not in _LISTS else [])
        self.bulletin.provenance.pop(name, None)
        if origin and (_given(value) or origin == CORRECTIONS):
            self.bulletin.provenance[name] = origin

    def clear(self, name: str) -> None:
        setattr(self.bulletin, name, None)
        self.bulletin.provenance.pop(name, None)


_LISTS = ("directives", "people", "authors")


def _given(value) -> bool:
    return value is not None and value != "" and value != []


def _corrected(name: str, value, bulletin: Bulletin):
    """A correction's value as the field holds it: directives in their canonical labels, a province in the
    gazetteer's spelling as of the bulletin's date."""
    if name == "directives":
        return list(dict.fromkeys(directives.resolve_directive(item) or item for item in value))
    if name == "province" and value:
        return province_as_of(value, reference_date(bulletin.date, bulletin.year))
    return value


def _front_date(value, warnings: list[str]) -> Date | None:
    if value in (None, ""):
        return None
    parsed = parse_date(value)
    if parsed is None:
        warnings.append(f"front matter: không hiểu ngày {str(value)[:40]!r} (hãy viết YYYY-MM-DD); ngày lấy từ văn bản")
        return None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        warnings.append(f"front matter: ngày {parsed.isoformat()} ngoài khoảng năm {FIRST_YEAR}-{LAST_YEAR}, "
                        f"bỏ qua; ngày lấy từ văn bản")
        return None
    return parsed


def _province(bulletin: Bulletin, front, folder, found: Extracted) -> list[tuple[str, str | None]]:
    """Where the province may come from, in order: declared (front matter, then ``_source.toml``), else the
    gazetteer (the place the text ties the unit to), else the bulletin's web host; never one for a central
    unit."""
    if bulletin.level == CENTRAL_LEVEL:
        return []
    on = reference_date(bulletin.date, bulletin.year)
    declared = [(origin, province_as_of(name, on)) for origin, name in ((FRONT_MATTER, front), (SOURCE_FILE, folder))
                if name]
    if declared:
        return declared[:1]
    if bulletin.unit == found.unit and on == reference_date(found.date, found.year):
        found_province = found.province
    else:
        found_province = find_province(bulletin.unit, bulletin.level, f"{bulletin.title}\n{bulletin.body}", on)
    from_host = gazetteer.province_from_host(bulletin.url) if bulletin.url else None
    return [(GAZETTEER, found_province), (URL, province_as_of(from_host, on) if from_host else None)]


def _first(*values) -> str | None:
    """The first value given, as clean text (front matter may hold numbers or dates)."""
    for value in values:
        if value is not None:
            value = compose(str(value)).strip()
        if value:
            return value
    return None
