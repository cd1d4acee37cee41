"""Build and update the index from a corpus folder, never leaving a broken one behind.

Each update writes a new generation (:mod:`search.index.generations`) and switches to it
only when it is complete and flushed to the disk. Reading, analysis (the segmenter) and
writing of changed files run in worker processes (:mod:`search.index.workers`), each
writing a segment of its own; this process deletes replaced and removed bulletins and
commits the new segments together.

What can go wrong, and what happens:

- the live generation is damaged (``CURRENT`` unreadable, a table of contents that does not
  open, files cut short): it is never reused; the update rebuilds everything, with a warning;
- the disk fills up, a write fails, a worker process is killed: :class:`IndexWriteFailed`
  (one line), the partial generation removed, the previous one still live;
- the corpus folder moved: no file stamp is trusted, every file is read again (bulletins
  whose content did not change are not analysed again).
"""

import errno
import gc
import json
import os
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from ..errors import IndexBusy, IndexDamaged, IndexWriteFailed
from ..ingest.corrections import read_corrections
from ..ingest.files import PIPELINE_VERSION, Skipped, is_gone, scan_corpus
from .generations import (FILES_FILE, REBUILD_HINT, find_live, new_generation, read_current,
                          read_meta, remove_generation, switch_to, sweep_leftovers, verify_generation,
                          write_meta, write_new_file)
from .postings import write_as_flushed, write_missing_for
from .schema import make_schema
from .whoosh_internals import index_writer
from .workers import AnalysisPool, write_here, write_in_workers

LOCK_NAME = "BUILD"
# Below this many files to read, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40
# From this many bulletins, the scan of the corpus outlasts the loading of the analysis's data
# (0.2 s), which an update then does in a helper process meanwhile.
WARM_HELPER_DOCUMENTS = 20_000
# Segments of fewer bulletins (updates') are merged together, MERGE_FANIN of a size at a time.
SMALL_SEGMENT_DOCS = 1_000
MERGE_FANIN = 10
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


@dataclass
class BuildReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)    # [Skipped]
    warnings: list = field(default_factory=list)   # ["path: message"]
    seconds: float = 0.0
    documents: int = 0
    generation: str = ""


def update_index(corpus_dir, index_dir, full: bool = False, workers: int | None = None,
                 progress: bool = False) -> BuildReport:
    """Bring the index at ``index_dir`` in line with ``corpus_dir``; see the module docstring."""
    started = time.monotonic()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(index_dir)).lock(LOCK_NAME)
    if not lock.acquire(blocking=False):
        raise IndexBusy(f"một lệnh 'bantin index' khác đang cập nhật {index_dir}; hãy chạy lại khi lệnh đó xong")
    generation = helper = None
    try:
        sweep_leftovers(index_dir)
        report = BuildReport()
        live = None if full else _reusable_live(index_dir, report)
        workers = workers or os.cpu_count() or 1
        helper = _warm_helper(live, workers, lock.fd)
        with _collection_paused():
            indexed = _indexed_files(live, corpus_dir) if live is not None else {}
            corrections = read_corrections(Path(corpus_dir))
            sources, report.skipped = scan_corpus(Path(corpus_dir), known=indexed, warnings=report.warnings,
                                                  keys=corrections.keys())
        report.warnings += corrections.warnings + corrections.attach(sources, report.skipped)
        generation = new_generation(index_dir, copy_from=live)
        ix = (whoosh_index.open_dir(str(generation)) if live is not None
              else whoosh_index.create_in(str(generation), make_schema()))
        files = _apply_changes(ix, sources, indexed, report, workers, progress, lock.fd, helper)
        write_missing_for(ix)  # each new segment's postings as arrays (search/index/postings.py)
        report.documents = ix.doc_count()
        ix.close()
        report.seconds = time.monotonic() - started
        report.generation = generation.name
        write_new_file(generation / FILES_FILE, json.dumps(files, ensure_ascii=False))
        write_meta(generation, corpus_dir, report, PIPELINE_VERSION, previous=live)
        switch_to(index_dir, generation, previous=live)
        return report
    except OSError as error:
        raise IndexWriteFailed(_write_failure(index_dir, error)) from None
    finally:
        if helper is not None:
            helper.close()
        gc.unfreeze()
        if generation is not None and not _is_live(index_dir, generation):
            remove_generation(generation)  # failed, interrupted or refused: nothing partial stays
        lock.release()


