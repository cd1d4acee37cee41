"""The ``bantin`` command: index, search, show, stats, serve.

The layer on top: the one place that knows both the engine (``search``) and the web app
(``web``), as Datasette's ``cli`` sits on its app. Human output is Vietnamese text;
``--json`` prints the same contract as the web API (:mod:`web.render`).
Exit status: 0 success, 1 not found, 2 bad input, 3 index missing or busy.
"""

import argparse
import ipaddress
import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

import search
from search import (FACET_NAMES, FACETS, MAX_PER_PAGE, PROVENANCE_LABELS, SORTS, Engine, IndexBusy, IndexMissing,
                    IngestError, InvalidQuery)

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("index")
DEFAULT_USERS = Path("users.txt")
FACET_TITLES = {facet.name: facet.title for facet in FACETS}
# The engine's parameter names as this command spells them.
OPTION_NAMES = {"query": "câu tìm kiếm", "since": "tham số --from", "until": "tham số --to"}
HOST_NAME = re.compile(r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")


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
        return _fail("đã dừng; chỉ mục không thay đổi", 130)
    except BrokenPipeError:  # the output went to `head` or a pager that has quit: not an error to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 141  # as a shell reports a command stopped by SIGPIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bantin", description="Search Vietnamese propaganda bulletins.",
                                     epilog="Exit status: 0 done (a search that finds nothing included), "
                                            "1 bulletin not found (show), 2 bad input, 3 index missing or busy.")
    commands = parser.add_subparsers(dest="command", required=True, help="what to do")

    index = commands.add_parser("index", help="build or update the index from a corpus folder")
    index.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: ./corpus)")
    _index_option(index)
    index.add_argument("--full", action="store_true", help="re-read every file, not only changed ones")
    index.add_argument("--workers", type=_at_least_one, default=None,
                       help="analysis processes (default: one per core)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.add_argument("--json", action="store_true", help="print the summary as JSON, for scripts")
    index.add_argument("--check", action="store_true",
                       help="only verify the index (every file against its recorded size and hash); "
                            "exit 3 if it is damaged")
    index.set_defaults(handler=_index)

    searching = commands.add_parser("search", help="search the index")
    searching.add_argument("query", nargs="*", help="words to look for, quoted or not (none: every bulletin)")
    _index_option(searching)
    for facet in FACETS:
        searching.add_argument(f"--{facet.name}", action="append",
                               help=f"only bulletins of this {facet.title.lower()} (written loosely: case and "
                                    f"diacritics do not matter); repeat it for any of several")
    searching.add_argument("--from", dest="since", help="from this year, month or day (2019, 2019-05, 2019-05-31)")
    searching.add_argument("--to", dest="until", help="up to this year, month or day")
    searching.add_argument("--page", type=int, default=1, help="which page of results (default: 1)")
    searching.add_argument("--per-page", type=int, default=10, help=f"results per page, 1 to {MAX_PER_PAGE}")
    searching.add_argument("--sort", choices=SORTS, help="relevance (default with words) or newest")
    searching.add_argument("--json", action="store_true", help="print the result as JSON (as /api/search)")
    searching.add_argument("--no-fold", dest="fold", action="store_false",
                           help="list every copy of a text (by default copies fold under the first)")
    searching.set_defaults(handler=_search)

    show = commands.add_parser("show", help="print one bulletin with its metadata")
    show.add_argument("id", help="the bulletin's id: its path in the corpus, without extension")
    _index_option(show)
    show.add_argument("--json", action="store_true", help="print it as JSON (as /api/doc/<id>)")
    show.set_defaults(handler=_show)

    stats = commands.add_parser("stats", help="documents, facet values and build facts")
    _index_option(stats)
    stats.add_argument("--json", action="store_true", help="print them as JSON")
    stats.set_defaults(handler=_stats)

    serve = commands.add_parser("serve", help="serve the search page")
    _index_option(serve)
    serve.add_argument("--host", type=_host, default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on, 1 to 65535 (default: 8000)")
    serve.add_argument("--threads", type=_at_least_one, default=8,
                       help="requests each process answers at once (default: 8)")
    serve.add_argument("--workers", type=_at_least_one, default=None,
                       help="processes answering requests (default: one per core; 1 on Windows)")
    serve.add_argument("--users", type=Path, help="require a login: the users file 'bantin user add' writes")
    serve.add_argument("--base-url", help="the address people reach the service at (behind a proxy), "
                                          "used in the links it writes instead of the request's Host")
    serve.set_defaults(handler=_serve)

    user = commands.add_parser("user", help="manage who may log in to the search page")
    user_commands = user.add_subparsers(dest="user_command", required=True, help="add or remove")
    for action, helped in (("add", "add a user, or change a user's password"), ("remove", "remove a user")):
        command = user_commands.add_parser(action, help=helped)
        command.add_argument("name", help="the user's login name")
        command.add_argument("--users", type=Path, default=DEFAULT_USERS, help=f"users file (default: {DEFAULT_USERS})")
        command.set_defaults(handler=_user_add if action == "add" else _user_remove)
    return parser


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=_index_folder, default=DEFAULT_INDEX,
                        help="index folder (default: ./index)")


def _index_folder(text: str) -> Path:
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' là một tệp, không phải thư mục chỉ mục")
    return path


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là số từ 1 đến 65535 (nhận được '{text}')")
    return int(text)


def _host(text: str) -> str:
    """An IP address or a host name; ``256.1.1.1`` is neither."""
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        if not HOST_NAME.fullmatch(text) or text.replace(".", "").isdigit():
            raise argparse.ArgumentTypeError(f"'{text}' không phải là địa chỉ IP hay tên máy") from None
    return text.strip("[]")


def _at_least_one(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"phải là số nguyên từ 1 trở lên (nhận được '{text}')")
    return int(text)


def _index(args) -> int:
    if args.check:
        facts = search.check_index(args.index, corpus_dir=args.corpus)
        if args.json:
            return _print_json(facts)
        print(f"chỉ mục {facts['generation']} nguyên vẹn: {facts['documents']} bản tin, {facts['files']} tệp"
              + ("" if facts.get("corpus_matches", True) else f"; dựng từ một kho khác {args.corpus}"))
        return 0
    report = search.update_index(args.corpus, args.index, full=args.full, workers=args.workers,
                                  progress=not args.quiet and not args.json)
    if args.json:
        return _print_json(asdict(report))
    for skipped in report.skipped:
        print(f"bỏ qua {skipped.path}: {skipped.reason}", file=sys.stderr)
    for warning in report.warnings:
        print(f"cảnh báo {warning}", file=sys.stderr)
    print(f"{report.documents} bản tin trong chỉ mục: thêm {report.added}, cập nhật {report.updated}, "
          f"xóa {report.removed}, không đổi {report.unchanged}, bỏ qua {len(report.skipped)}; "
          f"{report.seconds:.1f} giây")
    return 0


def _search(args) -> int:
    engine = Engine(args.index)
    filters = {facet: getattr(args, facet) for facet in FACET_NAMES}
    result = engine.search(" ".join(args.query), page=args.page, per_page=args.per_page, sort=args.sort,
                           since=args.since, until=args.until, fold=args.fold, **filters)
    if args.json:
        from web.render import search_json  # the web's JSON contract; Flask loads only for --json

        return _print_json(search_json(result))
    _print_result(result)
    return 0


def _print_result(result) -> None:
    shown = f"“{result.query}”" if result.query else "toàn bộ kho"
    print(f"{result.total} kết quả cho {shown} ({result.took_ms:.0f} ms), trang {result.page}/{result.pages}")
    if result.filters:
        print("Bộ lọc: " + "; ".join(f"{FACET_TITLES[chosen.facet]}: {chosen.label}" for chosen in result.active))
    if result.dates:
        print(f"Thời gian: {result.dates.since or '…'} – {result.dates.until or '…'}")
    if result.suggestion:
        print(f"Có phải bạn muốn tìm: “{result.suggestion}”?")
    if result.total == 0:
        print("Không tìm thấy bản tin nào." + (" Hãy thử bỏ bớt bộ lọc." if result.filters else ""))
    elif not result.hits:
        print(f"Trang {result.page} vượt quá số trang: kết quả chỉ có {result.pages} trang (--page {result.pages}).")
    for rank, hit in enumerate(result.hits, start=(result.page - 1) * result.per_page + 1):
        print(f"\n{rank}. {hit.title}")
        print("   " + " · ".join(filter(None, [hit.date, hit.unit, hit.id])))
        if hit.directives:
            print("   Văn bản: " + ", ".join(hit.directives))
        print("   " + _terminal_text(hit.snippet))
        if hit.copies:
            print(f"   (cùng nội dung với {hit.copies} bản tin khác; --no-fold để xem)")
    for name, values in result.facets.items():
        if values:
            listed = ", ".join(f"{v.value} ({v.count})" for v in values[:10])
            print(f"\n{FACET_TITLES[name]}: {listed}")


def _show(args) -> int:
    document = Engine(args.index).document(args.id)
    if document is None:
        return _fail(f"Không có bản tin '{args.id}' trong chỉ mục.", 1)
    if args.json:
        return _print_json(document)
    origins = document.get("provenance") or {}

    def source(field: str) -> str:
        return f" (nguồn: {PROVENANCE_LABELS.get(origins[field], origins[field])})" if origins.get(field) else ""

    print(document["title"] + source("title"))
    for label, key in (("Ngày", "date"), ("Ngày đăng", "published"), ("Đơn vị", "unit"), ("Cấp", "level"),
                       ("Tỉnh/thành phố", "province"), ("URL", "url"), ("Tệp", "path")):
        if document[key]:
            print(f"{label}: {document[key]}{source(key)}")
    if document["year"] and not document["date"]:
        print(f"Năm: {document['year']}{source('year')}")
    for label, key in (("Văn bản", "directives"), ("Tác giả", "authors"), ("Người được nhắc đến", "people")):
        if document[key]:
            print(f"{label}: {', '.join(document[key])}{source(key)}")
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

    return serve(args.index, host=args.host, port=args.port, threads=args.threads, workers=args.workers,
                 users_file=args.users, base_url=args.base_url)


def _user_add(args) -> int:
    from web import auth  # argon2 loads only for this command

    password = _read_password()
    try:
        added = auth.add_user(args.users, args.name, password)
    except ValueError as error:
        return _fail(str(error), 2)
    print(f"đã {'thêm' if added else 'đổi mật khẩu của'} người dùng {args.name} trong {args.users}")
    return 0


def _user_remove(args) -> int:
    from web import auth

    try:
        removed = auth.remove_user(args.users, args.name)
    except ValueError as error:
        return _fail(str(error), 2)
    if not removed:
        return _fail(f"không có người dùng {args.name} trong {args.users}", 1)
    print(f"đã xóa người dùng {args.name} khỏi {args.users}")
    return 0


def _read_password() -> str:
    """Twice from a terminal (not shown), else one line from standard input (scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != password:
        raise SystemExit(_fail("hai lần nhập mật khẩu không giống nhau", 2))
    return password


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
