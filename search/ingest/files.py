"""Find the bulletin files of a corpus folder, with their folders' defaults, and read them
without ever leaving the corpus.

A corpus is a folder tree of ``.txt`` bulletins and ``.html``/``.htm`` pages saved
from websites. The nearest ``_source.toml`` in a file's folder or above it gives
defaults for every file below it (a site's ``unit``, ``level`` and ``province``, and a
``url_pattern`` such as ``"https://example.vn/tin/{name}.html"``).

Scanning (:func:`scan_corpus`) only hashes files, so an update can tell which files
changed before paying for their analysis (:func:`search.metadata.read_bulletin`); a file
whose size and times are those it was indexed with is not even read again (:func:`file_stamp`).

Only files inside the corpus are read: every file and folder is resolved to its real path
(symbolic links followed) and one that lies outside the corpus folder's real path is
skipped with a reason; links that stay inside work. :func:`read_file_bytes` checks again
when it opens a file, so a link swapped in after the scan is refused too.

Messages (skip reasons, warnings) are Vietnamese, as the command line prints them.
"""

import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import IngestError
from ..knowledge.loader import TOMLDecodeError, parse_toml
from ..limits import MAX_FILE_BYTES, MAX_URL_CHARS
from ..text import compose

BULLETIN_SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}  # .docx, .pdf: office.py
HTML_SUFFIXES = {".html", ".htm"}
SOURCE_FILE = "_source.toml"
# Bump when ingest, metadata, analysis or the schema change what ends up in the index:
# every file's hash changes with it, and an index of another version is rebuilt whole.
PIPELINE_VERSION = "8"

_SOURCE_KEYS = ("level", "province", "unit", "url_pattern")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
# The only substitutions a url_pattern may hold; any other brace is refused.
_URL_FIELD = re.compile(r"\{(name|id)\}")
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in for a file must not block the open
_O_BINARY = getattr(os, "O_BINARY", 0)

OUTSIDE_REASON = "liên kết tượng trưng trỏ ra ngoài kho, không đọc"
GONE_REASON = "tệp đã biến mất (bị xóa hay đổi tên) trong khi lập chỉ mục"
_NOT_A_FILE = "không phải tệp thường (ống, thiết bị hay socket), không đọc"


@dataclass(slots=True)
class SourceFile:
    """A corpus file found by a scan, hashed but not yet read. ``file``: its path (a string:
    a scan of 100,000 files spends no time making Path objects nobody reads)."""

    id: str
    file: str
    content_hash: str
    defaults: dict = field(default_factory=dict)
    stamp: str = ""  # see file_stamp
    relative: str = ""  # its path under the corpus, "/"-separated: what the index stores and shows
    root: str = ""  # the corpus folder's real path: reads never leave it
    correction: dict = field(default_factory=dict)  # its entry in the corpus's _corrections.toml

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass
class Skipped:
    path: str
    reason: str


def is_gone(reason: str) -> bool:
    """True for the reasons that mean a file is no longer part of the corpus (deleted, or
    reached only through a link out of it): its indexed version goes, where an unreadable
    or broken file keeps its own."""
    return reason in (OUTSIDE_REASON, GONE_REASON)


@dataclass(slots=True)
class _Candidate:
    id: str
    file: str
    relative: str
    defaults: dict
    folder_key: str
    info: os.stat_result | None  # the file's own status (its link's target's, for a link)

    @property
    def shown(self) -> str:
        return _printable(self.relative)


