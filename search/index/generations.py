"""Index generations on disk, so that an update never leaves a broken index behind, and a
damaged one is told and rebuilt.

Layout of an index folder::

    index/
      CURRENT                            name of the live generation, replaced atomically
      gen-000007-20261206T171210-3fa2/   a complete Whoosh index plus bantin.json (build
                                         facts and the manifest of its files) and files.json
      BUILD_LOCK                         held (an OS file lock) by the one update running

Every update writes a *new* generation: it hard-links the live generation's files
(Whoosh never rewrites a segment file once written), lets Whoosh add, replace and
delete documents there, commits, flushes every file and the folder to the disk, and only
then points ``CURRENT`` at it (written, flushed, renamed over the old one, the folder
flushed). A run that is killed, fails or finds the disk full leaves ``CURRENT`` on the
previous generation, which stays complete and searchable; its leftovers are removed.

A generation's name is its number (one more than any before it) and the time it was made
with a random tail: it sorts by number, and is never the name of a generation that existed
before, even after ``rm -rf index``, so a running server always sees a rebuilt index as new.

``bantin.json`` holds the size and SHA-256 of every file of the generation, written once
it is complete. :func:`verify_generation` compares them (sizes only, or hashes too) and
opens the table of contents: an update checks the live generation so before it hard-links
anything from it, and rebuilds everything if it is damaged; ``bantin index --check``
(:func:`check_index`) checks the hashes.
"""

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
from pathlib import Path

from whoosh import index as whoosh_index

from ..errors import IndexDamaged, IndexMissing

CURRENT_FILE = "CURRENT"
META_FILE = "bantin.json"
FILES_FILE = "files.json"  # (file stamp, content hash, file under the corpus) of each indexed bulletin, by id
GENERATION_PREFIX = "gen-"
_GENERATION_NAME = re.compile(r"gen-(\d{6,})(-[0-9A-Za-z-]{1,40})?")
REBUILD_HINT = "'bantin index --full' dựng lại nó"  # how every IndexDamaged message ends


# --- which generation is live -------------------------------------------------------------------

def generation_number(name: str) -> int | None:
    """``gen-000007-...`` -> 7; None for a name that is not a generation's."""
    match = _GENERATION_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def read_current(index_dir: Path) -> str | None:
    """The generation ``CURRENT`` names; None if there is no ``CURRENT``; IndexDamaged if it
    cannot be read or does not hold a generation's name."""
    path = Path(index_dir) / CURRENT_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        what = "là một thư mục" if path.is_dir() else f"không đọc được ({error.strerror or error})"
        raise IndexDamaged(f"chỉ mục ở {index_dir} bị hỏng: tệp CURRENT {what}; {REBUILD_HINT}") from None
    name = raw.decode("ascii", errors="replace").strip()
    if generation_number(name) is None:
        raise IndexDamaged(f"chỉ mục ở {index_dir} bị hỏng: tệp CURRENT không chứa tên một thế hệ chỉ mục; "
                           f"{REBUILD_HINT}")
    return name


def find_live(index_dir: Path) -> Path | None:
    """The live generation's folder; None when the folder holds no index yet (no
    ``CURRENT``); IndexDamaged when ``CURRENT`` is unreadable or names a missing folder."""
    name = read_current(Path(index_dir))
    if name is None:
        return None
    path = Path(index_dir) / name
    if not path.is_dir():
        raise IndexDamaged(f"chỉ mục ở {index_dir} bị hỏng: CURRENT trỏ tới {name}, thư mục này không còn; "
                           f"{REBUILD_HINT}")
    return path


def live_generation(index_dir) -> Path:
    """The folder of the live Whoosh index, or :class:`IndexMissing` (:class:`IndexDamaged`
    when there is one that cannot be used). Cheap: reads ``CURRENT``, opens nothing."""
    live = find_live(Path(index_dir))
    if live is None:
        raise IndexMissing(f"chưa có chỉ mục ở {index_dir}: hãy dựng nó bằng lệnh 'bantin index'")
    return live


def open_live(index_dir):
    """Open the live index for reading: ``(whoosh index, generation folder)``; IndexDamaged
    if its table of contents does not open."""
    live = live_generation(index_dir)
    return open_generation(live), live


def open_generation(generation: Path):
    """The Whoosh index of one generation, or IndexDamaged saying why it does not open."""
    ix, problem = _open(generation)
    if problem:
        raise IndexDamaged(f"chỉ mục ở {generation.parent} bị hỏng: {generation.name}: {problem}; {REBUILD_HINT}")
    return ix


