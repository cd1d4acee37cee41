"""Build and update the Whoosh index, never leaving a broken one behind.

Layout of an index folder::

    index/
      CURRENT        name of the live generation, replaced atomically
      gen-000007/    a complete Whoosh index plus bantin.json (build facts)
      BUILD_LOCK     held (an OS file lock) by the one update running

Every update writes a *new* generation: it hard-links the live generation's files
(Whoosh never rewrites a segment file once written), lets Whoosh add, replace and
delete documents there, commits, and only then points ``CURRENT`` at it. A run that
is killed or fails leaves ``CURRENT`` on the previous generation, which stays
complete and searchable; its leftovers are swept by the next run.

Reading, analysis (pyvi) and writing of changed files run in worker processes, each
writing a segment of its own; this process deletes replaced and removed bulletins and
commits the new segments together.
"""

import datetime as dt
import json
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import MERGE_SMALL, SegmentWriter

from . import ingest
from .analysis import (compound_words, fold, folded_analyzer, folded_pairs, load_segmenter, normalise_word,
                       pair_analyzer, syllable_analyzer, syllables, word_analyzer)
from .bulletin import Bulletin

CURRENT_FILE = "CURRENT"
LOCK_NAME = "BUILD"
META_FILE = "bantin.json"
FILES_FILE = "files.json"  # (file stamp, content hash) of each indexed bulletin, by id
GENERATION_PREFIX = "gen-"
# Below this many files to read, worker start-up (pyvi loads in each) costs more than it saves.
PARALLEL_THRESHOLD = 40
# Memory for each writer's postings before it spills them to disk (spilling and reading back
# costs about as much as writing the index). Segments are written as
# separate files, never compound: a compound segment is read into memory by every searcher
# that opens it (one per server thread), separate files are memory-mapped.
WRITER_LIMIT_MB = 1024


class IndexMissing(Exception):
    """There is no built index at the given folder."""


class IndexBusy(Exception):
    """Another update holds the index's build lock."""


def make_schema() -> Schema:
    syllables = syllable_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        content_hash=ID(stored=True, sortable=True),
        # A query word that is several syllables (``Nagorno-Karabakh``, ``05-CT/TW``) is a phrase.
        title=TEXT(analyzer=syllables, stored=True, multitoken_query="phrase"),
        body=TEXT(analyzer=syllables, stored=True, multitoken_query="phrase"),
        folded=TEXT(analyzer=folded_analyzer(), multitoken_query="phrase"),
        words=TEXT(analyzer=word_analyzer(), phrase=False),
        # Two common syllables side by side, without diacritics, as one term (``viet_nam``).
        pairs=TEXT(analyzer=pair_analyzer(), phrase=False),
        unit=ID(stored=True, sortable=True),
        level=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        directive=KEYWORD(stored=True, commas=True, sortable=True),
        date=ID(stored=True, sortable=True),  # ISO text: sorts by date, and missing dates work
        authors=STORED,
        url=STORED,
        path=STORED,
    )


def document_for(bulletin: Bulletin) -> dict:
    """The Whoosh document for a bulletin, its text fields already analysed (runs pyvi:
    call it in a worker).

    Text fields are given as token lists, which Whoosh indexes as they are
    (``_stored_<field>`` keeps the original text): the analysis runs here, in parallel
    workers, not in the one process that writes the index.
    """
    text = f"{bulletin.title}\n{bulletin.body}"
    title, body = syllables(bulletin.title), syllables(bulletin.body)
    folded = [fold(syllable) for syllable in title + body]
    document = {
        "id": bulletin.id,
        "content_hash": bulletin.content_hash,
        "title": title,
        "_stored_title": bulletin.title,
        "body": body,
        "_stored_body": bulletin.body,
        "folded": folded,
        "words": [normalise_word(word) for word in compound_words(text)],
        "pairs": folded_pairs(folded),
        "directive": ",".join(bulletin.directives),
        "authors": bulletin.authors,
        "url": bulletin.url,
        "path": bulletin.path,
    }
    # Always write the sortable fields, empty when unknown: Whoosh's column reader fails on
    # a segment in which no document has a value for a sortable field.
    document.update(
        unit=bulletin.unit or "",
        level=bulletin.level or "",
        year=str(bulletin.year) if bulletin.year else "",
        date=bulletin.date.isoformat() if bulletin.date else "",
    )
    return document


