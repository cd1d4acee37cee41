"""The engine's errors. Each names what went wrong in the engine's own words; a front end
maps them to its own (the web's ``q``, the CLI's query argument).

Messages about the index are Vietnamese sentences of one line, meant to be shown as they are.
"""


class InvalidQuery(ValueError):
    """A search parameter that cannot be used; ``parameter`` names it (``query``, ``year``,
    ``page`` ...: the engine's argument names), the message says why."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


class IndexMissing(Exception):
    """There is no usable index at the given folder."""


class IndexDamaged(IndexMissing):
    """The index folder holds an index that cannot be used: ``CURRENT`` unreadable or naming
    nothing, a table of contents that does not open, files cut short or changed since they
    were written. ``bantin index`` rebuilds it (an update notices and rebuilds everything).

    A kind of :class:`IndexMissing` (there is no usable index), so a front end that reports
    a missing index reports this one too."""


class IndexBusy(Exception):
    """The index cannot be updated now: another update holds its build lock."""


class IndexWriteFailed(IndexBusy):
    """An update could not write its new generation (the disk is full, a worker process was
    killed ...). Nothing changed: the previous generation stays live and the partial one is
    removed; running the update again once the cause is gone completes it.

    A kind of :class:`IndexBusy` (the index cannot be updated now, try again later), so a
    front end that reports a busy index reports this one in one line too."""


class IngestError(Exception):
    """A corpus file or folder that cannot be read; the message says why."""
