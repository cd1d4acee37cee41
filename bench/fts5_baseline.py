"""The baseline: the same corpus, documents and search work on SQLite FTS5.

Documents are read exactly as bantin reads them (bench/documents.py, in a process pool of
the same size), so both engines index the same title, body, unit, level, year and cited
directives; only the indexing differs: ``fts5(title, body, tokenize='unicode61
remove_diacritics 2')`` instead of pyvi + Whoosh.

A search does what ``Engine.search`` does: the total under the filters (unit, level, year,
directive), each facet's counts over the matching rows under the *other* filters (``GROUP
BY``), and the top 10 by bm25 (title weighted 2, as bantin) with a ``snippet()`` of the body.

Run as ``python -m bench.fts5_baseline serve DB --port P`` it serves ``/api/search`` and
``/healthz`` through waitress, like ``bantin serve``.
"""

import argparse
import json
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

from bench.documents import read_rows, sources_of

SCHEMA = """
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, content_hash TEXT,
                  unit TEXT, level TEXT, year TEXT, date TEXT, url TEXT);
CREATE TABLE directive(doc INTEGER, label TEXT);
CREATE INDEX directive_doc ON directive(doc);
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');
"""
FACET_COLUMNS = ("unit", "level", "year")
FILTERS = (*FACET_COLUMNS, "directive")


