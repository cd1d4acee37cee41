"""``bantin serve``: the web app behind a production WSGI server (no debugger), on every core.

Python runs one thread at a time per process, so one process answers searches on one core
however many threads it has. Where the platform can fork (Linux, macOS) the app is served
by ``workers`` gunicorn processes (threaded workers, ``threads`` each) sharing one listening
socket; elsewhere (Windows), or with one worker, by waitress in this process. Every worker
opens the live index generation itself (its files are memory-mapped, so the page cache
holds them once for all) and, as with one process, moves to a newer generation on the
next request after a build (web/engines.py): no restart.
"""

import errno
import ipaddress
import os
import socket
import sys

import waitress

from search import IndexMissing, live_generation, warm_up

from . import create_app

# Seconds a worker may take on one request before gunicorn replaces it, and to finish its
# requests when the server stops.
WORKER_TIMEOUT, GRACEFUL_TIMEOUT = 300, 5


def default_workers() -> int:
    """One worker process per core the process may run on; 1 where gunicorn does not run."""
    if not _can_fork():
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


def serve(index_dir, host: str = "127.0.0.1", port: int = 8000, threads: int = 8, workers: int | None = None,
          users_file=None, base_url: str | None = None) -> int:
    """Serve the index at ``index_dir`` until interrupted; the exit status.

    ``users_file``: require a login (web/auth.py); ``base_url``: the address the service is
    reached at, used for the URLs it writes instead of the client's ``Host`` header.
    Listening beyond this computer without a login prints a warning that anyone on the
    network can read the index."""
    if workers and workers > 1 and not _can_fork():
        print("bantin: cảnh báo: --workers cần gunicorn (Linux, macOS); phục vụ bằng một tiến trình", file=sys.stderr)
        workers = 1
    workers = workers or default_workers()
    try:
        live_generation(index_dir)
    except IndexMissing as missing:
        print(f"bantin: cảnh báo: {missing}; các trang trả lời 503 cho đến khi có chỉ mục", file=sys.stderr)
    config = {"INDEX_DIR": str(index_dir)}
    if users_file:
        config["USERS_FILE"] = str(users_file)
    if base_url:
        config["BASE_URL"] = base_url
    try:
        app = create_app(config)
    except ValueError as error:  # a users file or base URL that cannot be used
        print(f"bantin: {error}", file=sys.stderr)
        return 2
    warm_up(index_dir)  # what the first searches would wait for, loaded before any worker is forked
    if workers > 1 and _can_fork():
        try:
            listeners = _listen(host, port)
        except OSError as error:
            return _cannot_listen(host, port, error)
        _warn_about_readers([listener.getsockname()[0] for listener in listeners], users_file, base_url)
        return _serve_with_gunicorn(app, listeners, threads, workers)
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="bantin")
    except OSError as error:
        return _cannot_listen(host, port, error)
    addresses = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    _warn_about_readers([address for address, _ in addresses], users_file, base_url)
    print(f"bantin: phục vụ {index_dir} tại {' và '.join(_urls_of(addresses))} (Ctrl+C để dừng)", flush=True)
    server.run()  # returns on Ctrl+C
    return 0


def _warn_about_readers(addresses: list[str], users_file, base_url: str | None) -> None:
    """Beyond this computer, anyone on the network reads the index unless a login is set;
    with one, passwords cross the network in clear unless served behind HTTPS."""
    if all(_is_loopback(address) for address in addresses):
        return
    if not users_file:
        print("bantin: cảnh báo: đang phục vụ ra ngoài máy này mà không cần đăng nhập: bất kỳ ai trong mạng "
              "cũng đọc được toàn bộ chỉ mục; hãy đặt người dùng (bantin user add TÊN) và --users",
              file=sys.stderr, flush=True)
    elif not (base_url or "").startswith("https://"):
        print("bantin: cảnh báo: mật khẩu đăng nhập đi qua mạng không mã hóa: hãy phục vụ sau HTTPS "
              "(một máy chủ ủy quyền) và đặt --base-url https://...", file=sys.stderr, flush=True)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip("[]").partition("%")[0]).is_loopback
    except ValueError:
        return address == "localhost"


def _can_fork() -> bool:
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401  (installed everywhere but Windows)
    except ImportError:
        return False
    return True


def _serve_with_gunicorn(app, listeners: list[socket.socket], threads: int, workers: int) -> int:
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self):
            settings = {
                # The sockets are bound here, so that a busy port is reported as waitress's is.
                "bind": [f"fd://{listener.fileno()}" for listener in listeners],
                "workers": workers, "threads": threads, "worker_class": "gthread",
                "timeout": WORKER_TIMEOUT, "graceful_timeout": GRACEFUL_TIMEOUT,
                "proc_name": "bantin", "loglevel": "warning", "accesslog": None, "errorlog": "-",
            }
            for name, value in settings.items():
                self.cfg.set(name, value)

        def load(self):
            return app

    addresses = [listener.getsockname()[:2] for listener in listeners]
    print(f"bantin: phục vụ {app.config['INDEX_DIR']} tại {' và '.join(_urls_of(addresses))} "
          f"({workers} tiến trình × {threads} luồng; Ctrl+C để dừng)", flush=True)
    Application().run()  # returns when gunicorn stops (Ctrl+C, SIGTERM)
    return 0


def _listen(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address ``host`` resolves to (as waitress does)."""
    listeners = []
    try:
        for family, kind, protocol, _, address in socket.getaddrinfo(host, port, socket.AF_UNSPEC,
                                                                     socket.SOCK_STREAM, 0, socket.AI_PASSIVE):
            if any(listener.getsockname()[:2] == address[:2] for listener in listeners):
                continue
            listener = socket.socket(family, kind, protocol)
            listeners.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            listener.listen(1024)
            listener.set_inheritable(True)
    except OSError:
        for listener in listeners:
            listener.close()
        raise
    return listeners


def _cannot_listen(host: str, port: int, error: OSError) -> int:
    hint = f"; cổng {port} đang bận: chọn cổng khác bằng --port, ví dụ --port {port + 1}" if _busy(error) else ""
    print(f"bantin: không mở được {host}:{port}: {error.strerror or error}{hint}", file=sys.stderr)
    return 2


def _busy(error: OSError) -> bool:
    return error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE))


def _urls_of(addresses) -> list[str]:
    return [f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/" for host, port in addresses]
