"""``bantin serve``: the web app behind waitress, a production WSGI server (no debugger)."""

import errno
import sys

import waitress

from search import IndexMissing, live_generation, warm_up

from . import create_app


def serve(index_dir, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> int:
    """Serve the index at ``index_dir`` until interrupted; the exit status."""
    try:
        live_generation(index_dir)
    except IndexMissing as missing:
        print(f"bantin: cảnh báo: {missing}; các trang trả lời 503 cho đến khi có chỉ mục", file=sys.stderr)
    app = create_app({"INDEX_DIR": str(index_dir)})
    warm_up()  # load pyvi's model (~1 s) now, not during the first search
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="bantin")
    except OSError as error:
        hint = f"; cổng {port} đang bận: chọn cổng khác bằng --port, ví dụ --port {port + 1}" if _busy(error) else ""
        print(f"bantin: không mở được {host}:{port}: {error.strerror or error}{hint}", file=sys.stderr)
        return 2
    print(f"bantin: phục vụ {index_dir} tại {' và '.join(_urls(server))} (Ctrl+C để dừng)", flush=True)
    server.run()  # returns on Ctrl+C
    return 0


def _busy(error: OSError) -> bool:
    return error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE))


def _urls(server) -> list[str]:
    """Where waitress listens (a host name may resolve to several addresses)."""
    addresses = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    return [f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/" for host, port in addresses]
