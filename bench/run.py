"""bantin benchmark: build, update, search and serve at several corpus sizes, beside SQLite FTS5.

    .venv/bin/python bench/run.py --sizes 2653,26530,100000

For each size N the 2,653 Dân trí articles (../shared/data/news-dantri) are repeated into
N files with distinct ids, urls and years (bench/scaled_corpus.py). Both engines then
build, take an incremental update (one file changed, one added, one removed), answer the
fixed query set (bench/query_set.py) warm, and serve /api/search to concurrent clients.
Every figure is printed beside FTS5's (bench/fts5_baseline.py) and the issue's targets.
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

from bench import http_load, scaled_corpus  # noqa: E402
from bench.fts5_baseline import Fts5Engine  # noqa: E402
from bench.query_set import QUERIES, all_queries  # noqa: E402
from search import Engine  # noqa: E402
from web.render import search_json  # noqa: E402  (as /api/search renders it)

DANTRI = ROOT.parent / "shared" / "data" / "news-dantri"
PYTHON = sys.executable
MB = 1024 * 1024
SAMPLE_SECONDS = 0.05
# Targets from the performance issue.
PARALLEL_SPEEDUP = 1.6
UPDATE_SECONDS, UPDATE_TARGET_SIZE = 2.0, 26_530
SERVE_BYTES, SERVE_TARGET_SIZE = 1024 * MB, 100_000


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bantin-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    _print_header(args, work)
    try:
        for size in args.sizes:
            rows = bench_size(size, args, work, measure_single=size == min(args.sizes) and not args.no_single)
            print_table(size, rows)
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
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the query set (default 5)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--duration", type=float, default=30.0, help="HTTP load seconds (default 30)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP load runs")
    parser.add_argument("--no-single", action="store_true",
                        help="skip the single-process build (made at the smallest size only)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the corpora and indexes already in --work: measure searches and HTTP only")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of one pass of bantin searches at each size")
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
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"bantin benchmark  {time.strftime('%Y-%m-%d %H:%M')}  {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, load average {load}")
    print(f"corpus: {args.source} repeated; work folder {work}")
    print("Other processes on the machine disturb the figures: compare ratios more than absolutes.")


# --- one size --------------------------------------------------------------------------

def bench_size(size: int, args, work: Path, measure_single: bool) -> dict:
    index, database = work / f"bantin-{size}", work / f"fts5-{size}.sqlite"
    rows = {"size": size}
    if not args.reuse:
        build_and_update(size, args, work, index, database, rows, measure_single)
    elif not (index / "CURRENT").exists() or not database.exists():
        raise SystemExit(f"--reuse: no bantin index {index} or FTS5 database {database} to reuse")
    print(f"[N={size:,}] timing queries ...", flush=True)
    rows["search"], rows["fts5_search"] = time_queries(index, database, args.repeat)
    if args.profile:
        rows["profile"] = profile_searches(index)
    if not args.no_http:
        print(f"[N={size:,}] HTTP load, {args.clients} clients x {args.duration:g} s, each engine ...", flush=True)
        rows["http"] = http_run(["-m", "cli", "serve", "--index", str(index)], args, work / f"serve-{size}.log")
        rows["fts5_http"] = http_run(["-m", "bench.fts5_baseline", "serve", str(database)], args,
                                     work / f"fts5-serve-{size}.log")
    return rows


def build_and_update(size: int, args, work: Path, index: Path, database: Path, rows: dict,
                     measure_single: bool) -> None:
    print(f"\n[N={size:,}] writing corpus ...", flush=True)
    corpus = scaled_corpus.make_corpus(args.source, work / f"corpus-{size}", size)
    print(f"[N={size:,}] building bantin and FTS5 ...", flush=True)
    rows["build"] = run_child(["bantin", "build", corpus, index], args.workers)
    rows["fts5_build"] = run_child(["fts5", "build", corpus, database], args.workers)
    if measure_single:
        print(f"[N={size:,}] building bantin in one process ...", flush=True)
        single_index = work / f"bantin-{size}-single"
        rows["single_build"] = run_child(["bantin", "build", corpus, single_index], 1)
        shutil.rmtree(single_index, ignore_errors=True)
    rows["changes"] = scaled_corpus.change_add_remove(corpus)
    rows["update"] = run_child(["bantin", "update", corpus, index], args.workers)
    rows["fts5_update"] = run_child(["fts5", "update", corpus, database], args.workers)


def run_child(command: list, workers: int | None) -> dict:
    """Run one build/update in a child process; its facts plus the peak RSS of its process tree."""
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
    facts = json.loads(output.strip().splitlines()[-1])
    facts["wall_seconds"] = time.monotonic() - started
    facts["peak_rss"] = peak[0]
    return facts


def time_queries(index: Path, database: Path, repeat: int) -> tuple[dict, dict]:
    """Warm latencies of both engines' full search over the query set."""
    queries = all_queries()
    engine, baseline = Engine(index), Fts5Engine(database)
    results = []
    for search in (lambda q: search_json(engine.search(q)), baseline.search):
        totals = [search(query)["total"] for query in queries]  # warm-up pass
        latencies, by_kind = [], {kind: [] for kind in QUERIES}
        for _ in range(repeat):
            for kind, kind_queries in QUERIES.items():
                for query in kind_queries:
                    started = time.perf_counter()
                    search(query)
                    latencies.append(time.perf_counter() - started)
                    by_kind[kind].append(latencies[-1])
        results.append({"latencies": latencies, "by_kind": by_kind, "median_total": statistics.median(totals)})
    engine.close()
    return results[0], results[1]


