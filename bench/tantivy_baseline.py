"""The second peer: the same corpus, documents and search work on tantivy (Rust, PyPI ``tantivy``).

Documents are read exactly as bantin reads them (bench/documents.py). ``title`` and
``body`` are cut into the same syllables as bantin's (``[^\\W_]+``), lower-cased and folded
to ASCII (``Đảng`` -> ``dang``), like bantin's ``folded`` field and FTS5's
``remove_diacritics``. ``unit``, ``level``, ``year`` and ``directive`` (several values a
bulletin) are raw fast fields.

A search does what ``Engine.search`` does: the total and the top 10 (BM25, title boosted 2)
with a highlighted snippet of the body under the filters, and each facet's counts (a terms
aggregation) under the *other* facets' filters.

``python -m bench.tantivy_baseline serve INDEX --port P`` serves ``/api/search`` and
``/healthz`` through waitress, like ``bantin serve``.
"""

import argparse
import json
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

import tantivy

from bench.documents import read_rows, sources_of

FACETS = ("unit", "level", "year", "directive")
TOKENIZER = "vi_folded"
WRITER_HEAP_BYTES = 256 * 1024 * 1024
MAX_FACET_VALUES = 65_000


def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name=TOKENIZER)
    builder.add_text_field("body", stored=True, tokenizer_name=TOKENIZER)
    for name in ("id", "date", "url", "content_hash"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    for name in FACETS:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"[^\W_]+"))
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def open_index(path, schema=None) -> tantivy.Index:
    index = tantivy.Index(schema, path=str(path)) if schema is not None else tantivy.Index.open(str(path))
    index.register_tokenizer(TOKENIZER, _analyzer())
    return index


def _document(row: dict) -> tantivy.Document:
    fields = {"title": row["title"], "body": row["body"], "id": row["id"], "date": row["date"],
              "url": row["url"] or "", "content_hash": row["content_hash"]}
    fields.update({name: row[name] for name in ("unit", "level", "year") if row[name]})
    if row["directives"]:
        fields["directive"] = row["directives"]
    return tantivy.Document(**fields)


def _directory_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def build(corpus_dir, index_dir, workers=None) -> dict:
    """Index the corpus from scratch (documents read in ``workers`` processes, written by
    tantivy's own writer threads); facts as a dict."""
    started = time.monotonic()
    index_dir = Path(index_dir)
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    index = open_index(index_dir, make_schema())
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=workers or 0)
    documents = 0
    for row in read_rows(sources_of(corpus_dir), workers):
        if row:
            writer.add_document(_document(row))
            documents += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"seconds": time.monotonic() - started, "documents": documents, "size_bytes": _directory_size(index_dir)}


def update(corpus_dir, index_dir, workers=None) -> dict:
    """Bring the index in line with the corpus: the same content-hash comparison as bantin's."""
    started = time.monotonic()
    index = open_index(index_dir)
    searcher = index.searcher()
    everything = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs), count=False)
    indexed = {}
    for _, address in everything.hits:
        stored = searcher.doc(address)
        indexed[stored.get_first("id")] = stored.get_first("content_hash")
    sources = sources_of(corpus_dir)
    present = {source.id for source in sources}
    to_read = [source for source in sources if indexed.get(source.id) != source.content_hash]
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=workers or 0)
    for doc_id in indexed.keys() - present:
        writer.delete_documents_by_term("id", doc_id)
    for row in read_rows(to_read, workers):
        if row:
            if row["id"] in indexed:
                writer.delete_documents_by_term("id", row["id"])
            writer.add_document(_document(row))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return {"seconds": time.monotonic() - started, "documents": index.searcher().num_docs, "read": len(to_read)}


class TantivyEngine:
    """A searcher on the index; like bantin's Engine and the FTS5 baseline's, one per thread."""

    def __init__(self, index_dir):
        self.index = open_index(index_dir)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, query: str, filters: dict | None = None, per_page: int = 10) -> dict:
        started = time.perf_counter()
        filters = {name: value for name, value in (filters or {}).items() if value}
        parsed = self.index.parse_query(query, ["title", "body"], field_boosts={"title": 2.0},
                                        conjunction_by_default=True)
        searcher = self.searcher
        result = searcher.search(self._filtered(parsed, filters), limit=per_page, count=True)
        facets = self._facets(parsed, filters)
        snippets = tantivy.SnippetGenerator.create(searcher, parsed, self.schema, "body")
        snippets.set_max_num_chars(240)
        hits = []
        for score, address in result.hits:
            stored = searcher.doc(address)
            hits.append({"id": stored.get_first("id"), "title": stored.get_first("title"),
                         "date": stored.get_first("date"), "year": stored.get_first("year"),
                         "unit": stored.get_first("unit"), "url": stored.get_first("url"),
                         "snippet": snippets.snippet_from_doc(stored).to_html(), "score": score})
        return {"query": query, "total": result.count,
                "took_ms": round((time.perf_counter() - started) * 1000, 2), "hits": hits, "facets": facets}

    def _filtered(self, parsed, filters: dict):
        if not filters:
            return parsed
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, parsed)]
            + [(tantivy.Occur.Must, tantivy.Query.term_query(self.schema, name, value))
               for name, value in filters.items()])

    def _facets(self, parsed, filters: dict) -> dict:
        """Each facet's counts under the other facets' filters: one aggregation over the
        fully filtered matches, and one more for each facet that is itself filtered."""
        counted = self._aggregate(self._filtered(parsed, filters), [f for f in FACETS if f not in filters])
        for name in filters:
            others = {other: value for other, value in filters.items() if other != name}
            counted.update(self._aggregate(self._filtered(parsed, others), [name]))
        return {name: counted[name] for name in FACETS}

    def _aggregate(self, query, names: list[str]) -> dict:
        if not names:
            return {}
        aggregations = {name: {"terms": {"field": name, "size": MAX_FACET_VALUES}} for name in names}
        found = self.searcher.aggregate(query, aggregations)
        return {name: sorted(({"value": bucket["key"], "count": bucket["doc_count"]}
                              for bucket in found[name]["buckets"]), key=lambda v: (-v["count"], v["value"]))
                for name in names}


def wsgi_app(index_dir):
    """``/api/search?q=`` (with ``unit``, ``level``, ``year``, ``directive``) and ``/healthz``."""
    local = threading.local()

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return _json(start_response, "200 OK", {"ok": True})
        if path != "/api/search":
            return _json(start_response, "404 Not Found", {"error": "not found"})
        parameters = parse_qs(environ.get("QUERY_STRING", ""))
        query = parameters.get("q", [""])[0]
        filters = {name: parameters[name][0] for name in FACETS if name in parameters}
        if not hasattr(local, "engine"):
            local.engine = TantivyEngine(index_dir)
        try:
            return _json(start_response, "200 OK", local.engine.search(query, filters))
        except ValueError as error:  # tantivy's query parser refused the query
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
    serve.add_argument("index")
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    import waitress

    print(f"tantivy baseline serving {args.index} on port {args.port}", flush=True)
    waitress.serve(wsgi_app(args.index), host="127.0.0.1", port=args.port, threads=args.threads, ident="tantivy")


if __name__ == "__main__":
    main()