def scan_corpus(corpus_dir: Path, known: dict[str, tuple] | None = None,
                warnings: list[str] | None = None, keys: dict[str, str] | None = None
                ) -> tuple[list[SourceFile], list[Skipped]]:
    """Find every bulletin file under ``corpus_dir``, hashed with its folder defaults.

    ``known`` maps bulletin ids to the ``(stamp, content hash[, file])`` they were indexed
    with: a file whose stamp has not changed keeps its hash without being read, and when two
    files make one id (``a.txt`` and a new ``a.html``) the file already indexed keeps it.
    Warnings about folder defaults (``_source.toml``) are added to ``warnings``. ``keys``: what
    else decides how a bulletin is read, by id (its correction), taken into its stamp and hash.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise IngestError(f"không tìm thấy thư mục kho: {corpus_dir}")
    known = known or {}
    warnings = [] if warnings is None else warnings
    root = os.path.realpath(corpus_dir)
    skipped, keys = [], keys or {}
    # By file, the ids indexed with a stamp: such a file, still a plain file with that stamp, is
    # taken as it is (most of a corpus at each update), without the checks a new name gets.
    indexed_ids = {entry[2]: doc_id for doc_id, entry in known.items() if len(entry) > 2 and entry[0]}
    # In the order found, each id's file as indexed (a SourceFile) or the files that make it.
    found: dict[str, SourceFile | list[_Candidate]] = {}
    newcomers: list[tuple[str, _Candidate]] = []  # files beside the indexed file of their id
    for folder, files, defaults in _walk(corpus_dir, root, skipped, warnings):
        # The folder's real path is inside (the walk never leaves the corpus): so is a file
        # of it that is not a link; a link is resolved.
        relative_folder = folder.relative_to(corpus_dir).as_posix()
        under = "" if relative_folder == "." else relative_folder + "/"
        folder_key, folder_name = _folder_key(defaults), os.fspath(folder) + os.sep
        for name in sorted(files):
            unchanged = _unchanged(under + name, folder_name + name, indexed_ids, known, keys, folder_key, defaults, root)
            if unchanged is not None:
                earlier = found.get(unchanged.id)
                newcomers += [(unchanged.id, other) for other in earlier or ()]
                found[unchanged.id] = unchanged
                continue
            stem, suffix = os.path.splitext(name)
            if suffix.lower() not in BULLETIN_SUFFIXES:
                continue
            doc_id = compose(under + stem)  # ba-dinh/so-ket-quy-3.txt -> ba-dinh/so-ket-quy-3
            problem = _name_problem(doc_id)
            if problem:
                skipped.append(Skipped(_printable(under + name), f"tên tệp hay thư mục {problem}: hãy đổi tên"))
                continue
            file = folder_name + name
            info = _own_status(file)
            if info is None and not is_inside(os.path.realpath(file), root):
                skipped.append(Skipped(_printable(under + name), OUTSIDE_REASON))
                continue
            candidate = _Candidate(doc_id, file, under + name, defaults, folder_key, info)
            same_id = found.setdefault(doc_id, [])
            if isinstance(same_id, SourceFile):
                newcomers.append((doc_id, candidate))
            else:
                same_id.append(candidate)
    sources, kept_files = [], {}  # kept_files: the file kept for an id that others share
    for doc_id, entry in found.items():
        if isinstance(entry, SourceFile):
            sources.append(entry)
            continue
        kept = kept_files[doc_id] = _established(entry, known.get(doc_id))
        newcomers += [(doc_id, other) for other in entry if other is not kept]
        try:
            sources.append(_source_file(kept, root, known, keys.get(doc_id, "")))
        except IngestError as error:
            skipped.append(Skipped(kept.shown, str(error)))
    for doc_id, other in newcomers:
        kept_shown = _printable(found[doc_id].relative) if doc_id not in kept_files else kept_files[doc_id].shown
        skipped.append(Skipped(other.shown, _duplicate_reason(doc_id, kept_shown, other.shown)))
    return sources, skipped


def _unchanged(relative: str, file: str, indexed_ids: dict, known: dict, keys: dict, folder_key: str,
               defaults: dict, root: str) -> SourceFile | None:
    """The file at ``relative`` as it was indexed, if it was and its stamp is the same: a plain
    file (not a link), its size, times and inode, its folder's defaults and its correction unchanged."""
    doc_id = indexed_ids.get(relative)
    if doc_id is None:
        return None
    info = _own_status(file)
    if info is None:
        return None
    key = keys.get(doc_id)
    stamp = file_stamp(file, folder_key + key if key else folder_key, info)
    stamp_then, content_hash = known[doc_id][:2]
    if not stamp or stamp != stamp_then:
        return None
    return SourceFile(doc_id, file, content_hash, defaults, stamp, relative, root)


