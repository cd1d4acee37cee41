"""bantin's search engine: the one door the command line and the web app come in by.

Data flows one way, one folder a stage::

    corpus files -> ingest/ (find, decode, clean) -> metadata/ (dates, headline, unit ...)
      -> analysis/ (syllables, words) -> index/ (schema, generations, build)
      -> query/ (parse, evaluate, facets, highlight) -> a plain SearchResult

Searching loads only the reading side. The build side (ingest, metadata, worker
processes, tqdm) is loaded the first time :func:`update_index` is used.
"""

from .errors import IndexBusy, IndexDamaged, IndexMissing, IndexWriteFailed, IngestError, InvalidQuery
from .index.generations import check_index, live_generation
from .limits import MAX_EXPORT_ROWS, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS
from .provenance import LABELS as PROVENANCE_LABELS
from .text import fold
from .query.engine import SORTS, Engine, warm_up
from .query.facets import FACET_NAMES, FACETS, Facet
from .query.results import Export, FacetValue, Hit, MarkedText, SearchResult

_BUILD_SIDE = {"update_index": "build", "BuildReport": "build"}

__all__ = [
    "Engine", "SearchResult", "Hit", "FacetValue", "MarkedText", "Export", "Facet", "FACETS", "FACET_NAMES", "SORTS",
    "MAX_EXPORT_ROWS", "MAX_PAGE", "MAX_PER_PAGE", "MAX_QUERY_CHARS", "PROVENANCE_LABELS", "InvalidQuery",
    "IndexMissing", "IndexDamaged", "IndexBusy", "IndexWriteFailed", "IngestError", "live_generation", "check_index",
    "warm_up", "fold", *_BUILD_SIDE,
]


def __getattr__(name: str):
    """``update_index`` and ``BuildReport``, imported on first use (PEP 562)."""
    if name in _BUILD_SIDE:
        from .index import build

        return getattr(build, name)
    raise AttributeError(f"module 'search' has no attribute '{name}'")
