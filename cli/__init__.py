"""The ``bantin`` command: index, search, show, stats, serve.

The layer on top: the one place that knows both the engine (``search``) and the web app
(``web``), as Datasette's ``cli`` sits on its app. Human output is Vietnamese text;
``--json`` prints the same contract as the web API (:mod:`web.render`).
Exit status: 0 success, 1 not found, 2 bad input, 3 index missing or busy.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import search
from search import FACET_NAMES, FACETS, MAX_PER_PAGE, SORTS, Engine, IndexBusy, IndexMissing, IngestError, InvalidQuery

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("index")
FACET_TITLES = {facet.name: facet.title for facet in FACETS}
# The engine's parameter names as this command spells them.
OPTION_NAMES = {"query": "câu tìm kiếm"}


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Windows consoles default to a legacy code page
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except InvalidQuery as error:
        return _fail(f"Lỗi {_option_name(error.parameter)}: {error}", 2)
    except (IndexMissing, IndexBusy) as error:
        return _fail(str(error), 3)
    except IngestError as error:
        return _fail(str(error), 2)
    except KeyboardInterrupt:
        return _fail("interrupted; the index is unchanged", 130)
    except BrokenPipeError:  # the output went to `head` or a pager that has quit: not an error to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 141  # as a shell reports a command stopped by SIGPIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bantin", description="Search Vietnamese propaganda bulletins.")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build or update the index from a corpus folder")
    index.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    _index_option(index)
    index.add_argument("--full", action="store_true", help="re-read every file, not only changed ones")
    index.add_argument("--workers", type=int, default=None, help="analysis processes (default: one per core)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(handler=_index)

    searching = commands.add_parser("search", help="search the index")
    searching.add_argument("query")
    _index_option(searching)
    for name in FACET_NAMES:
        searching.add_argument(f"--{name}")
    searching.add_argument("--page", type=int, default=1)
    searching.add_argument("--per-page", type=int, default=10, help=f"1 to {MAX_PER_PAGE}")
    searching.add_argument("--sort", choices=SORTS)
    searching.add_argument("--json", action="store_true")
    searching.set_defaults(handler=_search)

    show = commands.add_parser("show", help="print one bulletin with its metadata")
    show.add_argument("id")
    _index_option(show)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    stats = commands.add_parser("stats", help="documents, facet values and build facts")
    _index_option(stats)
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=_stats)

    serve = commands.add_parser("serve", help="serve the search page")
    _index_option(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(handler=_serve)
    return parser


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index folder (default: ./index)")


def _index(args) -> int:
    report = search.update_index(args.corpus, args.index, full=args.full, workers=args.workers,
                                  progress=not args.quiet)
    for skipped in report.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def _search(args) -> int:
    engine = Engine(args.index)
    result = engine.search(args.query, **{name: getattr(args, name) for name in FACET_NAMES},
                           page=args.page, per_page=args.per_page, sort=args.sort)
    if args.json:
        from web.render import search_json  # the web's JSON contract; Flask loads only for --json

        return _print_json(search_json(result))
    shown = f"“{result.query}”" if result.query else "toàn bộ kho"
    print(f"{result.total} kết quả cho {shown} ({result.took_ms:.0f} ms), trang {result.page}/{result.pages}")
    if result.filters:
        print("Bộ lọc: " + "; ".join(f"{FACET_TITLES[k]}: {v}" for k, v in result.filter_labels.items()))
    for rank, hit in enumerate(result.hits, start=(result.page - 1) * result.per_page + 1):
        print(f"\n{rank}. {hit.title}")
        print("   " + " · ".join(filter(None, [hit.date, hit.unit, hit.id])))
        if hit.directives:
            print("   Văn bản: " + ", ".join(hit.directives))
        print("   " + _terminal_text(hit.snippet))
    for name, values in result.facets.items():
        if values:
            listed = ", ".join(f"{v.value} ({v.count})" for v in values[:10])
            print(f"\n{FACET_TITLES[name]}: {listed}")
    return 0


def _show(args) -> int:
    document = Engine(args.index).document(args.id)
    if document is None:
        return _fail(f"Không có bản tin '{args.id}' trong chỉ mục.", 1)
    if args.json:
        return _print_json(document)
    print(document["title"])
    for label, key in (("Ngày", "date"), ("Ngày đăng", "published"), ("Đơn vị", "unit"), ("Cấp", "level"), ("Tỉnh/thành phố", "province"),
                       ("URL", "url"), ("Tệp", "path")):
        if document[key]:
            print(f"{label}: {document[key]}")
    if document["directives"]:
        print("Văn bản: " + ", ".join(document["directives"]))
    if document["authors"]:
        print("Tác giả: " + ", ".join(document["authors"]))
    if document["people"]:
        print("Người được nhắc đến: " + ", ".join(document["people"]))
    print()
    print(document["body"])
    return 0


def _stats(args) -> int:
    stats = Engine(args.index).stats()
    if args.json:
        return _print_json(stats)
    print(f"{stats['documents']} bản tin; chỉ mục {stats['index_size_bytes'] / 2**20:.1f} MB; "
          f"dựng lúc {stats['last_build']} từ {stats['corpus']}")
    for name, values in stats["facets"].items():
        print(f"\n{FACET_TITLES[name]} ({len(values)}):")
        for value in values:
            print(f"  {value['count']:>6}  {value['value']}")
    return 0


def _serve(args) -> int:
    from web.server import serve  # Flask and waitress load only for this command

    return serve(args.index, host=args.host, port=args.port, threads=args.threads)


def _terminal_text(marked) -> str:
    """A marked text for a plain terminal: each matched word in ``[...]``."""
    return "".join(f"[{piece}]" if is_marked else piece for piece, is_marked in marked.pieces())


def _option_name(parameter: str) -> str:
    """The engine's parameter as this command spells it: ``per_page`` -> ``tham số --per-page``."""
    return OPTION_NAMES.get(parameter) or f"tham số --{parameter.replace('_', '-')}"


def _print_json(data) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def _fail(message: str, status: int) -> int:
    print(f"bantin: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
