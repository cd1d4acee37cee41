"""The documents every engine of the benchmark indexes, read exactly as bantin reads them.

``search.ingest.files.scan_corpus`` finds the files and ``read_bulletin`` extracts title,
body, date, unit, level and cited directives; the peers (bench/fts5_baseline.py,
bench/tantivy_baseline.py) and the query sampler (bench/diverse_queries.py) all start from
these rows, so every engine indexes and is asked about the same text.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from search import IngestError
from search.ingest.files import scan_corpus
from search.metadata.bulletin import read_bulletin

# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 40


def sources_of(corpus_dir) -> list:
    """The bulletin files of a corpus folder, in bantin's order (by id)."""
    sources, _ = scan_corpus(Path(corpus_dir))
    return sources


def read_row(source) -> dict | None:
    """One bulletin as a plain dict (None if bantin would skip the file)."""
    try:
        bulletin, _ = read_bulletin(source)
    except IngestError:
        return None
    return {"id": bulletin.id, "content_hash": bulletin.content_hash, "title": bulletin.title,
            "body": bulletin.body, "unit": bulletin.unit or "", "level": bulletin.level or "",
            "year": str(bulletin.year or ""), "date": bulletin.date.isoformat() if bulletin.date else "",
            "url": bulletin.url, "directives": list(bulletin.directives)}


def read_rows(sources, workers: int | None = None):
    """:func:`read_row` of each source, in order, in a pool of ``workers`` processes."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(sources) < POOL_THRESHOLD:
        yield from map(read_row, sources)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(read_row, sources, chunksize=8)
