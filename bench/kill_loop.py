"""``kill -9`` during ``bantin index``, many times over, and a summary of what survived.

    python bench/kill_loop.py [--runs 50] [--batch 12] [--seed 1] [--work DIR]

Each run adds ``--batch`` Dân trí articles to a corpus, starts ``python -m cli index``
(every other run with two worker processes) and kills it at a random moment between its
start and its expected end. Then it checks what a user would: the live index still
answers with the previous (or, if the update finished first, the new) document count,
through the Engine and, every fifth run, ``bantin search``; no process of the killed
update is left behind; the next update is not refused and completes with one document
per file. A line per run, then the summary.
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import search  # noqa: E402  (after the path is set)
from search import Engine  # noqa: E402

DANTRI = ROOT.parent / "shared" / "data" / "news-dantri"
SEEDS = ROOT / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--batch", type=int, default=12, help="articles added before each killed update")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for corpus and index (default: a temp one)")
    args = parser.parse_args()
    articles = sorted(DANTRI.glob("news_*.txt"))
    if len(articles) < args.runs * args.batch:
        parser.error(f"{DANTRI} has {len(articles)} articles, {args.runs * args.batch} needed")
    work = args.work or Path(tempfile.mkdtemp(prefix="bantin-kill-loop-"))
    corpus, index_dir = work / "corpus", work / "index"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, corpus)
    search.update_index(corpus, index_dir, workers=1)
    rng = random.Random(args.seed)
    expected_seconds = _timed_update(corpus, index_dir, "1")  # how long an update takes, for the kill moments
    print(f"an uninterrupted update takes {expected_seconds:.1f} s; killing at random moments in it")

    outcomes = []
    for run in range(args.runs):
        for article in articles[run * args.batch:(run + 1) * args.batch]:
            shutil.copy(article, corpus)
        outcome = _kill_and_check(corpus, index_dir, workers="2" if run % 2 else "1",
                                  moment=rng.uniform(0.05, expected_seconds * 1.1), use_cli=run % 5 == 0)
        outcomes.append(outcome)
        print(f"run {run + 1:3d}: killed at {outcome['moment']:.2f} s "
              f"({'mid-update' if outcome['mid_update'] else 'after it finished'}), "
              f"old index served: {outcome['served']}, next update: {outcome['next']} "
              f"in {outcome['recovery_seconds']:.1f} s", flush=True)
    _summary(outcomes)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(_ok(outcome) for outcome in outcomes) else 1


def _command(corpus: Path, index_dir: Path, workers: str) -> list[str]:
    return [sys.executable, "-m", "cli", "index", "--corpus", str(corpus), "--index", str(index_dir),
            "--quiet", "--workers", workers]


def _timed_update(corpus: Path, index_dir: Path, workers: str) -> float:
    started = time.monotonic()
    subprocess.run(_command(corpus, index_dir, workers) + ["--full"], cwd=ROOT, check=True,
                   capture_output=True)
    return time.monotonic() - started


def _kill_and_check(corpus: Path, index_dir: Path, workers: str, moment: float, use_cli: bool) -> dict:
    before = search.live_generation(index_dir)
    documents_before = _documents(index_dir)
    update = subprocess.Popen(_command(corpus, index_dir, workers), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(moment)
    os.kill(update.pid, signal.SIGKILL)
    update.wait()
    files = len(list(corpus.glob("*.txt")))
    mid_update = search.live_generation(index_dir) == before
    expected = documents_before if mid_update else files
    served = _documents(index_dir) == expected and (not use_cli or _cli_total(index_dir) == expected)
    leftovers = _processes_of(index_dir, wait=2.0)
    started = time.monotonic()
    try:
        report = search.update_index(corpus, index_dir, workers=int(workers))
        next_update = "completed" if report.documents == files == _documents(index_dir) else "inconsistent"
    except search.IndexBusy:
        next_update = "refused (lock still held)"
    return {"moment": moment, "mid_update": mid_update, "served": served, "next": next_update,
            "leftover_processes": leftovers, "recovery_seconds": time.monotonic() - started}


def _documents(index_dir: Path) -> int:
    engine = Engine(index_dir)
    try:
        return engine.search("").total
    finally:
        engine.close()


def _cli_total(index_dir: Path) -> int | None:
    run = subprocess.run([sys.executable, "-m", "cli", "search", "", "--index", str(index_dir), "--json"],
                         cwd=ROOT, capture_output=True, text=True)
    return json.loads(run.stdout)["total"] if run.returncode == 0 else None


def _processes_of(index_dir: Path, wait: float) -> int:
    """Processes still running with ``index_dir`` on their command line (Linux: /proc), after ``wait`` s."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0
    deadline = time.monotonic() + wait
    while True:
        alive = 0
        for cmdline in proc.glob("[0-9]*/cmdline"):
            try:
                alive += str(index_dir).encode() in cmdline.read_bytes()
            except OSError:
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _ok(outcome: dict) -> bool:
    return outcome["served"] and outcome["next"] == "completed" and not outcome["leftover_processes"]


def _summary(outcomes: list[dict]) -> None:
    mid = [outcome for outcome in outcomes if outcome["mid_update"]]
    print(f"\n{len(outcomes)} updates killed: {len(mid)} mid-update, {len(outcomes) - len(mid)} after finishing")
    print(f"  old (or finished) index served correctly: {sum(o['served'] for o in outcomes)}/{len(outcomes)}")
    print(f"  next update completed and consistent:     {sum(o['next'] == 'completed' for o in outcomes)}"
          f"/{len(outcomes)}")
    print(f"  next update refused (lock left behind):   "
          f"{sum(o['next'].startswith('refused') for o in outcomes)}")
    print(f"  runs leaving processes behind:            {sum(bool(o['leftover_processes']) for o in outcomes)}")
    print(f"  recovery update: median {statistics.median(o['recovery_seconds'] for o in outcomes):.1f} s, "
          f"max {max(o['recovery_seconds'] for o in outcomes):.1f} s")
    print(f"  all checks passed: {sum(_ok(o) for o in outcomes)}/{len(outcomes)}")


if __name__ == "__main__":
    sys.exit(main())
