"""``bantin serve`` on every core: worker processes that each answer requests on the live
index generation, and move to a rebuilt one without a restart."""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from conftest import ROOT, copy_seeds
from search import update_index
from web.server import default_workers
from web_fixtures import free_port, wait_until_healthy

NEW_BULLETIN = """---
title: Hội nghị tổng kết công tác tuyên giáo năm 2023
date: 2023-12-20
unit: Ban Tuyên giáo Quận ủy Ba Đình
level: quận
---
Sáng ngày 20/12/2023, Ban Tuyên giáo Quận ủy Ba Đình tổ chức hội nghị tổng kết công tác tuyên giáo
năm 2023 với chủ đề khinhkhícầu.
"""
WAIT_SECONDS = 60


def _get(base_url: str, path: str) -> dict:
    with urllib.request.urlopen(base_url + path, timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read().decode("utf-8"))


def _burst(base_url: str, query: str, requests: int = 24) -> list[int]:
    """``requests`` searches at once (distinct pages, so none is a repeat); their totals."""
    totals, threads = [], []

    def one(number: int) -> None:
        path = "/api/search?" + urllib.parse.urlencode({"q": query, "per_page": 1, "page": number % 5 + 1})
        totals.append(_get(base_url, path)["total"])

    for number in range(requests):
        threads.append(threading.Thread(target=one, args=(number,)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    return totals


def _generations_open(worker: psutil.Process, index_dir: Path) -> set[str]:
    """The index generations whose files a worker process has open."""
    opened = set()
    for item in worker.open_files():
        path = Path(item.path)
        if path.parent.parent == index_dir and path.parent.name.startswith("gen-"):
            opened.add(path.parent.name)
    return opened


def _until_every_worker_has_open(base_url, workers, index_dir, generation: str, query: str) -> list[int]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        totals = _burst(base_url, query)
        if all(generation in _generations_open(worker, index_dir) for worker in workers):
            return totals
        assert time.monotonic() < deadline, [(w.pid, _generations_open(w, index_dir)) for w in workers]


def _workers(pid: int, count: int) -> list[psutil.Process]:
    """The server's worker processes, once it has started ``count`` of them."""
    deadline = time.monotonic() + WAIT_SECONDS
    while len(psutil.Process(pid).children()) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = psutil.Process(pid).children()
    assert len(workers) == count
    return workers


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn does not run on Windows: one waitress process")
def test_two_worker_processes_serve_and_pick_up_a_rebuilt_index(tmp_path):
    corpus, index_dir = copy_seeds(tmp_path / "corpus"), tmp_path / "index"
    first = update_index(corpus, index_dir, workers=1).generation
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--index", str(index_dir), "--port", str(port),
                               "--workers", "2", "--threads", "4"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, server)
        workers = _workers(server.pid, 2)
        # Both processes answer searches, each from the live generation it opened itself.
        assert set(_until_every_worker_has_open(base_url, workers, index_dir, first, "tuyên giáo")) == {5}

        (corpus / "moi.txt").write_text(NEW_BULLETIN, encoding="utf-8")
        second = update_index(corpus, index_dir, workers=1).generation
        assert second != first
        # No restart: each worker moves to the new generation on its next requests.
        _until_every_worker_has_open(base_url, workers, index_dir, second, "tuyên giáo")
        assert set(_burst(base_url, "tuyên giáo")) == {6}
        assert set(_burst(base_url, "khinhkhícầu")) == {1}
        assert psutil.Process(server.pid).children() == workers  # the same processes throughout
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert server.returncode == 0, output
    assert "2 tiến trình" in output and "Traceback" not in output


def test_default_workers_is_one_per_core_where_gunicorn_runs():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_workers() == (1 if sys.platform == "win32" else cores)


def test_a_bad_workers_option_is_one_line_naming_it():
    refused = subprocess.run([sys.executable, "-m", "cli", "serve", "--workers", "0"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--workers" in refused.stderr and "Traceback" not in refused.stderr


def test_where_gunicorn_does_not_run_one_waitress_process_serves(monkeypatch, seed_index, capsys):
    """Windows (or no gunicorn): ``--workers`` is said to need gunicorn, and waitress serves."""
    from web import server

    class Waitress:
        effective_host, effective_port = "127.0.0.1", 8000

        def run(self):
            started.append(True)

    created, started = {}, []
    monkeypatch.setattr(server, "_can_fork", lambda: False)
    monkeypatch.setattr(server.waitress, "create_server", lambda app, **options: created.update(options) or Waitress())
    assert server.default_workers() == 1
    assert server.serve(seed_index, workers=4, threads=3) == 0
    assert created["threads"] == 3 and started == [True]
    assert "--workers" in capsys.readouterr().err


def test_warm_up_builds_what_the_engines_of_a_generation_share(tmp_path):
    """What ``bantin serve`` builds before forking its workers, which then start with it."""
    from search import live_generation, warm_up
    from search.query import engine as engine_module

    index_dir = tmp_path / "index"
    update_index(copy_seeds(tmp_path / "corpus"), index_dir, workers=1)
    warm_up(index_dir)
    generation = live_generation(index_dir)
    shared = engine_module._shared_by_generation[(str(generation), generation.stat().st_ino)]
    assert {"facets", "vocabulary", "postings"} <= set(shared)  # vocabulary: the accent restorer's
    assert shared["postings"].mapped and shared["postings"]._lengths  # field lengths read too
    warm_up(tmp_path / "no-index")  # nothing to warm: no error
