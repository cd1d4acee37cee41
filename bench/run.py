"""bantin benchmark: build, update, search and serve at several corpus sizes, beside SQLite FTS5 and tantivy.

    .venv/bin/python bench/run.py --sizes 2653,26530,100000

For each size N the 2,653 Dân trí articles (../shared/data/news-dantri) are repeated into
N files with distinct ids, urls and years (bench/scaled_corpus.py). bantin and two peers
doing the same work on the same text, SQLite FTS5 (bench/fts5_baseline.py) and tantivy
(bench/tantivy_baseline.py), then build, take an incremental update (one file changed,
one added, one removed), and answer two query sets, in this process and over HTTP:

- the diverse set (bench/diverse_queries.py): at least 1,000 distinct queries sampled with
  a fixed seed from the corpus text, a fifth of them filtered; each is timed ONCE, after a
  warm-up on other queries, so no engine answers it from a cache of results;
- the fixed set (bench/query_set.py): 32 queries, timed once each and then repeated (the
  repeats are the cached case: bantin answers them from its cache of results).

Over HTTP each engine runs behind its own server (bantin: ``bantin serve``; the peers:
waitress) with 16 clients: the diverse set once through, then the fixed set over and over
for ``--duration`` seconds. Every figure is printed beside the peers' and the targets.
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import diverse_queries, http_load, scaled_corpus  # noqa: E402
from bench.fts5_baseline import Fts5Engine  # noqa: E402
from bench.query_set import QUERIES, all_queries  # noqa: E402
from bench.tantivy_baseline import TantivyEngine  # noqa: E402
from search import Engine  # noqa: E402
from search.index.generations import build_facts  # noqa: E402
from web.render import search_json  # noqa: E402  (as /api/search renders it)

DANTRI = ROOT.parent / "shared" / "data" / "news-dantri"
PYTHON = sys.executable
MB = 1024 * 1024
SAMPLE_SECONDS = 0.05
ENGINES = ("bantin", "fts5", "tantivy")
PEERS = ("fts5", "tantivy")
TITLES = {"bantin": "bantin", "fts5": "FTS5", "tantivy": "tantivy"}
# Targets from the performance issues.
TARGET_SIZE = 26_530
PARALLEL_SPEEDUP = 1.6
UPDATE_SECONDS = 2.0
BUILD_RATE, BUILD_BYTES = 150, 1536 * MB
SERVE_BYTES, SERVE_TARGET_SIZE = 1024 * MB, 100_000
PRIVATE_BYTES = 500 * MB  # USS of each serving process at SERVE_TARGET_SIZE


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    _print_header(args, work)
    try:
        for size in args.sizes:
            rows = bench_size(size, args, work, measure_single=size == min(args.sizes) and not args.no_single)
            print_table(size, rows, args)
    finally:
        if args.keep:
            print(f"\nkept corpora, indexes and server logs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[2653, 26530],
                        help="corpus sizes, comma-separated (default 2653,26530)")
    parser.add_argument("--source", type=Path, default=DANTRI, help="articles to repeat (default %(default)s)")
    parser.add_argument("--work", help="folder for corpora and indexes (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep --work afterwards")
    parser.add_argument("--workers", type=int, default=None, help="build workers (default: one per core)")
    parser.add_argument("--serve-workers", type=int, default=None,
                        help="bantin serve --workers (default: bantin's own default, one per core)")
    parser.add_argument("--queries", type=int, default=diverse_queries.COUNT,
                        help="diverse queries timed once each (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=diverse_queries.WARMUP,
                        help="other diverse queries run first, untimed (default %(default)s)")
    parser.add_argument("--seed", type=int, default=diverse_queries.SEED, help="seed of the diverse set")
    parser.add_argument("--repeat", type=int, default=5, help="timed repeats of the fixed set (default 5)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--duration", type=float, default=30.0,
                        help="seconds of HTTP load with the fixed (repeated) set (default 30)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP load runs")
    parser.add_argument("--no-single", action="store_true",
                        help="skip the single-process build (made at the smallest size only)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the corpora and indexes already in --work: measure searches and HTTP only")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of bantin answering the diverse set at each size")
    return parser


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be whole numbers, e.g. 2653,26530 (got {text!r})")
    if not sizes or sizes[0] < 10:
        raise argparse.ArgumentTypeError("each size must be at least 10 documents")
    return sizes


def _print_header(args, work: Path) -> None:
    print(f"bantin benchmark  {time.strftime('%Y-%m-%d %H:%M')}  {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, tantivy {_tantivy_version()}, "
          f"load average {_load()}")
    print(f"corpus: {args.source} repeated; work folder {work}")
    print("Other processes on the machine disturb the figures: compare ratios more than absolutes.")


def _tantivy_version() -> str:
    from importlib.metadata import version

    return version("tantivy")


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


# --- one size --------------------------------------------------------------------------

def bench_size(size: int, args, work: Path, measure_single: bool) -> dict:
    paths = {"bantin": work / f"bantin-{size}", "fts5": work / f"fts5-{size}.sqlite",
             "tantivy": work / f"tantivy-{size}"}
    corpus = work / f"corpus-{size}"
    rows = {"size": size, "load": {}}
    if not args.reuse:
        build_and_update(size, args, work, corpus, paths, rows, measure_single)
    elif not all(path.exists() for path in paths.values()) or not corpus.is_dir():
        raise SystemExit(f"--reuse: missing corpus or index in {work} for N = {size}")
    print(f"[N={size:,}] sampling {args.queries:,} + {args.warmup:,} warm-up diverse queries ...", flush=True)
    measured, warm = diverse_queries.sample(corpus, args.queries, args.warmup, args.seed, workers=args.workers)
    rows["queries"] = measured
    print(f"[N={size:,}] timing queries in this process ...", flush=True)
    rows["load"]["in-process"] = _load()
    rows["search"] = {name: time_in_process(name, paths[name], measured, warm, args.repeat) for name in ENGINES}
    if args.profile:
        rows["profile"] = profile_searches(paths["bantin"], measured)
    if not args.no_http:
        print(f"[N={size:,}] HTTP, {args.clients} clients: diverse set once, fixed set {args.duration:g} s, "
              "each engine ...", flush=True)
        rows["load"]["http"] = _load()
        serve_workers = ["--workers", str(args.serve_workers)] if args.serve_workers else []
        commands = {"bantin": ["-m", "cli", "serve", "--index", str(paths["bantin"]), *serve_workers],
                    "fts5": ["-m", "bench.fts5_baseline", "serve", str(paths["fts5"])],
                    "tantivy": ["-m", "bench.tantivy_baseline", "serve", str(paths["tantivy"])]}
        rows["http"] = {name: http_run(commands[name], measured, warm, args, work / f"serve-{name}-{size}.log")
                        for name in ENGINES}
    return rows


def build_and_update(size: int, args, work: Path, corpus: Path, paths: dict, rows: dict,
                     measure_single: bool) -> None:
    print(f"\n[N={size:,}] writing corpus ...", flush=True)
    scaled_corpus.make_corpus(args.source, corpus, size)
    rows["build"], rows["update"] = {}, {}
    for name in ENGINES:
        print(f"[N={size:,}] building {TITLES[name]} ...", flush=True)
        rows["load"][f"build {name}"] = _load()
        rows["build"][name] = run_child([name, "build", corpus, paths[name]], args.workers)
    if measure_single:
        print(f"[N={size:,}] building bantin in one process ...", flush=True)
        single_index = work / f"bantin-{size}-single"
        rows["single_build"] = run_child(["bantin", "build", corpus, single_index], 1)
        shutil.rmtree(single_index, ignore_errors=True)
    rows["changes"] = scaled_corpus.change_add_remove(corpus)
    for name in ENGINES:
        rows["update"][name] = run_child([name, "update", corpus, paths[name]], args.workers)


def run_child(command: list, workers: int | None) -> dict:
    """Run one build/update in a child process; its facts plus the peak RSS of its process tree.
    bantin's is its own command line, ``bantin index`` (what the update target is about), the
    peers' a small runner (bench/build_child.py)."""
    engine, action, corpus, index = command
    if engine == "bantin":
        argv = [PYTHON, "-m", "cli", "index", "--corpus", str(corpus), "--index", str(index), "--json"]
        argv += ["--full"] if action == "build" else []
    else:
        argv = [PYTHON, "-m", "bench.build_child", *map(str, command)]
    if workers:
        argv += ["--workers", str(workers)]
    started = time.monotonic()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], http_load.tree_rss(process.pid))
            except Exception:  # the process ended between two samples
                pass
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit status {process.returncode}")
    wall_seconds = time.monotonic() - started
    facts = json.loads(output)
    if engine == "bantin":
        facts = {**facts, "skipped": len(facts["skipped"]), "size_bytes": build_facts(index)["size_bytes"]}
    facts["wall_seconds"] = wall_seconds
    facts["peak_rss"] = peak[0]
    return facts


