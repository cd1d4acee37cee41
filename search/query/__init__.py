"""From what a user typed to a plain result: parsing (``parse``), evaluation over whole
posting lists (``evaluate``), facets (``facets``), marking the matched words
(``highlight``), suggestions (``suggest``), and the :class:`~search.query.engine.Engine`
that runs them (``engine``), returning the types of ``results``."""