@contextmanager
def _collection_paused():
    """Python's cycle collector paused while the scan makes a few objects per corpus file, and
    those objects then kept out of its sight until the update ends: it went through them all
    again and again (a third of an update's time at 100,000 files). They hold no cycles; the
    analysis, which makes cyclic garbage, runs with the collector on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _warm_helper(live: Path | None, workers: int, lock_fd: int) -> AnalysisPool | None:
    """For an update of a large index, a worker process started before the scan of the corpus,
    loading the analysis's data meanwhile, to read the few changed files the scan will find."""
    if live is None or workers < 2 or (read_meta(live).get("documents") or 0) < WARM_HELPER_DOCUMENTS:
        return None
    return AnalysisPool(1, lock_fd, warm=True)


def _reusable_live(index_dir: Path, report: BuildReport) -> Path | None:
    """The live generation if an update can build on it; None to rebuild everything (no
    index yet, an older pipeline, or damage, which adds a warning)."""
    try:
        live = find_live(index_dir)
    except IndexDamaged as damaged:
        report.warnings.append(str(damaged).removesuffix(REBUILD_HINT) + "dựng lại toàn bộ từ kho")
        return None
    if live is None or read_meta(live).get("pipeline_version") != PIPELINE_VERSION:
        return None
    problems = verify_generation(live)
    if problems:
        shown = "; ".join(problems[:2]) + (" ..." if len(problems) > 2 else "")
        report.warnings.append(f"chỉ mục ở {index_dir} bị hỏng: {live.name}: {shown}; dựng lại toàn bộ từ kho")
        return None
    return live


def _is_live(index_dir: Path, generation: Path) -> bool:
    try:
        return read_current(index_dir) == generation.name
    except IndexDamaged:
        return False


def _write_failure(index_dir: Path, error: OSError) -> str:
    """One line: what failed, that nothing changed, what to do."""
    if error.errno in _DISK_FULL:
        cause, remedy = f"ổ đĩa đầy, hết chỗ trống ({error.strerror or 'No space left on device'})", "giải phóng chỗ"
    else:
        cause, remedy = f"lỗi ghi ({error.strerror or error})", "khắc phục lỗi"
    return (f"không ghi được chỉ mục vào {index_dir}: {cause}; chỉ mục không thay đổi, phần dở dang đã xóa; "
            f"hãy {remedy} rồi chạy lại 'bantin index'")


def _apply_changes(ix, sources, indexed: dict, report: BuildReport, workers: int, progress, lock_fd: int,
                   helper: AnalysisPool | None = None) -> dict:
    """Write the changes into ``ix`` (a few files in ``helper`` if there is one, else in this
    process; many in worker processes); returns ``(file stamp, content hash, file)`` by id of
    what it then holds, to be saved as the generation's files.json."""
    to_read = [source for source in sources if indexed.get(source.id, ("", ""))[1] != source.content_hash]
    report.unchanged = len(sources) - len(to_read)
    files = dict(indexed)
    # Unchanged content under a new stamp (a copied or touched file): the new stamp, so
    # the next update need not read the file again.
    files.update((source.id, (source.stamp, source.content_hash, source.relative)) for source in sources)
    present = {source.id for source in sources}
    # A file still present but unreadable now keeps its indexed version: nothing is lost.
    failed_paths = {skip.path for skip in report.skipped if not is_gone(skip.reason)}
    writer = index_writer(ix, write_as_flushed)  # deletes, merges small segments, commits
    try:
        for doc_id in indexed.keys() - present:
            if not _still_on_disk(doc_id, failed_paths):
                writer.delete_by_term("id", doc_id)
                del files[doc_id]
                report.removed += 1
        if workers > 1 and len(to_read) >= PARALLEL_THRESHOLD:
            outcomes, new_segments = write_in_workers(ix, to_read, workers, progress, lock_fd)
        elif helper is not None and to_read:
            outcomes, new_segments = helper.write(ix, to_read, progress)
        else:
            outcomes, new_segments = write_here(ix, to_read, progress)
        for source, (warnings, error) in zip(to_read, outcomes):
            report.warnings += [f"{source.id}: {message}" for message in warnings]
            if error and is_gone(error) and source.id in indexed:  # deleted meanwhile: it goes
                report.skipped.append(Skipped(source.relative or source.id + source.path.suffix, error))
                writer.delete_by_term("id", source.id)
                del files[source.id]
                report.removed += 1
            elif error:
                report.skipped.append(Skipped(source.relative or source.id + source.path.suffix, error))
                _keep_indexed_version(files, indexed, source.id)
            elif source.id in indexed:
                writer.delete_by_term("id", source.id)  # the old version; the new one is in a new segment
                report.updated += 1
            else:
                report.added += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=lambda writer, segments: _merge_small(writer, segments) + new_segments)
    return files