# --- searching in this process ----------------------------------------------------------

def _searcher(name: str, path: Path):
    """``(search(text, filters) -> JSON-like dict, close())`` for one engine."""
    if name == "bantin":
        engine = Engine(path)
        return (lambda text, filters: search_json(engine.search(text, fold=False, **filters))), engine.close
    engine = Fts5Engine(path) if name == "fts5" else TantivyEngine(path)
    return engine.search, lambda: None


def time_in_process(name: str, path: Path, measured, warm, repeat: int) -> dict:
    """One engine, one thread: the warm-up queries, then each diverse query once, then the
    fixed set once, then the fixed set ``repeat`` times more (the cached case)."""
    search, close = _searcher(name, path)
    for query in warm:
        search(query.text, query.filter_dict)
    diverse = [_timed(search, query.text, query.filter_dict) for query in measured]
    fixed_once = [_timed(search, text, {}) for text in all_queries()]
    repeated = [_timed(search, text, {})[0] for _ in range(repeat) for text in all_queries()]
    close()
    return {"diverse": [seconds for seconds, _ in diverse], "diverse_totals": [total for _, total in diverse],
            "fixed": [seconds for seconds, _ in fixed_once], "fixed_totals": [total for _, total in fixed_once],
            "repeated": repeated}


def _timed(search, text: str, filters: dict) -> tuple[float, int]:
    started = time.perf_counter()
    result = search(text, filters)
    return time.perf_counter() - started, result["total"]


