"""``bantin serve``: the web app behind waitress, a production WSGI server (no debugger)."""

import sys

import waitress

from search import IndexMissing, live_generation, warm_up

from . import create_app


def serve(index_dir, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> int:
    """Serve the index at ``index_dir`` until interrupted; the exit status."""
    try:
        live_generation(index_dir)
    except IndexMissing as missing:
        print(f"bantin: warning: {missing}; pages answer 503 until it is built", file=sys.stderr)
    app = create_app({"INDEX_DIR": str(index_dir)})
    warm_up()  # load pyvi's model (~1 s) now, not during the first search
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="bantin")
    except OSError as error:
        print(f"bantin: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 2
    print(f"bantin: serving {index_dir} on {' and '.join(_urls(server))} (Ctrl+C to stop)", flush=True)
    server.run()  # returns on Ctrl+C
    return 0


def _urls(server) -> list[str]:
    """Where waitress listens (a host name may resolve to several addresses)."""
    addresses = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    return [f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/" for host, port in addresses]
