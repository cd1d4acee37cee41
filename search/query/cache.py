"""Whole search results kept for repeated requests: a link shared by a whole office, the
front page, a facet clicked by many.

One cache belongs to one index generation, which never changes once written, so an entry
can never be stale: a newer generation gets a cache of its own. The key is the request as
the engine normalised it (the query composed and stripped, the filters as resolved to
indexed values, the page, the page size and the sort). The cache is bounded by its number
of entries and an estimate of their size, drops the least recently used first, and is
shared by every thread of the process.

A result handed out is shared with the cache: callers must not change it.
"""

import threading
from collections import OrderedDict
from dataclasses import replace

from ..limits import RESULT_CACHE_BYTES, RESULT_CACHE_ENTRIES
from .results import SearchResult

# Rough cost in bytes of a Python object around each piece of text counted below.
_OVERHEAD = 120


class ResultCache:
    def __init__(self, max_entries: int = RESULT_CACHE_ENTRIES, max_bytes: int = RESULT_CACHE_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._results: OrderedDict[tuple, tuple[SearchResult, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple, took_ms: float | None = None) -> SearchResult | None:
        """The result kept for ``key`` (with ``took_ms`` as given), or None."""
        with self._lock:
            kept = self._results.get(key)
            if kept is None:
                self.misses += 1
                return None
            self._results.move_to_end(key)
            self.hits += 1
        result = kept[0]
        return result if took_ms is None else replace(result, took_ms=took_ms)

    def put(self, key: tuple, result: SearchResult) -> None:
        size = estimated_bytes(result)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._results:
                self._bytes -= self._results.pop(key)[1]
            self._results[key] = (result, size)
            self._bytes += size
            while len(self._results) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._results.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._results)

    @property
    def bytes(self) -> int:
        return self._bytes


def estimated_bytes(result: SearchResult) -> int:
    """About what a result holds in memory (Python's strings take one to four bytes a
    character; counted as two)."""
    size = _OVERHEAD * 4 + 2 * (len(result.query) + len(result.suggestion or ""))
    for hit in result.hits:
        text = len(hit.id) + len(hit.title) + len(hit.snippet.text) + len(hit.url or "") + len(hit.unit or "")
        size += _OVERHEAD * 6 + 2 * text + 40 * len(hit.snippet.marks) + sum(2 * len(d) for d in hit.directives)
    for values in result.facets.values():
        size += sum(_OVERHEAD + 2 * len(value.value) for value in values)
    return size