def profile_searches(index: Path, measured, top: int = 30) -> str:
    engine = Engine(index, cache_results=False)  # the timed run left these results in the cache
    profiler = cProfile.Profile()
    profiler.enable()
    for query in measured:
        search_json(engine.search(query.text, fold=False, **query.filter_dict))
    profiler.disable()
    engine.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# --- HTTP ---------------------------------------------------------------------------------

def http_run(server_args: list[str], measured, warm, args, log_path: Path) -> dict:
    port = http_load.free_port()
    command = [PYTHON, *server_args, "--port", str(port)]
    fixed_paths = [diverse_queries.Query(text, "fixed").api_path() for text in all_queries()]
    with http_load.running_server(command, port, ROOT, log_path) as server:
        http_load.load_each_once(port, [query.api_path() for query in warm], args.clients)
        diverse = http_load.load_each_once(port, [query.api_path() for query in measured], args.clients)
        fixed = http_load.load_paths(port, fixed_paths, args.clients, args.duration)
        rss, pss = http_load.tree_rss(server.pid), http_load.tree_pss(server.pid)
        uss = http_load.largest_uss(server.pid)
    return {"diverse": diverse, "fixed": fixed, "rss": rss, "pss": pss, "uss": uss}


# --- the table -------------------------------------------------------------------------