def _open(generation: Path):
    """``(whoosh index, None)``, or ``(None, why it does not open)``."""
    try:
        ix = whoosh_index.open_dir(str(generation))
        if ix.latest_generation() < 0:
            raise whoosh_index.EmptyIndexError("no table of contents")
        return ix, None
    except Exception as error:  # an empty, cut or garbled table of contents: anything may be raised
        return None, f"mục lục (tệp .toc) không mở được ({_reason(error)})"


# --- checking a generation -----------------------------------------------------------------------

def verify_generation(generation: Path, thorough: bool = False) -> list[str]:
    """What is wrong with a generation, in Vietnamese, or [] if it is sound.

    Every file its manifest lists must be there with its size (``thorough``: and its
    SHA-256), and its table of contents must open with each segment's files. A generation
    without a manifest (built before manifests) is read through instead when ``thorough``.
    """
    problems = []
    manifest = read_meta(generation).get("files")
    if isinstance(manifest, dict):
        for name, expected in sorted(manifest.items()):
            problem = _file_problem(generation / name, expected, thorough)
            if problem:
                problems.append(f"{name} {problem}")
    elif thorough:
        problems.append("thiếu bảng kê tệp (bantin.json), nên đọc lại toàn bộ")
    ix, problem = _open(generation)
    if problem:
        return problems + [problem]
    try:
        with ix.reader() as reader:
            if thorough and not isinstance(manifest, dict):
                _read_through(reader)
    except Exception as error:  # a segment file missing, cut or unreadable
        problems.append(f"không đọc được các đoạn chỉ mục ({_reason(error)})")
    return problems


def check_index(index_dir, corpus_dir=None) -> dict:
    """Check the live generation thoroughly (``bantin index --check``): facts about it when
    it is sound; IndexMissing if there is none, IndexDamaged naming what is wrong (one line).

    With ``corpus_dir``, ``corpus_matches`` tells whether the index was built from it."""
    live = live_generation(index_dir)
    problems = verify_generation(live, thorough=True)
    if problems:
        shown = "; ".join(problems[:3]) + (f" (và {len(problems) - 3} lỗi khác)" if len(problems) > 3 else "")
        raise IndexDamaged(f"chỉ mục ở {index_dir} bị hỏng: {live.name}: {shown}; {REBUILD_HINT}")
    meta = read_meta(live)
    facts = {"generation": live.name, "documents": meta.get("documents"), "files": len(meta.get("files") or {}),
             "built_at": meta.get("built_at")}
    if corpus_dir is not None:
        facts["corpus_matches"] = meta.get("corpus") == str(Path(corpus_dir).resolve())
    return facts


def _file_problem(path: Path, expected, thorough: bool) -> str | None:
    try:
        size, digest = expected
        actual = path.stat().st_size
    except (TypeError, ValueError):
        return "có mục lạ trong bảng kê"
    except OSError:
        return "bị mất"
    if actual != size:
        return f"dài {actual} byte, lẽ ra {size}"
    if thorough and file_digest(path) != digest:
        return "đã bị thay đổi (SHA-256 khác)"
    return None


def _read_through(reader) -> None:
    """Read every posting list and every stored document (slow: only without a manifest)."""
    for fieldname, text in reader.all_terms():
        reader.postings(fieldname, text).all_ids()
    for _ in reader.all_stored_fields():
        pass


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())[:80]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- making a generation ------------------------------------------------------------------------

def new_generation(index_dir: Path, copy_from: Path | None) -> Path:
    """A new, empty generation folder (the live one's files hard-linked in when given)."""
    generation = index_dir / _new_name(index_dir)
    generation.mkdir()
    if copy_from is not None:
        for item in copy_from.iterdir():
            # Not Whoosh's MAIN_WRITELOCK: shared between generations by a hard link, a lock on
            # the new generation's would lock the live one's too.
            if (item.is_file() and item.name not in (META_FILE, FILES_FILE)
                    and not item.name.upper().endswith("LOCK")):
                _link_or_copy(item, generation / item.name)
    return generation


def _new_name(index_dir: Path) -> str:
    numbers = [generation_number(path.name) for path in index_dir.glob(GENERATION_PREFIX + "*")]
    try:
        current = read_current(index_dir)
    except IndexDamaged:
        current = None
    numbers.append(generation_number(current) if current else None)
    number = max((n for n in numbers if n is not None), default=0) + 1
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    return f"{GENERATION_PREFIX}{number:06d}-{stamp}-{secrets.token_hex(2)}"


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # file systems without hard links
        shutil.copy2(source, target)


