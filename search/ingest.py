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
changed before paying for their analysis (:func:`read_bulletin`); a file whose size and
times are those it was indexed with is not even read again (:func:`file_stamp`).
"""

import datetime as dt
import hashlib
import os
import re
import stat
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
PIPELINE_VERSION = "3"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SOURCE_KEYS = {"unit", "level", "url_pattern"}
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc


class IngestError(Exception):
    """A corpus file that cannot be read as a bulletin; the message says why."""


@dataclass
class SourceFile:
    """A corpus file found by a scan, hashed but not yet read."""

    id: str
    path: Path
    content_hash: str
    defaults: dict = field(default_factory=dict)
    stamp: str = ""  # see file_stamp


@dataclass
class Skipped:
    path: str
    reason: str


def scan_corpus(corpus_dir: Path, known: dict[str, tuple[str, str]] | None = None
                ) -> tuple[list[SourceFile], list[Skipped]]:
    """Find every bulletin file under ``corpus_dir``, hashed with its folder defaults.

    ``known`` maps bulletin ids to the ``(stamp, content hash)`` they were indexed with:
    a file whose stamp has not changed keeps its hash without being read.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise IngestError(f"corpus folder not found: {corpus_dir}")
    found, skipped = [], []
    first_file_of_id = {}
    for folder, files, defaults in _walk(corpus_dir, skipped):
        relative_folder = folder.relative_to(corpus_dir).as_posix()
        folder_key = _folder_key(defaults)
        for name in sorted(files):
            if os.path.splitext(name)[1].lower() not in BULLETIN_SUFFIXES:
                continue
            relative = name if relative_folder == "." else f"{relative_folder}/{name}"
            shown = _printable(relative)
            try:
                source = _source_file(folder / name, relative, defaults, folder_key, known or {})
            except IngestError as error:
                skipped.append(Skipped(shown, str(error)))
                continue
            # ``a.txt`` and ``a.html``, or one name saved both composed and decomposed.
            first = first_file_of_id.setdefault(source.id, shown)
            if first != shown:
                skipped.append(Skipped(shown, _duplicate_reason(source.id, first, shown)))
                continue
            found.append(source)
    return found, skipped


def _duplicate_reason(doc_id: str, first: str, shown: str) -> str:
    if Path(first).suffix == Path(shown).suffix:  # the same name, accents composed differently
        return f"same name as {first} once accents are composed (one is saved in NFD form): remove one"
    return f"same bulletin id '{doc_id}' as {first}: rename one of them"


def _walk(corpus_dir: Path, skipped: list[Skipped]):
    """Like ``os.walk`` (symlinks followed, loops cut), with each folder's merged ``_source.toml``.

    Yields ``(folder, file names, defaults)``; folders that cannot be listed, loops and
    broken ``_source.toml`` files are added to ``skipped``.
    """
    defaults_by_folder = {}
    seen_real_folders = set()

    def on_error(error: OSError):
        folder = Path(error.filename) if error.filename else corpus_dir
        skipped.append(Skipped(_display(corpus_dir, folder), f"cannot list folder: {error.strerror}"))

    for folder, subfolders, files in os.walk(corpus_dir, followlinks=True, onerror=on_error):
        folder = Path(folder)
        real = os.path.realpath(folder)
        if real in seen_real_folders:
            subfolders[:] = []
            skipped.append(Skipped(_display(corpus_dir, folder), "symbolic link loop: folder already read"))
            continue
        seen_real_folders.add(real)
        subfolders.sort()
        inherited = defaults_by_folder.get(folder.parent, {}) if folder != corpus_dir else {}
        defaults = dict(inherited)
        if SOURCE_FILE in files:
            try:
                defaults.update(_read_source_file(folder / SOURCE_FILE))
            except IngestError as error:
                skipped.append(Skipped(_display(corpus_dir, folder / SOURCE_FILE), str(error)))
        defaults_by_folder[folder] = defaults
        yield folder, files, defaults


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


def _source_file(path: Path, relative: str, defaults: dict, folder_key: str, known: dict) -> SourceFile:
    """``relative``: the file's path under the corpus, ``/``-separated."""
    doc_id = compose(os.path.splitext(relative)[0])  # ba-dinh/so-ket-quy-3.txt -> ba-dinh/so-ket-quy-3
    problem = _name_problem(doc_id)
    if problem:
        raise IngestError(f"file or folder name {problem}: rename it")
    stamp = file_stamp(path, folder_key)
    indexed_stamp, indexed_hash = known.get(doc_id, ("", ""))
    if stamp and stamp == indexed_stamp:
        return SourceFile(doc_id, path, indexed_hash, defaults, stamp)
    raw = read_file_bytes(path)
    digest = hashlib.sha256(raw)
    digest.update(folder_key.encode())
    return SourceFile(doc_id, path, digest.hexdigest(), defaults, stamp)


def _folder_key(defaults: dict) -> str:
    """What besides its bytes decides how a file is read: its folder defaults, the pipeline."""
    return repr(sorted(defaults.items())) + PIPELINE_VERSION


def file_stamp(path: Path, folder_key: str) -> str:
    """What tells, without reading it, that a file is as it was (the quick check of make
    and rsync): its size, modification and change times and inode, with its folder's
    defaults and the pipeline it is read with. "" when the file cannot be looked at.

    Any write changes the change time, even one that restores the modification time;
    ``bantin index --full`` re-reads everything whatever the stamps say.
    """
    try:
        info = os.stat(path)
    except OSError:
        return ""
    if not stat.S_ISREG(info.st_mode):
        return ""
    folder = hashlib.sha1(folder_key.encode()).hexdigest()[:16]
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{folder}"


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``, else :class:`IngestError`.

    A named pipe or a link to a device (``/dev/zero``) named ``*.txt`` would block or
    never end, so only regular files are read, and never more than the limit.
    """
    try:
        if not path.is_file():  # follows symbolic links
            raise IngestError(_not_a_file_reason(path))
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        size = max(size, len(raw))
        raise IngestError(f"too large for a bulletin ({size / 2**20:.1f} MB > {MAX_FILE_BYTES / 2**20:.0f} MB)")
    return raw


def _not_a_file_reason(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return "broken symbolic link"
    return "not a regular file (a pipe, device or socket), not read"


def _name_problem(doc_id: str) -> str | None:
    """Why a bulletin id cannot be used in a URL or the index, or None.

    Bytes that are not UTF-8 reach Python as surrogate escapes, which the index cannot
    store; a line break or other control character cannot be part of a web address.
    """
    try:
        doc_id.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    if _CONTROL_CHARACTER.search(doc_id):
        return "contains a control character (a line break, tab ...)"
    return None


def _display(corpus_dir: Path, path: Path) -> str:
    """The path under the corpus, printable even when its name is not valid UTF-8."""
    try:
        return _printable(path.relative_to(corpus_dir).as_posix())
    except ValueError:
        return _printable(str(path))


def _printable(name: str) -> str:
    return os.fsencode(name).decode("utf-8", errors="replace")


def read_bulletin(source: SourceFile) -> tuple[Bulletin, list[str]]:
    """Decode, clean and extract one file. Returns the bulletin and warnings about it."""
    raw = read_file_bytes(source.path)
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