def _merge_small(writer, segments) -> list:
    """The segments to keep as they are; the small segments of earlier updates merged into the
    writer's new segment a tier at a time (1-9 bulletins, 10-99, 100-999) once ``MERGE_FANIN``
    share a tier. So an update rewrites few bulletins on average (merging every small segment
    each time rewrote up to a thousand bulletins, in pure Python, at every update) and their
    number stays bounded. Not Whoosh's ``MERGE_SMALL``: once a build has written twenty
    segments it merges most of them into one, in pure Python (an update of three files at
    100,000 bulletins ran for minutes and gigabytes)."""
    tiers = defaultdict(list)
    for segment in segments:
        if (count := segment.doc_count_all()) < SMALL_SEGMENT_DOCS:
            tiers[len(str(count))].append(segment)
    merged = [segment for tier in tiers.values() if len(tier) >= MERGE_FANIN for segment in tier]
    for segment in merged:
        writer.add_reader(SegmentReader(writer.storage, writer.schema, segment))
    return [segment for segment in segments if segment not in merged]


def _keep_indexed_version(files: dict, indexed: dict, doc_id: str) -> None:
    """A file that could not be read keeps its indexed version, and its old entry."""
    if doc_id in indexed:
        files[doc_id] = indexed[doc_id]
    else:
        del files[doc_id]


def _still_on_disk(doc_id: str, failed_paths: set[str]) -> bool:
    """True if the bulletin's file, or a folder above it, exists but could not be read."""
    return any(Path(path).with_suffix("").as_posix() == doc_id or doc_id.startswith(path + "/")
               for path in failed_paths)


def _indexed_files(generation: Path, corpus_dir) -> dict[str, tuple[str, str, str]]:
    """Each indexed bulletin's ``(file stamp, content hash, file under the corpus)``, by id:
    the generation's files.json (one read, where the index's columns take seconds at 100,000
    bulletins), or the content hashes in the index if it is missing or unreadable. Stamps
    are dropped (every file is read again) when the corpus is not the one it was built from."""
    moved = read_meta(generation).get("corpus") != str(Path(corpus_dir).resolve())
    try:
        saved = json.loads((generation / FILES_FILE).read_text(encoding="utf-8"))
        entries = {doc_id: (stamp, content_hash, *rest[:1]) for doc_id, (stamp, content_hash, *rest) in saved.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        entries = _indexed_hashes(generation)
    if moved:
        entries = {doc_id: ("", *entry[1:]) for doc_id, entry in entries.items()}
    return entries


def _indexed_hashes(generation: Path) -> dict[str, tuple]:
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        if reader.doc_count_all() == 0:
            return {}
        ids, hashes = (list(reader.column_reader(name)) for name in ("id", "content_hash"))
        return {ids[n]: ("", hashes[n]) for n in reader.all_doc_ids()}
