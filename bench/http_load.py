"""Start a search server, load it with concurrent clients, measure throughput and memory."""

import contextlib
import http.client
import socket
import subprocess
import threading
import time
import urllib.parse

import psutil

STARTUP_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(command: list[str], port: int, cwd, log_path):
    """Run ``command`` (a server on ``port``) until the block ends; yields its process."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(process, port, log_path)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(process, port: int, log_path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {log_path}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server not healthy after {STARTUP_TIMEOUT} s; see {log_path}")


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, bytes."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total


def tree_pss(pid: int) -> int | None:
    """Proportional memory of a process and its children, bytes (each shared page split
    between the processes that map it: a fair sum for workers sharing a mapped index);
    None where the system does not tell (PSS is Linux's)."""
    total = 0
    for process in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        try:
            total += process.memory_full_info().pss
        except (AttributeError, psutil.Error):
            return None
    return total


def largest_uss(pid: int) -> int | None:
    """Memory private to the largest process of a server's tree (USS: not shared with any
    other process, so not the index's mapped pages), bytes; None where the system does not
    tell."""
    largest = 0
    for process in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        try:
            largest = max(largest, process.memory_full_info().uss)
        except (AttributeError, psutil.Error):
            return None
    return largest


def load(port: int, queries: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads each sending ``/api/search?q=...`` back to back for ``seconds``."""
    return load_paths(port, ["/api/search?" + urllib.parse.urlencode({"q": query}) for query in queries],
                      clients, seconds)


def load_paths(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads each requesting ``paths`` in turn, back to back, for ``seconds``
    (so each path is asked many times: the cached case)."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, failed, sent = [], 0, offset
        while time.monotonic() < deadline:
            path = paths[sent % len(paths)]
            sent += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests": len(latencies), "errors": errors[0], "seconds": elapsed,
            "rps": len(latencies) / elapsed, "latencies": latencies}


def load_each_once(port: int, paths: list[str], clients: int) -> dict:
    """``clients`` threads sharing ``paths`` (``/api/search?...``): each path is requested
    exactly once, by whichever client is free; the run ends when all are answered."""
    latencies, errors, lock = [], [0], threading.Lock()
    queue = iter(paths)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, failed = [], 0
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests": len(latencies), "errors": errors[0], "seconds": elapsed,
            "rps": len(latencies) / elapsed, "latencies": latencies}
