"""Read a corpus folder into :class:`~search.bulletin.Bulletin` records.

A corpus is a folder tree of ``.txt`` bulletins and ``.html``/``.htm`` pages saved
from websites. Metadata comes from three places, in this order of precedence:

1. a YAML front matter block at the top of the file (``title``, ``date``, ``unit``,
   ``level``, ``url``, ``directives``, ``authors``);
2. the nearest ``_source.toml`` in the file's folder or above it, which gives
   defaults for every file below it (a site's ``unit`` and ``level``, and a
   ``url_pattern`` such as ``"https://example.vn/tin/{name}.html"``);
3. what :mod:`search.extract` and :mod:`search.directives` read from the text.

Scanning (:func:`scan_corpus`) only hashes files, so an update can tell which files
changed before paying for their analysis (:func:`read_bulletin`).
"""

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import directives, extract
from .bulletin import Bulletin
from .decoding import DecodeError, decode
from .textnorm import compose

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

BULLETIN_SUFFIXES = {".txt", ".html", ".htm"}
SOURCE_FILE = "_source.toml"
# A bulletin is a few kilobytes; a file this large is a mistake, not a bulletin.
MAX_FILE_BYTES = 5 * 1024 * 1024
# Bump when ingest or analysis changes what ends up in the index: every file's hash
# changes with it, so the next update re-reads everything.
PIPELINE_VERSION = "1"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SOURCE_KEYS = {"unit", "level", "url_pattern"}


class IngestError(Exception):
    """A corpus file that cannot be read as a bulletin; the message says why."""


@dataclass
class SourceFile:
    """A corpus file found by a scan, hashed but not yet read."""

    id: str
    path: Path
    content_hash: str
    defaults: dict = field(default_factory=dict)


@dataclass
class Skipped:
    path: str
    reason: str


def scan_corpus(corpus_dir: Path) -> tuple[list[SourceFile], list[Skipped]]:
    """Find every bulletin file under ``corpus_dir``, hashed with its folder defaults."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise IngestError(f"corpus folder not found: {corpus_dir}")
    found, skipped = [], []
    for folder, files, defaults, problems in _walk(corpus_dir):
        skipped.extend(problems)
        for name in sorted(files):
            path = folder / name
            if path.suffix.lower() not in BULLETIN_SUFFIXES:
                continue
            try:
                found.append(_source_file(corpus_dir, path, defaults))
            except IngestError as error:
                skipped.append(Skipped(_display(corpus_dir, path), str(error)))
    return found, skipped


def _walk(corpus_dir: Path):
    """Like ``os.walk`` (symlinks followed, loops cut), with each folder's merged ``_source.toml``."""
    defaults_by_folder = {}
    seen_real_folders = set()
    problems_by_folder = {}

    def on_error(error: OSError):
        folder = Path(error.filename) if error.filename else corpus_dir
        problems_by_folder.setdefault(folder.parent, []).append(
            Skipped(_display(corpus_dir, folder), f"cannot list folder: {error.strerror}"))

    for folder, subfolders, files in os.walk(corpus_dir, followlinks=True, onerror=on_error):
        folder = Path(folder)
        real = os.path.realpath(folder)
        if real in seen_real_folders:
            subfolders[:] = []
            problems_by_folder.setdefault(folder, []).append(
                Skipped(_display(corpus_dir, folder), "symbolic link loop: folder already read"))
            yield folder, [], {}, problems_by_folder.pop(folder, [])
            continue
        seen_real_folders.add(real)
        subfolders.sort()
        problems = []
        inherited = defaults_by_folder.get(folder.parent, {}) if folder != corpus_dir else {}
        defaults = dict(inherited)
        if SOURCE_FILE in files:
            try:
                defaults.update(_read_source_file(folder / SOURCE_FILE))
            except IngestError as error:
                problems.append(Skipped(_display(corpus_dir, folder / SOURCE_FILE), str(error)))
        defaults_by_folder[folder] = defaults
        yield folder, files, defaults, problems_by_folder.pop(folder, []) + problems