def _established(same_id: list[_Candidate], indexed) -> _Candidate:
    """Of the files that make one id, the one the index holds (a newcomer beside it is the
    one reported), else the first found."""
    if len(same_id) == 1:
        return same_id[0]
    indexed_file = indexed[2] if indexed and len(indexed) > 2 else None
    return next((candidate for candidate in same_id if candidate.relative == indexed_file), same_id[0])


# What makes two different names one id once composed, and how to say it.
_LOOKALIKES = (
    ("\u00a0", "một tên có dấu cách không ngắt (U+00A0) ở chỗ tên kia có dấu cách"),
    ("\ufeff", "một tên có dấu BOM (U+FEFF), vô hình"),
    ("\u00d0\u00f0", "một tên viết chữ eth Ð/ð (U+00D0) thay cho Đ/đ"),
)


def _duplicate_reason(doc_id: str, kept: str, other: str) -> str:
    (kept_stem, kept_suffix), (other_stem, other_suffix) = os.path.splitext(kept), os.path.splitext(other)
    if kept_stem == other_stem:
        return f"trùng mã bản tin '{doc_id}' với {kept} (chỉ khác phần đuôi), giữ {kept}: đổi tên một trong hai"
    why = [description for characters, description in _LOOKALIKES
           if any(kept.count(c) != other.count(c) for c in characters)]
    if unicodedata.is_normalized("NFC", kept) != unicodedata.is_normalized("NFC", other):
        why.append("một tên lưu dấu tiếng Việt ở dạng tách rời (NFD)")
    if kept_suffix != other_suffix:
        why.append("hai tên khác phần đuôi")
    return f"trùng tên với {kept} ({'; '.join(why) or 'khác cách viết'}), giữ {kept}: xóa hay đổi tên một trong hai"


def _walk(corpus_dir: Path, root: str, skipped: list[Skipped], warnings: list[str]):
    """Like ``os.walk`` (symlinks followed, loops cut, never out of the corpus), with each
    folder's merged ``_source.toml``.

    Yields ``(folder, file names, defaults)``; folders that cannot be listed, loops and
    links out of the corpus are added to ``skipped``, problems of ``_source.toml`` files to
    ``warnings``.
    """
    defaults_by_folder = {}
    seen_real_folders = set()

    def on_error(error: OSError):
        folder = Path(error.filename) if error.filename else corpus_dir
        skipped.append(Skipped(_display(corpus_dir, folder), f"không liệt kê được thư mục: {error.strerror}"))

    for folder, subfolders, files in os.walk(corpus_dir, followlinks=True, onerror=on_error):
        folder = Path(folder)
        real = os.path.realpath(folder)
        if real in seen_real_folders:
            subfolders[:] = []
            skipped.append(Skipped(_display(corpus_dir, folder), "vòng liên kết tượng trưng: thư mục đã đọc rồi"))
            continue
        seen_real_folders.add(real)
        inside = []
        for name in sorted(subfolders):
            if is_inside(os.path.realpath(folder / name), root):
                inside.append(name)
            else:
                skipped.append(Skipped(_display(corpus_dir, folder / name), OUTSIDE_REASON))
        subfolders[:] = inside
        inherited = defaults_by_folder.get(folder.parent, {}) if folder != corpus_dir else {}
        defaults = dict(inherited)
        if SOURCE_FILE in files:
            shown = _display(corpus_dir, folder / SOURCE_FILE)
            defaults.update(read_source_file(folder / SOURCE_FILE, root, shown, warnings))
        defaults_by_folder[folder] = defaults
        yield folder, files, defaults