def profile_searches(index: Path, top: int = 25) -> str:
    engine = Engine(index)
    for query in all_queries():
        engine.search(query)
    profiler = cProfile.Profile()
    profiler.enable()
    for query in all_queries():
        engine.search(query)
    profiler.disable()
    engine.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def http_run(server_args: list[str], args, log_path: Path) -> dict:
    port = http_load.free_port()
    command = [PYTHON, *server_args, "--port", str(port)]
    with http_load.running_server(command, port, ROOT, log_path) as server:
        http_load.load(port, all_queries(), args.clients, min(5.0, args.duration))  # warm every thread
        result = http_load.load(port, all_queries(), args.clients, args.duration)
        result["rss"] = http_load.tree_rss(server.pid)
    return result


# --- the table -------------------------------------------------------------------------

def print_table(size: int, rows: dict) -> None:
    lines = []

    def row(metric, ours, theirs=None, target="", verdict=None, fmt=str):
        ratio = f"{ours / theirs:.2f}x" if theirs not in (None, 0) and ours is not None else ""
        mark = "" if verdict is None else ("PASS" if verdict else "FAIL")
        lines.append((metric, fmt(ours) if ours is not None else "-",
                      fmt(theirs) if theirs is not None else "-", ratio, target, mark))

    if "build" in rows:
        _build_rows(size, rows, row)
    _search_rows(size, rows, row)
    print(f"\n=== N = {size:,} documents ===")
    header = ("metric", "bantin", "FTS5", "bantin/FTS5", "target", "")
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, *lines]:
        print("  ".join(str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                        for i, (cell, width) in enumerate(zip(line, widths))).rstrip())
    for note in _notes(rows):
        print(f"  * {note}")
    if "profile" in rows:
        print(f"\n--- cProfile, one warm pass of bantin searches at N = {size:,} ---")
        print(rows["profile"])


