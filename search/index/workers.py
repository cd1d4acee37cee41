"""Reading, analysing and writing the changed files of a build into new Whoosh segments,
in worker processes (each its share of the files, into segments of its own) or, for a few
files, in the indexer's own process. The indexer (:mod:`search.index.build`) commits what
they wrote.
"""

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from tqdm import tqdm
from whoosh import index as whoosh_index

from ..errors import IndexWriteFailed, IngestError
from ..ingest.files import SourceFile
from ..analysis.segmenter import compound_words
from ..knowledge.directives import find_directives
from ..knowledge.gazetteer import province_from_host
from ..metadata.bulletin import read_bulletin
from ..metadata.extract import extract
from .documents import document_for
from .postings import write_as_flushed
from .whoosh_internals import finish_segment, segment_writer

# A new segment is started once a writer holds this many postings (about 3,700 Dân trí
# articles; some 550 MB of a worker's memory at its peak, while the segment is written):
# the memory of a build stays bounded whatever the size of the corpus (26,530 articles,
# two workers: peak 1.2 GB). Segments are written as separate files, never compound: a
# compound segment is read into memory by every searcher that opens it (one per server
# thread), separate files are memory-mapped.
SEGMENT_POSTINGS = 4_000_000


def write_in_workers(ix, sources, workers: int, progress, lock_fd: int):
    """Read, analyse and write ``sources`` in worker processes, each into a Whoosh segment
    of its own: ``(outcomes in the order of sources, new segments)``.

    Whoosh's writer is pure Python and costs about as much per bulletin as reading and
    analysing it, so one writer for all workers would keep the build near one core.
    """
    with AnalysisPool(min(workers, len(sources)), lock_fd) as pool:
        return pool.write(ix, sources, progress)


class AnalysisPool:
    """Worker processes that read, analyse and write ``sources`` into segments of their own.
    ``warm``: each first loads what the analysis reads (the gazetteer, pyvi's model, the
    vocabularies: about 0.2 s), so that a pool started before a long scan of the corpus has
    done it by the time the changed files are known."""

    def __init__(self, workers: int, lock_fd: int, warm: bool = False):
        self.workers = workers
        self.done = multiprocessing.Value("i", 0)
        self.executor = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                            initargs=(_inherited(lock_fd), self.done))
        for _ in range(workers if warm else 0):
            self.executor.submit(warm_up)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def write(self, ix, sources, progress) -> tuple[list, list]:
        """``(outcomes in the order of sources, new segments)``."""
        # Every n-th file to each worker: files sorted by name come in runs of like length (a
        # site's folder, a kind of news), which contiguous halves would split unevenly.
        batches = [sources[first::self.workers] for first in range(min(self.workers, len(sources)))]
        try:
            with progress_bar(len(sources), progress) as bar:
                futures = [self.executor.submit(write_segments, ix.storage.folder, batch, _count_one)
                           for batch in batches]
                while wait(futures, timeout=0.5).not_done:
                    bar.update(self.done.value - bar.n)
                results = [future.result() for future in futures]
                bar.update(self.done.value - bar.n)
        except BrokenProcessPool:  # the pool has already stopped the other workers
            raise IndexWriteFailed("một tiến trình phân tích bị dừng đột ngột (hết bộ nhớ, hay bị kill?): "
                                   "chỉ mục không đổi; hãy chạy lại 'bantin index'") from None
        outcomes = [None] * len(sources)
        for first, (_, batch_outcomes) in enumerate(results):
            outcomes[first::len(batches)] = batch_outcomes
        return outcomes, [segment for segments, _ in results for segment in segments]


# A short bulletin whose reading loads everything the analysis reads.
_WARM_UP_TEXT = ("Sáng 5/4/2024, Ban Tuyên giáo Huyện ủy Gia Lâm tổ chức hội nghị quán triệt Chỉ thị "
                 "05-CT/TW cho cán bộ, đảng viên xã Bát Tràng. Đồng chí Nguyễn Văn An, Phó Bí thư "
                 "Huyện ủy, phát biểu tại hội nghị.")


def warm_up() -> None:
    """Worker: load the analysis's data (see :class:`AnalysisPool`)."""
    found = extract(_WARM_UP_TEXT)
    find_directives(_WARM_UP_TEXT)
    compound_words(found.body)
    province_from_host("bantuyengiao.hanoi.gov.vn")


def write_segments(index_folder: str, sources, advance) -> tuple:
    """Read, analyse and write ``sources`` into new segments of the index in
    ``index_folder`` (not yet part of it: the indexer's commit adds them), a new one every
    ``SEGMENT_POSTINGS`` postings: ``(segments, (warnings, error) for each source)``.
    ``advance()`` is called after each source."""
    ix = whoosh_index.open_dir(index_folder)
    writer, segments, outcomes = segment_writer(ix, write_as_flushed), [], []
    for source in sources:
        document, warnings, error = read_one(source)
        if document is not None:
            writer.add_document(**document)
        outcomes.append((warnings, error))
        advance()
        if writer.postings_count >= SEGMENT_POSTINGS:
            segments.append(finish_segment(writer))
            writer = segment_writer(ix, write_as_flushed)
    segments.append(finish_segment(writer))
    return [segment for segment in segments if segment is not None], outcomes


def _count_one() -> None:
    """Worker: one more source done, for the indexer's progress bar."""
    with _done.get_lock():
        _done.value += 1


def progress_bar(total: int, progress: bool):
    """tqdm's bar on stderr, which never stops a build: once nobody reads it (``bantin index
    2>&1 | head``) it is silently dropped."""
    return tqdm(total=total, unit="bản tin", desc="lập chỉ mục", disable=not progress or not total,
                file=QuietWhenClosed(sys.stderr))


class QuietWhenClosed:
    """A text stream that stops writing, without an error, once its reader has gone (a
    closed pipe, a closed file): what is shown must never abandon what is done."""

    def __init__(self, stream):
        self._stream = stream
        self._gone = stream is None

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return self._stream.write(text)
            except (OSError, ValueError):  # BrokenPipeError, EPIPE, "I/O operation on closed file"
                self._gone = True
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._gone = True

    def __getattr__(self, name):
        return getattr(self._stream, name)


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
    if inherited_lock is not None:
        os.close(inherited_lock)  # the indexer's own descriptor keeps the lock held
    indexer = multiprocessing.parent_process()
    if indexer is not None:
        threading.Thread(target=lambda: (indexer.join(), os._exit(1)), daemon=True).start()


def read_one(source: SourceFile):
    """Worker: ``(document, warnings, error)`` for one file; errors are data, not exceptions."""
    try:
        bulletin, warnings = read_bulletin(source)
        return document_for(bulletin, warnings), warnings, None
    except IngestError as error:
        return None, [], str(error)
    except Exception as error:  # a bug or a file we never imagined: report it, keep going
        return None, [], f"lỗi không lường trước ({type(error).__name__}): {error}"


def write_here(ix, sources, progress) -> tuple[list, list]:
    """:func:`write_segments` in this process: ``(outcomes in the order of sources, new segments)``."""
    with progress_bar(len(sources), progress) as bar:
        segments, outcomes = write_segments(ix.storage.folder, sources, bar.update)
    return outcomes, segments