def read_source_file(path: Path, root: str, shown: str, warnings: list[str]) -> dict:
    """The defaults a ``_source.toml`` gives. A key it does not know, a value that is not
    text, or a ``url_pattern`` with anything but ``{name}`` and ``{id}`` is left out with a
    warning naming the file and the key; the rest still applies."""
    try:
        data = parse_toml(read_file_bytes(path, root).decode("utf-8"))
    except (IngestError, TOMLDecodeError, UnicodeDecodeError) as error:
        warnings.append(f"{shown}: không đọc được, bỏ qua thiết lập của thư mục: {error}")
        return {}
    defaults = {}
    for key, value in data.items():
        if key not in _SOURCE_KEYS:
            warnings.append(f"{shown}: khóa '{key}' không được biết (chỉ dùng {', '.join(_SOURCE_KEYS)}), "
                            f"bỏ qua khóa này")
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            warnings.append(f"{shown}: {key} phải là một chuỗi chữ, bỏ qua")
        elif key == "url_pattern" and (problem := url_pattern_problem(str(value))):
            warnings.append(f"{shown}: url_pattern {problem}, bỏ qua url_pattern")
        else:
            defaults[key] = compose(str(value)).strip()
    return defaults


def url_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a url_pattern, or None: only ``{name}`` and ``{id}`` are
    substituted, nothing is evaluated (no format spec, no attribute), its length is bounded."""
    if len(pattern) > MAX_URL_CHARS:
        return f"dài quá {MAX_URL_CHARS} ký tự"
    rest = _URL_FIELD.sub("", pattern)
    if "{" in rest or "}" in rest:
        braces = re.findall(r"\{[^{}]{0,40}\}?", pattern)
        unknown = [brace for brace in braces if not _URL_FIELD.fullmatch(brace)]
        shown = f"'{unknown[0]}'" if unknown else "'{' hay '}' lẻ"
        return f"có {shown}: chỉ thay được {{name}} (tên tệp) và {{id}} (mã bản tin)"
    return None


def url_from_pattern(source: SourceFile) -> str | None:
    """The bulletin's address from its folder's url_pattern (``{name}``: the file name
    without extension, ``{id}``: the bulletin id), or None when none applies or it would
    be longer than the limit."""
    pattern = source.defaults.get("url_pattern")
    if not pattern or url_pattern_problem(pattern):
        return None
    fields = {"name": source.path.stem, "id": source.id}
    url = _URL_FIELD.sub(lambda match: fields[match.group(1)], pattern)
    return url if len(url) <= MAX_URL_CHARS else None


def _own_status(file: str) -> os.stat_result | None:
    """The status of a file that is no link (one ``lstat``: it is the file's own), None for a
    link, to be followed (and checked to stay in the corpus), or a file that cannot be looked at."""
    try:
        info = os.lstat(file)
    except OSError:
        return None
    return None if stat.S_ISLNK(info.st_mode) else info


def _source_file(candidate: _Candidate, root: str, known: dict, key: str = "") -> SourceFile:
    """``key``: what else decides how the file is read (its correction), taken into its stamp and hash."""
    folder_key = candidate.folder_key + key
    stamp = file_stamp(candidate.file, folder_key, candidate.info)
    indexed = known.get(candidate.id) or ("", "")
    if stamp and stamp == indexed[0]:
        content_hash = indexed[1]
    else:
        digest = hashlib.sha256(read_file_bytes(candidate.file, root))
        digest.update(folder_key.encode())
        content_hash = digest.hexdigest()
    return SourceFile(candidate.id, candidate.file, content_hash, candidate.defaults, stamp,
                      relative=candidate.relative, root=root)


def _folder_key(defaults: dict) -> str:
    """What besides its bytes decides how a file is read: its folder defaults, the pipeline."""
    return repr(sorted(defaults.items())) + PIPELINE_VERSION


def file_stamp(path, folder_key: str, info: os.stat_result | None = None) -> str:
    """What tells, without reading it, that a file is as it was (the quick check of make
    and rsync): its size, modification and change times and inode, with its folder's
    defaults and the pipeline it is read with. "" when the file cannot be looked at.

    Any write changes the change time, even one that restores the modification time;
    ``bantin index --full`` re-reads everything whatever the stamps say. A corpus folder
    that moved is told by the build (the generation records the corpus), which then
    trusts no stamp.
    """
    if info is None:
        try:
            info = os.stat(path)
        except OSError:
            return ""
    if not stat.S_ISREG(info.st_mode):
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{_folder_stamp(folder_key)}"


@lru_cache(maxsize=1024)
def _folder_stamp(folder_key: str) -> str:
    return hashlib.sha1(folder_key.encode()).hexdigest()[:16]


def is_inside(real_path: str, root: str) -> bool:
    """True if ``real_path`` (resolved) is ``root`` or lies under it."""
    return real_path == root or real_path.startswith(root.rstrip(os.sep) + os.sep)


def read_file_bytes(path: Path, root: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``, else :class:`IngestError`.

    With ``root`` (the corpus folder's real path), the file's real path must lie under it:
    it is resolved, checked, and that real path opened without following a link, so a
    link swapped in meanwhile is refused rather than followed out of the corpus.

    A named pipe or a link to a device (``/dev/zero``) named ``*.txt`` would block or
    never end, so only regular files are read, and never more than the limit.
    """
    path = Path(path)
    target = os.path.realpath(path) if root is not None else str(path)
    if root is not None and not is_inside(target, root):
        raise IngestError(OUTSIDE_REASON)
    flags = os.O_RDONLY | _O_NONBLOCK | _O_BINARY | (_O_NOFOLLOW if root is not None else 0)
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):  # never open a device or a pipe
            raise IngestError(_NOT_A_FILE)
        descriptor = os.open(target, flags)
    except OSError as error:
        raise IngestError(_open_failure(path, error)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(_NOT_A_FILE)
        if info.st_size > MAX_FILE_BYTES:
            raise IngestError(_too_large(info.st_size))
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise IngestError(f"không đọc được: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(raw) > MAX_FILE_BYTES:
        raise IngestError(_too_large(len(raw)))
    return raw


def _too_large(size: int) -> str:
    return f"quá lớn cho một bản tin ({size / 2**20:.1f} MB > {MAX_FILE_BYTES / 2**20:.0f} MB)"


def _open_failure(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return "liên kết tượng trưng hỏng (trỏ vào tệp không có)"
        return GONE_REASON
    if error.errno == errno.ELOOP:  # a link swapped in after the real path was resolved
        return "tệp bị thay bằng một liên kết tượng trưng trong khi lập chỉ mục, không đọc"
    if error.errno == errno.ENXIO:  # a socket, or a pipe nobody writes to
        return _NOT_A_FILE
    return f"không đọc được: {error.strerror or error}"


def _name_problem(doc_id: str) -> str | None:
    """Why a bulletin id cannot be used in a URL or the index, or None.

    Bytes that are not UTF-8 reach Python as surrogate escapes, which the index cannot
    store; a line break or other control character cannot be part of a web address.
    """
    try:
        doc_id.encode("utf-8")
    except UnicodeEncodeError:
        return "không phải UTF-8 hợp lệ"
    if _CONTROL_CHARACTER.search(doc_id):
        return "chứa ký tự điều khiển (xuống dòng, tab ...)"
    return None


def _display(corpus_dir: Path, path: Path) -> str:
    """The path under the corpus, printable even when its name is not valid UTF-8."""
    try:
        return _printable(path.relative_to(corpus_dir).as_posix())
    except ValueError:
        return _printable(str(path))


def _printable(name: str) -> str:
    return os.fsencode(name).decode("utf-8", errors="replace")