class Table:
    def __init__(self, size: int):
        self.size = size
        self.lines = []

    def row(self, metric, values: dict, target="", verdict=None, fmt=str, ratios=True):
        ours = values.get("bantin")
        cells = [metric] + [fmt(values[name]) if values.get(name) is not None else "-" for name in ENGINES]
        for peer in PEERS:
            theirs = values.get(peer)
            cells.append(f"{ours / theirs:.2f}x" if ratios and ours is not None and theirs else "")
        cells += [target, "" if verdict is None else ("PASS" if verdict else "FAIL")]
        self.lines.append(cells)

    def section(self, title: str):
        self.lines.append([title] + [""] * 7)

    def print(self):
        header = ["metric", "bantin", "FTS5", "tantivy", "/FTS5", "/tantivy", "target", ""]
        widths = [max(len(str(line[i])) for line in [header, *self.lines]) for i in range(len(header))]
        for line in [header, *self.lines]:
            print("  ".join(str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                            for i, (cell, width) in enumerate(zip(line, widths))).rstrip())


def print_table(size: int, rows: dict, args) -> None:
    table = Table(size)
    if "build" in rows:
        _build_rows(table, rows)
    _search_rows(table, rows)
    if "http" in rows:
        _http_rows(table, rows)
    print(f"\n=== N = {size:,} documents ===")
    table.print()
    for note in _notes(rows, args):
        print(f"  * {note}")
    if "profile" in rows:
        print(f"\n--- cProfile, bantin answering the diverse set at N = {size:,} ---")
        print(rows["profile"])


def _at_target(size: int, passed: bool) -> bool | None:
    return passed if size == TARGET_SIZE else None


def _build_rows(table: Table, rows: dict) -> None:
    size, build, update = table.size, rows["build"], rows["update"]
    rate = {name: build[name]["documents"] / build[name]["seconds"] for name in ENGINES}
    table.row("documents indexed", {n: build[n]["documents"] for n in ENGINES}, fmt=lambda v: f"{v:,}")
    table.row("build: seconds", {n: build[n]["seconds"] for n in ENGINES}, fmt=_seconds)
    table.row("build: documents/s", rate, target=f">= {BUILD_RATE} at {TARGET_SIZE:,}",
              verdict=_at_target(size, rate["bantin"] >= BUILD_RATE), fmt=lambda v: f"{v:,.0f}")
    table.row("build: peak RSS, process tree", {n: build[n]["peak_rss"] for n in ENGINES},
              target=f"<= {BUILD_BYTES / MB / 1024:g} GB at {TARGET_SIZE:,}",
              verdict=_at_target(size, build["bantin"]["peak_rss"] <= BUILD_BYTES), fmt=_megabytes)
    table.row("build: index size", {n: build[n]["size_bytes"] for n in ENGINES}, fmt=_megabytes)
    if "single_build" in rows:
        single = rows["single_build"]
        speedup = single["seconds"] / build["bantin"]["seconds"]
        table.row("build: one process (workers=1)", {"bantin": single["seconds"]}, fmt=_seconds)
        table.row("build: speed-up of default workers", {"bantin": speedup}, target=f">= {PARALLEL_SPEEDUP}x",
                  verdict=speedup >= PARALLEL_SPEEDUP, fmt=lambda v: f"{v:.2f}x", ratios=False)
    table.row("update 1 changed+1 added+1 removed", {n: update[n]["seconds"] for n in ENGINES}, fmt=_seconds)
    table.row("  same, as a command (incl. start-up)", {n: update[n]["wall_seconds"] for n in ENGINES},
              target=f"< {UPDATE_SECONDS:g} s at {SERVE_TARGET_SIZE:,}",
              verdict=update["bantin"]["wall_seconds"] < UPDATE_SECONDS if size == SERVE_TARGET_SIZE else None,
              fmt=_seconds)


