"""One search :class:`~search.Engine` per server thread, reused across requests.

An Engine is not thread-safe, and opening one costs far more than a search, so each
thread keeps its own. At the start of each request it is moved onto the newest index
generation, which is how an index rebuilt by ``bantin index`` is picked up without a
restart. A rebuild only switches the live generation once it is complete, so a
request arriving during one is answered from the previous index.
"""

import threading

from flask import current_app, g

from search import Engine


def init_app(app) -> None:
    app.extensions["bantin_engines"] = threading.local()


def get_engine() -> Engine:
    """This thread's engine, refreshed once per request (raises ``IndexMissing``)."""
    if "engine" not in g:
        per_thread = current_app.extensions["bantin_engines"]
        engine = getattr(per_thread, "engine", None)
        if engine is None:
            engine = per_thread.engine = Engine(current_app.config["INDEX_DIR"])
        else:
            engine.refresh()
        g.engine = engine
    return g.engine
