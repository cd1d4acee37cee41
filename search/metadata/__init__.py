"""What a bulletin is about, read from its text: dates, headline, unit and level, authors
(one module each), combined by :func:`~search.metadata.extract.extract`; and
:func:`~search.metadata.bulletin.read_bulletin`, which makes a corpus file a ``Bulletin``."""