def _search_rows(table: Table, rows: dict) -> None:
    size, search, queries = table.size, rows["search"], rows["queries"]
    diverse = {name: _percentiles(search[name]["diverse"]) for name in ENGINES}
    table.section(f"in-process, one thread: diverse set, {len(queries):,} queries each timed once")
    table.row("  p50 (full: 4 facets + 10 snippets)", {n: diverse[n][0] for n in ENGINES}, target="<= 0.5x FTS5",
              verdict=_at_target(size, diverse["bantin"][0] <= 0.5 * diverse["fts5"][0]), fmt=_millis)
    table.row("  p95", {n: diverse[n][1] for n in ENGINES}, target="<= 1.0x FTS5",
              verdict=_at_target(size, diverse["bantin"][1] <= diverse["fts5"][1]), fmt=_millis)
    table.row("  p99", {n: diverse[n][2] for n in ENGINES}, fmt=_millis)
    table.row("  queries/s", {n: len(search[n]["diverse"]) / sum(search[n]["diverse"]) for n in ENGINES},
              fmt=lambda v: f"{v:,.1f}")
    for kind in diverse_queries.KINDS:
        table.row(f"  p50 of {kind}", {n: _median_where(search[n]["diverse"], queries, lambda q: q.kind == kind)
                                       for n in ENGINES}, fmt=_millis)
    table.row("  p50 of filtered (year, unit, directive)",
              {n: _median_where(search[n]["diverse"], queries, lambda q: bool(q.filters)) for n in ENGINES},
              fmt=_millis)
    table.row("  matching documents, median query", {n: statistics.median(search[n]["diverse_totals"])
                                                     for n in ENGINES}, fmt=lambda v: f"{v:,.0f}")
    fixed = {name: _percentiles(search[name]["fixed"]) for name in ENGINES}
    table.section(f"in-process, one thread: fixed set, {len(all_queries())} queries each timed once")
    table.row("  p50", {n: fixed[n][0] for n in ENGINES}, fmt=_millis)
    table.row("  p95", {n: fixed[n][1] for n in ENGINES}, fmt=_millis)
    table.row("  p99", {n: fixed[n][2] for n in ENGINES}, fmt=_millis)
    for kind, texts in QUERIES.items():
        table.row(f"  p50 of {kind}", {n: statistics.median(
            seconds for seconds, text in zip(search[n]["fixed"], all_queries()) if text in texts) for n in ENGINES},
            fmt=_millis)
    table.row("  matching documents, median query", {n: statistics.median(search[n]["fixed_totals"])
                                                     for n in ENGINES}, fmt=lambda v: f"{v:,.0f}")
    repeated = {name: _percentiles(search[name]["repeated"]) for name in ENGINES}
    passes = len(search["bantin"]["repeated"]) // len(all_queries())
    table.section(f"in-process, one thread: fixed set repeated x {passes} (cached case)")
    table.row("  p50", {n: repeated[n][0] for n in ENGINES}, fmt=_millis)
    table.row("  p99", {n: repeated[n][2] for n in ENGINES}, fmt=_millis)


