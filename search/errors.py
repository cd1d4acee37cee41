"""The engine's errors. Each names what went wrong in the engine's own words; a front end
maps them to its own (the web's ``q``, the CLI's query argument)."""


class InvalidQuery(ValueError):
    """A search parameter that cannot be used; ``parameter`` names it (``query``, ``year``,
    ``page`` ...: the engine's argument names), the message says why."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


class IndexMissing(Exception):
    """There is no built index at the given folder."""


class IndexBusy(Exception):
    """Another update holds the index's build lock."""


class IngestError(Exception):
    """A corpus file or folder that cannot be read; the message says why."""
