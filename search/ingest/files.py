"""Find the bulletin files of a corpus folder, with their folders' defaults.

A corpus is a folder tree of ``.txt`` bulletins and ``.html``/``.htm`` pages saved
from websites. The nearest ``_source.toml`` in a file's folder or above it gives
defaults for every file below it (a site's ``unit``, ``level`` and ``province``, and a
``url_pattern`` such as ``"https://example.vn/tin/{name}.html"``).

Scanning (:func:`scan_corpus`) only hashes files, so an update can tell which files
changed before paying for their analysis (:func:`search.metadata.read_bulletin`); a file
whose size and times are those it was indexed with is not even read again (:func:`file_stamp`).
"""

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError
from ..knowledge.loader import TOMLDecodeError, read_toml
from ..limits import MAX_FILE_BYTES
from ..text import compose

BULLETIN_SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}  # .docx, .pdf: office.py
HTML_SUFFIXES = {".html", ".htm"}
SOURCE_FILE = "_source.toml"
# Bump when ingest, metadata, analysis or the schema change what ends up in the index:
# every file's hash changes with it, and an index of another version is rebuilt whole.
PIPELINE_VERSION = "6"

_SOURCE_KEYS = {"unit", "level", "province", "url_pattern"}
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc


@dataclass
class SourceFile:
    """A corpus file found by a scan, hashed but not yet read."""

    id: str
    path: Path
    content_hash: str
    defaults: dict = field(default_factory=dict)
    stamp: str = ""  # see file_stamp
    correction: dict = field(default_factory=dict)  # its entry in the corpus's _corrections.toml


@dataclass
class Skipped:
    path: str
    reason: str


def scan_corpus(corpus_dir: Path, known: dict[str, tuple[str, str]] | None = None,
                keys: dict[str, str] | None = None) -> tuple[list[SourceFile], list[Skipped]]:
    """Find every bulletin file under ``corpus_dir``, hashed with its folder defaults.

    ``known`` maps bulletin ids to the ``(stamp, content hash)`` they were indexed with:
    a file whose stamp has not changed keeps its hash without being read. ``keys``: what else
    decides how a bulletin is read, by id (its correction), taken into its stamp and hash.
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
                source = _source_file(folder / name, relative, defaults, folder_key, known or {}, keys or {})
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
        data = read_toml(path)
    except (OSError, TOMLDecodeError, UnicodeDecodeError) as error:
        raise IngestError(f"unreadable folder defaults, ignored: {error}") from None
    unknown = set(data) - _SOURCE_KEYS
    if unknown:
        raise IngestError(f"unknown keys {sorted(unknown)} (allowed: {sorted(_SOURCE_KEYS)}), file ignored")
    return {key: compose(str(value)) for key, value in data.items()}


def _source_file(path: Path, relative: str, defaults: dict, folder_key: str, known: dict, keys: dict) -> SourceFile:
    """``relative``: the file's path under the corpus, ``/``-separated."""
    doc_id = compose(os.path.splitext(relative)[0])  # ba-dinh/so-ket-quy-3.txt -> ba-dinh/so-ket-quy-3
    problem = _name_problem(doc_id)
    if problem:
        raise IngestError(f"file or folder name {problem}: rename it")
    folder_key += keys.get(doc_id, "")
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


def url_from_pattern(source: SourceFile) -> str | None:
    pattern = source.defaults.get("url_pattern")
    if not pattern:
        return None
    return pattern.format(name=source.path.stem, id=source.id)