def _http_rows(table: Table, rows: dict) -> None:
    size, http = table.size, rows["http"]
    diverse = {name: _percentiles(http[name]["diverse"]["latencies"]) for name in ENGINES}
    rps = {name: http[name]["diverse"]["rps"] for name in ENGINES}
    table.section(f"HTTP /api/search, {rows['http']['bantin']['diverse']['requests']:,} diverse queries once each")
    table.row("  requests/s", rps, target=">= 2x FTS5", verdict=_at_target(size, rps["bantin"] >= 2 * rps["fts5"]),
              fmt=lambda v: f"{v:,.1f}")
    table.row("  p50", {n: diverse[n][0] for n in ENGINES}, fmt=_millis)
    table.row("  p95", {n: diverse[n][1] for n in ENGINES}, fmt=_millis)
    table.row("  p99", {n: diverse[n][2] for n in ENGINES}, target="<= FTS5",
              verdict=_at_target(size, diverse["bantin"][2] <= diverse["fts5"][2]), fmt=_millis)
    table.row("  errors", {n: http[n]["diverse"]["errors"] for n in ENGINES}, target="0",
              verdict=http["bantin"]["diverse"]["errors"] == 0, fmt=lambda v: f"{v:,}", ratios=False)
    fixed = {name: _percentiles(http[name]["fixed"]["latencies"]) for name in ENGINES}
    table.section("HTTP /api/search, fixed set repeated (cached case)")
    table.row("  requests/s", {n: http[n]["fixed"]["rps"] for n in ENGINES}, fmt=lambda v: f"{v:,.1f}")
    table.row("  p50", {n: fixed[n][0] for n in ENGINES}, fmt=_millis)
    table.row("  p99", {n: fixed[n][2] for n in ENGINES}, fmt=_millis)
    table.row("  errors", {n: http[n]["fixed"]["errors"] for n in ENGINES}, target="0",
              verdict=http["bantin"]["fixed"]["errors"] == 0, fmt=lambda v: f"{v:,}", ratios=False)
    table.row("serve: RSS after load, process tree", {n: http[n]["rss"] for n in ENGINES}, fmt=_megabytes)
    memory = "pss" if all(http[n]["pss"] for n in ENGINES) else "rss"
    table.row(f"serve: {memory.upper()} after load, process tree", {n: http[n][memory] for n in ENGINES},
              target=f"< 1 GB at {SERVE_TARGET_SIZE:,}",
              verdict=http["bantin"][memory] < SERVE_BYTES if size == SERVE_TARGET_SIZE else None, fmt=_megabytes)
    if all(http[n].get("uss") for n in ENGINES):
        table.row("serve: USS of the largest process", {n: http[n]["uss"] for n in ENGINES},
                  target=f"< 500 MB at {SERVE_TARGET_SIZE:,}",
                  verdict=http["bantin"]["uss"] < PRIVATE_BYTES if size == SERVE_TARGET_SIZE else None,
                  fmt=_megabytes)


def _notes(rows: dict, args) -> list[str]:
    queries = rows["queries"]
    filtered = sum(1 for query in queries if query.filters)
    notes = [f"diverse set: {len(queries):,} distinct queries (seed {args.seed}; {filtered:,} filtered), "
             f"after {args.warmup:,} other warm-up queries; every engine searches the same text "
             "(bench/documents.py) and does the same work: total, facet counts, top 10 with snippets"]
    if "build" in rows:
        changes = rows["changes"]
        notes += [f"update: {changes['changed']} changed, {changes['added']} added, {changes['removed']} removed; "
                  "seconds inside each engine's update",
                  "peak RSS: sum over the build process and its workers, sampled every "
                  f"{SAMPLE_SECONDS * 1000:.0f} ms (shared pages counted once per process)"]
        if "single_build" in rows:
            notes.append("one-process build measured at the smallest size only")
    else:
        notes.append("--reuse: indexes built by an earlier run, build and update not measured")
    if "http" in rows:
        notes.append(f"HTTP: {args.clients} client threads in this process; bantin behind `bantin serve` "
                     f"({'--workers ' + str(args.serve_workers) if args.serve_workers else 'its default workers'}), "
                     "FTS5 and tantivy behind waitress with 8 threads; memory of each server's process tree: "
                     "RSS counts pages shared by workers (the mapped index) once per process, PSS splits them")
    notes.append("load average at each phase: " + "; ".join(f"{phase} {load}" for phase, load in rows["load"].items())
                 + f"; now {_load()}")
    return notes


def _median_where(latencies: list[float], queries, wanted) -> float | None:
    chosen = [seconds for seconds, query in zip(latencies, queries) if wanted(query)]
    return statistics.median(chosen) if chosen else None


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return (values[0],) * 3 if values else (0.0, 0.0, 0.0)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def _seconds(value: float) -> str:
    return f"{value:.2f} s"


def _millis(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def _megabytes(value: float) -> str:
    return f"{value / MB:,.0f} MB"


if __name__ == "__main__":
    sys.exit(main())