def _insert(db, row) -> None:
    cursor = db.execute("INSERT INTO meta(id, content_hash, unit, level, year, date, url) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [row[k] for k in ("id", "content_hash", "unit", "level", "year", "date", "url")])
    rowid = cursor.lastrowid
    db.execute("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", (rowid, row["title"], row["body"]))
    db.executemany("INSERT INTO directive(doc, label) VALUES (?, ?)", [(rowid, d) for d in row["directives"]])


def _delete(db, rowid: int) -> None:
    for statement in ("DELETE FROM docs WHERE rowid = ?", "DELETE FROM directive WHERE doc = ?",
                      "DELETE FROM meta WHERE rowid = ?"):
        db.execute(statement, (rowid,))


def build(corpus_dir, db_path, workers=None) -> dict:
    """Index the corpus from scratch; facts as a dict (seconds, of which inserting)."""
    started = time.monotonic()
    db_path = Path(db_path)
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.executescript(SCHEMA)
    sources = sources_of(corpus_dir)
    inserting = 0.0
    with db:
        for row in read_rows(sources, workers):
            if row:
                mark = time.monotonic()
                _insert(db, row)
                inserting += time.monotonic() - mark
    mark = time.monotonic()
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    inserting += time.monotonic() - mark
    documents = db.execute("SELECT count(*) FROM meta").fetchone()[0]
    db.close()
    return {"seconds": time.monotonic() - started, "insert_seconds": inserting, "documents": documents,
            "size_bytes": db_path.stat().st_size}


def update(corpus_dir, db_path, workers=None) -> dict:
    """Bring the index in line with the corpus: the same hash comparison as bantin's update."""
    started = time.monotonic()
    db = sqlite3.connect(db_path)
    sources = sources_of(corpus_dir)
    indexed = {doc_id: (rowid, digest) for rowid, doc_id, digest in
               db.execute("SELECT rowid, id, content_hash FROM meta")}
    present = {source.id for source in sources}
    to_read = [source for source in sources if indexed.get(source.id, (0, None))[1] != source.content_hash]
    with db:
        for doc_id in indexed.keys() - present:
            _delete(db, indexed[doc_id][0])
        for row in read_rows(to_read, workers):
            if row:
                if row["id"] in indexed:
                    _delete(db, indexed[row["id"]][0])
                _insert(db, row)
    documents = db.execute("SELECT count(*) FROM meta").fetchone()[0]
    db.close()
    return {"seconds": time.monotonic() - started, "documents": documents, "read": len(to_read)}


class Fts5Engine:
    """One connection; like bantin's Engine, keep one per thread."""

    def __init__(self, db_path):
        self.db = sqlite3.connect(db_path, check_same_thread=False)
        self.db.execute("PRAGMA temp_store = MEMORY")

    def search(self, query: str, filters: dict | None = None, per_page: int = 10) -> dict:
        """What bantin's search does: the total and the top ``per_page`` (bm25, title
        weighted 2, with a snippet) under every filter, and each facet's counts under the
        *other* facets' filters (bantin's faceted-search rule)."""
        started = time.perf_counter()
        filters = {name: value for name, value in (filters or {}).items() if value}
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.matches")
        db.execute("CREATE TEMP TABLE matches AS SELECT rowid AS doc FROM docs WHERE docs MATCH ?", (query,))
        where, arguments = _conditions(filters)
        total = db.execute("SELECT count(*) FROM temp.matches JOIN meta ON meta.rowid = matches.doc "
                           f"WHERE {where}", arguments).fetchone()[0]
        facets = {}
        for name in FILTERS:
            others, other_arguments = _conditions({k: v for k, v in filters.items() if k != name})
            if name == "directive":
                sql = ("SELECT directive.label, count(*) FROM temp.matches "
                       "JOIN directive ON directive.doc = matches.doc JOIN meta ON meta.rowid = matches.doc "
                       f"WHERE {others} GROUP BY directive.label")
            else:
                sql = (f"SELECT meta.{name}, count(*) FROM temp.matches JOIN meta ON meta.rowid = matches.doc "
                       f"WHERE meta.{name} != '' AND {others} GROUP BY meta.{name}")
            facets[name] = self._counts(sql, other_arguments)
        hits = [{"id": doc_id, "title": title, "date": date, "year": year, "unit": unit, "url": url,
                 "snippet": snippet, "score": score}
                for doc_id, title, date, year, unit, url, snippet, score in db.execute(
                    "SELECT meta.id, docs.title, meta.date, meta.year, meta.unit, meta.url, "
                    "snippet(docs, 1, '<mark>', '</mark>', ' … ', 32), bm25(docs, 2.0, 1.0) AS score "
                    f"FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ? AND {where} "
                    "ORDER BY score LIMIT ?", (query, *arguments, per_page))]
        return {"query": query, "total": total, "took_ms": round((time.perf_counter() - started) * 1000, 2),
                "hits": hits, "facets": facets}

    def _counts(self, sql: str, arguments) -> list[dict]:
        rows = self.db.execute(sql, arguments).fetchall()
        return [{"value": value, "count": count} for value, count in sorted(rows, key=lambda r: (-r[1], r[0]))]


def _conditions(filters: dict) -> tuple[str, list]:
    """A WHERE clause on ``meta`` (joined as ``meta``) for the filters, and its arguments."""
    clauses, arguments = ["1"], []
    for name, value in filters.items():
        if name == "directive":
            clauses.append("EXISTS (SELECT 1 FROM directive AS d WHERE d.doc = meta.rowid AND d.label = ?)")
        else:
            clauses.append(f"meta.{name} = ?")
        arguments.append(value)
    return " AND ".join(clauses), arguments


def wsgi_app(db_path):
    """``/api/search?q=`` (with ``unit``, ``level``, ``year``, ``directive``) and
    ``/healthz``, one connection per server thread."""
    local = threading.local()

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return _json(start_response, "200 OK", {"ok": True})
        if path != "/api/search":
            return _json(start_response, "404 Not Found", {"error": "not found"})
        if not hasattr(local, "engine"):
            local.engine = Fts5Engine(db_path)
        parameters = parse_qs(environ.get("QUERY_STRING", ""))
        query = parameters.get("q", [""])[0]
        filters = {name: parameters[name][0] for name in FILTERS if name in parameters}
        try:
            return _json(start_response, "200 OK", local.engine.search(query, filters))
        except sqlite3.OperationalError as error:  # FTS5 syntax error in the query
            return _json(start_response, "400 Bad Request", {"error": str(error)})

    return app


def _json(start_response, status: str, data) -> list[bytes]:
    body = json.dumps(data, ensure_ascii=False).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    serve.add_argument("db")
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    import waitress

    print(f"fts5 baseline serving {args.db} on port {args.port}", flush=True)
    waitress.serve(wsgi_app(args.db), host="127.0.0.1", port=args.port, threads=args.threads, ident="fts5")


if __name__ == "__main__":
    main()