def _build_rows(size: int, rows: dict, row) -> None:
    build, fts_build = rows["build"], rows["fts5_build"]
    row("documents indexed", build["documents"], fts_build["documents"], fmt=lambda v: f"{v:,}")
    row("build: seconds", build["seconds"], fts_build["seconds"], fmt=_seconds)
    row("build: documents/s", build["documents"] / build["seconds"],
        fts_build["documents"] / fts_build["seconds"], fmt=lambda v: f"{v:,.0f}")
    row("build: peak RSS, process tree", build["peak_rss"], fts_build["peak_rss"], fmt=_megabytes)
    row("build: index size", build["size_bytes"], fts_build["size_bytes"], fmt=_megabytes)
    if "single_build" in rows:
        single = rows["single_build"]
        speedup = single["seconds"] / build["seconds"]
        row("build: one process (workers=1)", single["seconds"], fmt=_seconds)
        row("build: speed-up of default workers", speedup, target=f">= {PARALLEL_SPEEDUP}x",
            verdict=speedup >= PARALLEL_SPEEDUP, fmt=lambda v: f"{v:.2f}x")
    update, fts_update = rows["update"], rows["fts5_update"]
    row("update 1 changed+1 added+1 removed", update["seconds"], fts_update["seconds"],
        target=f"< {UPDATE_SECONDS:g} s at {UPDATE_TARGET_SIZE:,}",
        verdict=update["seconds"] < UPDATE_SECONDS if size == UPDATE_TARGET_SIZE else None, fmt=_seconds)
    row("  same, as a command (incl. start-up)", update["wall_seconds"], fts_update["wall_seconds"], fmt=_seconds)


def _search_rows(size: int, rows: dict, row) -> None:
    search, fts_search = rows["search"], rows["fts5_search"]
    ours, theirs = _percentiles(search["latencies"]), _percentiles(fts_search["latencies"])
    row("search p50 (full: 4 facets + 10 snippets)", ours[0], theirs[0], target="<= FTS5",
        verdict=ours[0] <= theirs[0], fmt=_millis)
    row("search p95", ours[1], theirs[1], target="<= 2x FTS5", verdict=ours[1] <= 2 * theirs[1], fmt=_millis)
    row("search p99", ours[2], theirs[2], fmt=_millis)
    for kind in QUERIES:
        row(f"  p50 of {kind} queries", statistics.median(search["by_kind"][kind]),
            statistics.median(fts_search["by_kind"][kind]), fmt=_millis)
    row("matching documents, median query", search["median_total"], fts_search["median_total"],
        fmt=lambda v: f"{v:,.0f}")
    if "http" in rows:
        http, fts_http = rows["http"], rows["fts5_http"]
        row("HTTP /api/search requests/s", http["rps"], fts_http["rps"], fmt=lambda v: f"{v:,.1f}")
        row("HTTP p99", _percentiles(http["latencies"])[2], _percentiles(fts_http["latencies"])[2], fmt=_millis)
        row("HTTP errors", http["errors"], fts_http["errors"], target="0", verdict=http["errors"] == 0,
            fmt=lambda v: f"{v:,}")
        row("serve: RSS after load", http["rss"], fts_http["rss"],
            target=f"< 1 GB at {SERVE_TARGET_SIZE:,}",
            verdict=http["rss"] < SERVE_BYTES if size == SERVE_TARGET_SIZE else None, fmt=_megabytes)


def _notes(rows: dict) -> list[str]:
    passes = len(rows["search"]["latencies"]) // len(all_queries())
    notes = [f"search: {len(all_queries())} queries x {passes} warm passes, one thread; "
             "FTS5 reads the same documents (search.metadata.bulletin.read_bulletin)"]
    if "build" in rows:
        changes = rows["changes"]
        notes += [f"update: {changes['changed']} changed, {changes['added']} added, {changes['removed']} removed; "
                  "seconds inside update_index / FTS5 update",
                  "peak RSS: sum over the build process and its workers, sampled every "
                  f"{SAMPLE_SECONDS * 1000:.0f} ms (shared pages counted once per process)"]
    else:
        notes.append("--reuse: indexes built by an earlier run, build and update not measured")
    if "single_build" in rows:
        notes.append("one-process build measured at the smallest size only")
    if "http" in rows:
        notes.append(f"HTTP: {rows['http']['requests']:,} bantin / {rows['fts5_http']['requests']:,} FTS5 requests, "
                     "both behind waitress with 8 threads; RSS of the server process")
    notes.append("load average now: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return notes


def _percentiles(values: list[float]) -> tuple[float, float, float]:
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