@dataclass
class BuildReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)    # [ingest.Skipped]
    warnings: list = field(default_factory=list)   # ["path: message"]
    seconds: float = 0.0
    documents: int = 0
    generation: str = ""

    def summary(self) -> str:
        return (f"{self.documents} bulletins indexed: {self.added} added, {self.updated} updated, "
                f"{self.removed} removed, {self.unchanged} unchanged, {len(self.skipped)} skipped "
                f"in {self.seconds:.1f} s")


def update_index(corpus_dir, index_dir, full: bool = False, workers: int | None = None,
                 progress: bool = False) -> BuildReport:
    """Bring the index at ``index_dir`` in line with ``corpus_dir``; see the module docstring."""
    started = time.monotonic()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(index_dir)).lock(LOCK_NAME)
    if not lock.acquire(blocking=False):
        raise IndexBusy(f"another 'bantin index' is updating {index_dir}; try again when it has finished")
    try:
        _sweep_leftovers(index_dir)
        report = BuildReport()
        live = None if full else _live_generation(index_dir)
        if live is not None and _meta(live).get("pipeline_version") != ingest.PIPELINE_VERSION:
            live = None  # built by an older pipeline: rebuild everything
        workers = workers or os.cpu_count() or 1
        analyst = _Analyst(lock.fd) if live is not None and workers > 1 else None
        try:
            indexed = _indexed_files(live) if live is not None else {}
            sources, report.skipped = ingest.scan_corpus(Path(corpus_dir), known=indexed)
            generation = _new_generation(index_dir, copy_from=live)
            ix = (whoosh_index.open_dir(str(generation)) if live is not None
                  else whoosh_index.create_in(str(generation), make_schema()))
            files = _apply_changes(ix, sources, indexed, report, workers, progress, lock.fd, analyst)
        finally:
            if analyst is not None:
                analyst.close()
        report.documents = ix.doc_count()
        ix.close()
        report.seconds = time.monotonic() - started
        report.generation = generation.name
        _write_new_file(generation / FILES_FILE, json.dumps(files, ensure_ascii=False))
        _write_meta(generation, corpus_dir, report)
        _switch_to(index_dir, generation)
        return report
    finally:
        lock.release()


def _apply_changes(ix, sources, indexed: dict, report: BuildReport, workers: int, progress, lock_fd: int,
                   analyst: "_Analyst | None") -> dict:
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
            outcomes, new_segments = _write_in_workers(ix, to_read, workers, progress, lock_fd)
        else:
            read = analyst.read(to_read) if analyst else map(_read_one, to_read)
            outcomes, new_segments = _write_here(writer, read, len(to_read), progress), []
        for source, (warnings, error) in zip(to_read, outcomes):
            report.warnings += [f"{source.id}: {message}" for message in warnings]
            if error:
                report.skipped.append(ingest.Skipped(source.id + source.path.suffix, error))
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


def _write_here(writer, read, count: int, progress) -> list[tuple[list, str | None]]:
    """Add each ``(document, warnings, error)`` of ``read`` with this process's writer:
    ``(warnings, error)`` for each."""
    outcomes = []
    with _progress_bar(count, progress) as bar:
        for document, warnings, error in read:
            if document is not None:
                writer.add_document(**document)
            outcomes.append((warnings, error))
            bar.update()
    return outcomes


