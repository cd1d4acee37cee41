"""The Whoosh index on disk: its fields (``schema``), the generations that make updates atomic
(``generations``), the build (``build``, ``documents``, ``workers``) and the one module that
reaches into Whoosh's private parts (``whoosh_internals``).

Reading an index needs only ``schema``, ``generations`` and ``whoosh_internals``: nothing of
the build side (ingest, metadata, workers, tqdm, multiprocessing) is loaded to search.
"""