def _read_source_file(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise IngestError(f"unreadable folder defaults, ignored: {error}") from None
    unknown = set(data) - _SOURCE_KEYS
    if unknown:
        raise IngestError(f"unknown keys {sorted(unknown)} (allowed: {sorted(_SOURCE_KEYS)}), file ignored")
    return {key: compose(str(value)) for key, value in data.items()}


def _source_file(corpus_dir: Path, path: Path, defaults: dict) -> SourceFile:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"too large for a bulletin ({size / 2**20:.1f} MB > {MAX_FILE_BYTES / 2**20:.0f} MB)")
        raw = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    digest = hashlib.sha256(raw)
    digest.update(repr(sorted(defaults.items())).encode())
    digest.update(PIPELINE_VERSION.encode())
    return SourceFile(bulletin_id(corpus_dir, path), path, digest.hexdigest(), defaults)


def bulletin_id(corpus_dir: Path, path: Path) -> str:
    """``ba-dinh/so-ket-quy-3`` for ``<corpus>/ba-dinh/so-ket-quy-3.txt``, on every platform."""
    return compose(path.relative_to(corpus_dir).with_suffix("").as_posix())


def _display(corpus_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(corpus_dir).as_posix()
    except ValueError:
        return str(path)


def read_bulletin(source: SourceFile) -> tuple[Bulletin, list[str]]:
    """Decode, clean and extract one file. Returns the bulletin and warnings about it."""
    try:
        raw = source.path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    try:
        text, warnings = decode(raw)
    except DecodeError as error:
        raise IngestError(f"cannot decode: it {error}") from None
    front, text, front_warnings = split_front_matter(text)
    warnings += front_warnings
    if source.path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    if not text.strip() and not front.get("title"):
        raise IngestError("empty: no text to index")
    found = extract.extract(text)
    bulletin = Bulletin(
        id=source.id,
        path=str(source.path),
        title=_first(front.get("title"), found.title, source.path.stem),
        body=found.body,
        date=found.date,
        year=found.year,
        unit=_first(front.get("unit"), source.defaults.get("unit"), found.unit),
        authors=found.authors,
        url=_first(front.get("url"), _url_from_pattern(source), None),
        content_hash=source.content_hash,
    )
    _apply_date(bulletin, front.get("date"), warnings)
    bulletin.level = _first(front.get("level"), source.defaults.get("level"),
                            found.level if bulletin.unit == found.unit else extract.level_of(bulletin.unit))
    if front.get("authors"):
        bulletin.authors = _as_list(front["authors"])
    bulletin.directives = _directives(front.get("directives"), f"{bulletin.title}\n{bulletin.body}")
    return bulletin, warnings


def split_front_matter(text: str) -> tuple[dict, str, list[str]]:
    """Split a leading ``---`` YAML block off ``text``: ``(metadata, rest, warnings)``."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    rest = text[match.end():]
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "invalid YAML"
        return {}, rest, [f"front matter ignored: {problem}"]
    if not isinstance(data, dict):
        return {}, rest, ["front matter ignored: not a key: value block"]
    return data, rest, []


def html_to_text(html: str) -> str:
    """The main text of a saved web page (headline first), without menus and footers."""
    import trafilatura  # slow to import; only HTML corpora need it

    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                           with_metadata=True, favor_recall=True)
    if document is None:
        return ""
    title = (document.title or "").strip()
    body = (document.text or "").strip()
    # trafilatura separates paragraphs with single newlines; extract() reads blank lines.
    body = re.sub(r"\n+", "\n\n", body)
    return f"{title}\n\n{body}" if title and not body.startswith(title) else body


def _apply_date(bulletin: Bulletin, value, warnings: list[str]) -> None:
    if value in (None, ""):
        return
    parsed = _parse_date(value)
    if parsed is None:
        warnings.append(f"front matter date {value!r} not understood (use YYYY-MM-DD); date taken from the text")
        return
    bulletin.date, bulletin.year = parsed, parsed.year


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text[:19] if "%H" in pattern else text, pattern).date()
        except ValueError:
            continue
    return None


def _directives(declared, text: str) -> list[str]:
    """Declared directives (canonicalised where known) first, then those cited in the text."""
    labels = [directives.resolve_directive(item) or compose(item) for item in _as_list(declared)]
    labels += directives.find_directives(text)
    return list(dict.fromkeys(labels))


def _url_from_pattern(source: SourceFile) -> str | None:
    pattern = source.defaults.get("url_pattern")
    if not pattern:
        return None
    return pattern.format(name=source.path.stem, id=source.id)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [compose(str(item)).strip() for item in value if str(item).strip()]


def _first(*values) -> str | None:
    """The first value given, as clean text (front matter may hold numbers or dates)."""
    for value in values:
        if value is not None:
            value = compose(str(value)).strip()
        if value:
            return value
    return None