def _write_in_workers(ix, sources, workers: int, progress, lock_fd: int):
    """Read, analyse and write ``sources`` in worker processes, each into a Whoosh segment
    of its own: ``(outcomes in the order of sources, new segments)``.

    Whoosh's writer is pure Python and costs about as much per bulletin as reading and
    analysing it, so one writer for all workers would keep the build near one core.
    """
    # Every n-th file to each worker: files sorted by name come in runs of like length (a
    # site's folder, a kind of news), which contiguous halves would split unevenly.
    batches = [sources[first::workers] for first in range(min(workers, len(sources)))]
    done = multiprocessing.Value("i", 0)
    with _progress_bar(len(sources), progress) as bar, \
            ProcessPoolExecutor(max_workers=len(batches), initializer=_start_worker,
                                initargs=(_inherited(lock_fd), done)) as pool:
        futures = [pool.submit(_write_segment, ix.storage.folder, batch) for batch in batches]
        while wait(futures, timeout=0.5).not_done:
            bar.update(done.value - bar.n)
        results = [future.result() for future in futures]
        bar.update(done.value - bar.n)
    outcomes = [None] * len(sources)
    for first, (_, batch_outcomes) in enumerate(results):
        outcomes[first::len(batches)] = batch_outcomes
    return outcomes, [segment for segment, _ in results if segment is not None]


def _write_segment(index_folder: str, sources) -> tuple:
    """Worker: one new segment holding ``sources`` (not yet part of the index: the
    indexer's commit adds it), and ``(warnings, error)`` for each source."""
    writer = SegmentWriter(whoosh_index.open_dir(index_folder), _lk=False, limitmb=WRITER_LIMIT_MB, compound=False)
    outcomes = []
    for source in sources:
        document, warnings, error = _read_one(source)
        if document is not None:
            writer.add_document(**document)
        outcomes.append((warnings, error))
        with _done.get_lock():
            _done.value += 1
    # As Whoosh's own multi-process writer does (whoosh.multiproc, multisegment=True). Not
    # ``_finish()``: it would delete the temporary folder every writer of the index shares;
    # the indexer's commit does.
    segment = writer._finalize_segment() if writer._added else None
    if segment is None:
        writer._close_segment()
    return segment, outcomes


class _Analyst:
    """One worker process that loads pyvi while this process scans the corpus, then reads
    and analyses the few files an ordinary update brings. Loading pyvi (it imports
    scikit-learn) takes longer than the rest of such an update: done after the scan, it
    would be most of the update's time."""

    def __init__(self, lock_fd: int):
        self._pool = multiprocessing.Pool(1, initializer=_start_worker, initargs=(_inherited(lock_fd), None))
        self._loaded = self._pool.apply_async(load_segmenter)

    def read(self, sources):
        """``(document, warnings, error)`` for each source, in order."""
        return self._pool.imap(_read_one, sources)

    def close(self) -> None:
        """Let the worker finish, or stop it if it is still loading pyvi for nothing."""
        if self._loaded.ready():
            self._pool.close()
        else:
            self._pool.terminate()
        self._pool.join()


def _progress_bar(total: int, progress: bool):
    return tqdm(total=total, unit="bulletin", desc="indexing", disable=not progress or not total)


_done = None  # in a worker: the count of bulletins written, shared with the indexer


def _inherited(lock_fd: int) -> int | None:
    """The build lock's descriptor as a worker will inherit it (forked), else None."""
    return lock_fd if multiprocessing.get_start_method() == "fork" else None


def _start_worker(inherited_lock: int | None, done) -> None:
    """Worker initializer: let go of the build lock, and exit as soon as the indexer is gone.

    A forked worker inherits the indexer's open files, the build lock among them, and both
    ends of the pool's pipes. After a ``kill -9`` of the indexer such a worker would wait
    forever for work, holding the lock, and every later ``bantin index`` would be refused.
    """
    global _done
    _done = done
    if hasattr(signal, "SIGTERM") and os.name != "nt":
        # Stopped (Pool.terminate): exit through Python, so pyvi's model file is removed.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    if inherited_lock is not None:
        os.close(inherited_lock)  # the indexer's own descriptor keeps the lock held
    indexer = multiprocessing.parent_process()
    if indexer is not None:
        threading.Thread(target=lambda: (indexer.join(), os._exit(1)), daemon=True).start()