def remove_generation(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def switch_to(index_dir: Path, generation: Path, previous: Path | None = None) -> None:
    """Make ``generation`` live: its files and folder flushed to the disk first, then
    ``CURRENT`` replaced (written, flushed, renamed over, the index folder flushed), so a
    power cut leaves either the old generation live or the new one complete. Files
    hard-linked from ``previous`` (the live generation, flushed before it was switched to)
    are not flushed again: the new folder's flush makes their links durable."""
    make_durable(generation, previous)
    current = index_dir / CURRENT_FILE
    if current.is_dir() and not current.is_symlink():  # a damaged index: CURRENT made a folder
        try:
            current.rmdir()
        except OSError:
            current.rename(index_dir / f"{CURRENT_FILE}.hong-{secrets.token_hex(3)}")
    write_new_file(current, generation.name, durable=True)


def make_durable(generation: Path, previous: Path | None = None) -> None:
    """fsync every file of the generation (Whoosh's locks aside, and files that are
    ``previous``'s own, hard-linked), then its folder."""
    for item in generation.iterdir():
        if item.is_file() and not item.name.upper().endswith("LOCK") \
                and not (previous is not None and _same_file(item, previous / item.name, item.stat())):
            fsync_path(item)
    fsync_path(generation, folder=True)


def fsync_path(path: Path, folder: bool = False) -> None:
    """Flush a file, or a folder's entries, to the disk (folders: POSIX only)."""
    if folder and os.name != "posix":
        return
    try:
        descriptor = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if folder else 0))
    except OSError:
        if folder:
            return
        raise
    try:
        os.fsync(descriptor)
    except OSError:
        if not folder:  # some file systems cannot flush a folder; a file must be flushed
            raise
    finally:
        os.close(descriptor)


def sweep_leftovers(index_dir: Path) -> None:
    """Remove generations other than the live one and the one before it.

    The previous generation is kept because a server may still be answering a
    request from it; failed or interrupted builds (never made live) go. With a damaged
    ``CURRENT`` no generation is live: all go, the update rebuilds.
    """
    try:
        live = find_live(index_dir)
    except IndexDamaged:
        live = None
    for leftover in index_dir.glob(f"{CURRENT_FILE}.tmp"):
        leftover.unlink(missing_ok=True)
    generations = sorted(index_dir.glob(GENERATION_PREFIX + "*"), key=_order)
    keep = {live} if live else set()
    if live is not None:
        older = [g for g in generations if _order(g) < _order(live) and (g / META_FILE).exists()]
        keep.update(older[-1:])
    for generation in generations:
        if generation not in keep:
            remove_generation(generation)


def _order(generation: Path) -> tuple:
    number = generation_number(generation.name)
    return (number if number is not None else -1, generation.name)


def write_new_file(path: Path, text: str, durable: bool = False) -> None:
    """Replace ``path`` atomically with a new file: a reader sees the old text or the new,
    and a hard link shared with another generation is never written through. ``durable``:
    the new file is flushed before the rename and the folder after it."""
    partial = path.with_name(path.name + ".tmp")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if durable:
        fsync_path(path.parent, folder=True)


def write_meta(generation: Path, corpus_dir, report, pipeline_version: str, previous: Path | None = None) -> None:
    """bantin.json: the build's facts, and the manifest (size and SHA-256) of every other
    file of the generation; the hashes of files hard-linked from ``previous`` are reused."""
    meta = {
        "pipeline_version": pipeline_version,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(Path(corpus_dir).resolve()),
        "documents": report.documents,
        "seconds": round(report.seconds, 2),
        "files": manifest(generation, previous),
    }
    write_new_file(generation / META_FILE, json.dumps(meta, ensure_ascii=False, indent=1))


def manifest(generation: Path, previous: Path | None = None) -> dict[str, list]:
    """``{file name: [size, sha256]}`` of the generation's files (not bantin.json, not locks)."""
    known = read_meta(previous).get("files") if previous is not None else None
    known = known if isinstance(known, dict) else {}
    files = {}
    for item in sorted(generation.iterdir()):
        if not item.is_file() or item.name == META_FILE or item.name.upper().endswith("LOCK") \
                or item.name.endswith(".tmp"):
            continue
        info = item.stat()
        earlier = previous / item.name if previous is not None else None
        if item.name in known and earlier is not None and _same_file(item, earlier, info):
            files[item.name] = known[item.name]
        else:
            files[item.name] = [info.st_size, file_digest(item)]
    return files


def _same_file(path: Path, other: Path, info) -> bool:
    try:
        before = other.stat()
    except OSError:
        return False
    return (before.st_ino, before.st_dev, before.st_size) == (info.st_ino, info.st_dev, info.st_size)


def read_meta(generation: Path | None) -> dict:
    if generation is None:
        return {}
    try:
        meta = json.loads((generation / META_FILE).read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def build_facts(index_dir) -> dict:
    """Facts about the live generation: build time, corpus, size on disk."""
    live = live_generation(index_dir)
    facts = read_meta(live)
    facts.pop("files", None)
    facts["generation"] = live.name
    facts["size_bytes"] = sum(p.stat().st_size for p in live.iterdir() if p.is_file())
    return facts
