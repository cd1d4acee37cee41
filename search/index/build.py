"""Build and update the index from a corpus folder, never leaving a broken one behind.

Each update writes a new generation (:mod:`search.index.generations`) and switches to it
only when it is complete. Reading, analysis (pyvi) and writing of changed files run in
worker processes (:mod:`search.index.workers`), each writing a segment of its own; this
process deletes replaced and removed bulletins and commits the new segments together.
"""

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import MERGE_SMALL

from ..errors import IndexBusy
from ..ingest.files import Skipped, scan_corpus
from .generations import (FILES_FILE, PIPELINE_VERSION, find_live, new_generation, read_meta, switch_to,
                          sweep_leftovers, write_meta, write_new_file)
from .postings import write_missing_for
from .schema import make_schema
from .workers import WRITER_LIMIT_MB, read_one, write_here, write_in_workers

LOCK_NAME = "BUILD"
# Below this many files to read, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40


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
    try:
        sweep_leftovers(index_dir)
        report = BuildReport()
        live = None if full else find_live(index_dir)
        if live is not None and read_meta(live).get("pipeline_version") != PIPELINE_VERSION:
            live = None  # built by an older pipeline: rebuild everything
        workers = workers or os.cpu_count() or 1
        indexed = _indexed_files(live) if live is not None else {}
        sources, report.skipped = scan_corpus(Path(corpus_dir), known=indexed)
        generation = new_generation(index_dir, copy_from=live)
        ix = (whoosh_index.open_dir(str(generation)) if live is not None
              else whoosh_index.create_in(str(generation), make_schema()))
        files = _apply_changes(ix, sources, indexed, report, workers, progress, lock.fd)
        write_missing_for(ix)  # each new segment's postings as arrays (search/index/postings.py)
        report.documents = ix.doc_count()
        ix.close()
        report.seconds = time.monotonic() - started
        report.generation = generation.name
        write_new_file(generation / FILES_FILE, json.dumps(files, ensure_ascii=False))
        write_meta(generation, corpus_dir, report)
        switch_to(index_dir, generation)
        return report
    finally:
        lock.release()


def _apply_changes(ix, sources, indexed: dict, report: BuildReport, workers: int, progress, lock_fd: int) -> dict:
    """Write the changes into ``ix``; returns ``(file stamp, content hash)`` by id of what
    it then holds, to be saved as the generation's files.json."""
    to_read = [source for source in sources if indexed.get(source.id, ("", ""))[1] != source.content_hash]
    report.unchanged = len(sources) - len(to_read)
    files = dict(indexed)
    # Unchanged content under a new stamp (a copied or touched file): the new stamp, so
    # the next update need not read the file again.
    files.update((source.id, (source.stamp, source.content_hash)) for source in sources)
    present = {source.id for source in sources}
    # A file still present but unreadable now keeps its indexed version: nothing is lost.
    failed_paths = {skip.path for skip in report.skipped}
    writer = ix.writer(limitmb=WRITER_LIMIT_MB, compound=False)
    try:
        for doc_id in indexed.keys() - present:
            if not _still_on_disk(doc_id, failed_paths):
                writer.delete_by_term("id", doc_id)
                del files[doc_id]
                report.removed += 1
        if workers > 1 and len(to_read) >= PARALLEL_THRESHOLD:
            outcomes, new_segments = write_in_workers(ix, to_read, workers, progress, lock_fd)
        else:
            outcomes, new_segments = write_here(writer, map(read_one, to_read), len(to_read), progress), []
        for source, (warnings, error) in zip(to_read, outcomes):
            report.warnings += [f"{source.id}: {message}" for message in warnings]
            if error:
                report.skipped.append(Skipped(source.id + source.path.suffix, error))
                _keep_indexed_version(files, indexed, source.id)
            elif source.id in indexed:
                writer.delete_by_term("id", source.id)  # the old version; the new one is in a new segment
                report.updated += 1
            else:
                report.added += 1
    except BaseException:
        writer.cancel()
        raise
    # Whoosh's usual policy (merge small segments), then the segments the workers wrote.
    writer.commit(mergetype=lambda writer, segments: MERGE_SMALL(writer, segments) + new_segments)
    return files


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


def _indexed_files(generation: Path) -> dict[str, tuple[str, str]]:
    """Each indexed bulletin's ``(file stamp, content hash)``, by id: the generation's
    files.json (one read, where the index's columns take seconds at 100,000 bulletins), or
    the content hashes in the index, with no stamps, if it is missing or unreadable."""
    try:
        saved = json.loads((generation / FILES_FILE).read_text(encoding="utf-8"))
        return {doc_id: (stamp, content_hash) for doc_id, (stamp, content_hash) in saved.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        if reader.doc_count_all() == 0:
            return {}
        ids, hashes = (list(reader.column_reader(name)) for name in ("id", "content_hash"))
        return {ids[n]: ("", hashes[n]) for n in reader.all_doc_ids()}