def _read_one(source: ingest.SourceFile):
    """Worker: ``(document, warnings, error)`` for one file; errors are data, not exceptions."""
    try:
        bulletin, warnings = ingest.read_bulletin(source)
        return document_for(bulletin), warnings, None
    except ingest.IngestError as error:
        return None, [], str(error)
    except Exception as error:  # a bug or a file we never imagined: report it, keep going
        return None, [], f"unexpected {type(error).__name__}: {error}"


# --- generations -----------------------------------------------------------------

def _live_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if name.startswith(GENERATION_PREFIX) and whoosh_index.exists_in(str(path)) else None


def live_generation(index_dir) -> Path:
    """The folder of the live Whoosh index, or :class:`IndexMissing`."""
    live = _live_generation(Path(index_dir))
    if live is None:
        raise IndexMissing(f"no index in {index_dir}: build it with 'bantin index'")
    return live


def open_live(index_dir):
    """Open the live index for reading: ``(whoosh index, generation folder)``."""
    live = live_generation(index_dir)
    return whoosh_index.open_dir(str(live)), live


def _new_generation(index_dir: Path, copy_from: Path | None) -> Path:
    numbers = [int(p.name[len(GENERATION_PREFIX):]) for p in index_dir.glob(GENERATION_PREFIX + "*")
               if p.name[len(GENERATION_PREFIX):].isdigit()]
    generation = index_dir / f"{GENERATION_PREFIX}{max(numbers, default=0) + 1:06d}"
    generation.mkdir()
    if copy_from is not None:
        for item in copy_from.iterdir():
            # Not Whoosh's MAIN_WRITELOCK: shared between generations by a hard link, a lock on
            # the new generation's would lock the live one's too.
            if (item.is_file() and item.name not in (META_FILE, FILES_FILE)
                    and not item.name.upper().endswith("LOCK")):
                _link_or_copy(item, generation / item.name)
    return generation


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # file systems without hard links
        shutil.copy2(source, target)


def _switch_to(index_dir: Path, generation: Path) -> None:
    _write_new_file(index_dir / CURRENT_FILE, generation.name)


def _sweep_leftovers(index_dir: Path) -> None:
    """Remove generations other than the live one and the one before it.

    The previous generation is kept because a server may still be answering a
    request from it; failed or interrupted builds (never made live) go.
    """
    live = _live_generation(index_dir)
    generations = sorted(index_dir.glob(GENERATION_PREFIX + "*"))
    keep = {live} if live else set()
    if live is not None:
        older = [g for g in generations if g.name < live.name and (g / META_FILE).exists()]
        keep.update(older[-1:])
    for generation in generations:
        if generation not in keep:
            shutil.rmtree(generation, ignore_errors=True)


# --- build facts -------------------------------------------------------------------

def _write_new_file(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a new file: a reader sees the old text or the new,
    and a hard link shared with another generation is never written through."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _write_meta(generation: Path, corpus_dir, report: BuildReport) -> None:
    meta = {
        "pipeline_version": ingest.PIPELINE_VERSION,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(Path(corpus_dir).resolve()),
        "documents": report.documents,
        "seconds": round(report.seconds, 2),
    }
    (generation / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def _meta(generation: Path) -> dict:
    try:
        return json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build_facts(index_dir) -> dict:
    """Facts about the live generation: build time, corpus, size on disk."""
    live = live_generation(index_dir)
    facts = _meta(live)
    facts["generation"] = live.name
    facts["size_bytes"] = sum(p.stat().st_size for p in live.iterdir() if p.is_file())
    return facts
