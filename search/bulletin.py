"""The record that flows from ingest to the index."""

from dataclasses import dataclass, field
from datetime import date as Date


@dataclass
class Bulletin:
    """One cleaned bulletin with its metadata.

    ``id`` is the file's path relative to the corpus folder, without extension,
    with ``/`` separators on every platform (``ba-dinh/so-ket-quy-3``).
    ``year`` is kept apart from ``date``: a text may fix the year but not the day.
    """

    id: str
    path: str
    title: str
    body: str
    date: Date | None = None
    year: int | None = None
    unit: str | None = None
    level: str | None = None
    directives: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    content_hash: str = ""
