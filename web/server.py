"""``bantin serve``: the web app behind waitress, a production WSGI server (no debugger)."""

import errno
import ipaddress
import sys

import waitress

from search import IndexMissing, live_generation, warm_up

from . import create_app


def serve(index_dir, host: str = "127.0.0.1", port: int = 8000, threads: int = 8,
          users_file=None, base_url: str | None = None) -> int:
    """Serve the index at ``index_dir`` until interrupted; the exit status.

    ``users_file``: require a login (web/auth.py); ``base_url``: the address the service is
    reached at, used for the URLs it writes instead of the client's ``Host`` header.
    Listening beyond this computer without a login prints a warning that anyone on the
    network can read the index."""
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
    warm_up()  # load the segmenter's model now, not during the first search
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="bantin")
    except OSError as error:
        hint = f"; cổng {port} đang bận: chọn cổng khác bằng --port, ví dụ --port {port + 1}" if _busy(error) else ""
        print(f"bantin: không mở được {host}:{port}: {error.strerror or error}{hint}", file=sys.stderr)
        return 2
    addresses = _addresses(server)
    beyond_this_computer = not all(_is_loopback(address) for address, _ in addresses)
    if beyond_this_computer and not users_file:
        print("bantin: cảnh báo: đang phục vụ ra ngoài máy này mà không cần đăng nhập: bất kỳ ai trong mạng "
              "cũng đọc được toàn bộ chỉ mục; hãy đặt người dùng (bantin user add TÊN) và --users",
              file=sys.stderr, flush=True)
    elif beyond_this_computer and not (base_url or "").startswith("https://"):
        print("bantin: cảnh báo: mật khẩu đăng nhập đi qua mạng không mã hóa: hãy phục vụ sau HTTPS "
              "(một máy chủ ủy quyền) và đặt --base-url https://...", file=sys.stderr, flush=True)
    urls = [f"http://[{address}]:{port}/" if ":" in address else f"http://{address}:{port}/"
            for address, port in addresses]
    print(f"bantin: phục vụ {index_dir} tại {' và '.join(urls)} (Ctrl+C để dừng)", flush=True)
    server.run()  # returns on Ctrl+C
    return 0


def _busy(error: OSError) -> bool:
    return error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE))


def _addresses(server) -> list[tuple[str, int]]:
    """Where waitress listens (a host name may resolve to several addresses)."""
    return getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip("[]").partition("%")[0]).is_loopback
    except ValueError:
        return address == "localhost"
