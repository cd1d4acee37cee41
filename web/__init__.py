"""The search web app: server-rendered HTML pages, each with a JSON twin.

``create_app({"INDEX_DIR": "index"})`` builds the Flask app (the Flask tutorial's
application factory); :mod:`web.server` serves it with waitress. Settings besides Flask's:

- ``INDEX_DIR`` (required): the folder ``bantin index`` built;
- ``BASE_URL``: the address the service is reached at (``https://tuyengiao.example.vn`` or
  ``https://example.vn/bantin``), used for every absolute URL it writes (opensearch.xml,
  redirects) instead of the ``Host`` header a client sends;
- ``USERS_FILE``: a users file (:mod:`web.auth`): every route then needs a login.
"""

from urllib.parse import urlsplit

from flask import Flask, request

from . import api, auth, engines, errors, feeds, pages

SECURITY_HEADERS = {
    # No scripts at all; styles and images only from this server (the SVG chart uses
    # presentation attributes, never style="...").
    "Content-Security-Policy": ("default-src 'self'; script-src 'none'; object-src 'none'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Queries are in our URLs: never send them to the sites of the original bulletins.
    "Referrer-Policy": "same-origin",
}


def create_app(config: dict) -> Flask:
    """The app for the index in ``config["INDEX_DIR"]``; see the module docstring for the
    other keys. ValueError (a Vietnamese sentence) for a setting that cannot be used."""
    if "INDEX_DIR" not in config:
        raise ValueError("create_app needs INDEX_DIR, the folder 'bantin index' built")
    app = Flask(__name__)
    app.config.from_mapping(config)
    app.json.ensure_ascii = False  # Vietnamese stays readable in the JSON
    app.json.sort_keys = False     # keys in the order of the documented contract

    if app.config.get("BASE_URL"):
        app.wsgi_app = BaseURL(app.wsgi_app, app.config["BASE_URL"])
    engines.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.after_request(_add_security_headers)
    return app


def _add_security_headers(response):
    response.headers.update(SECURITY_HEADERS)
    if response.status_code == 401 or "Authorization" in request.headers:
        response.headers["Cache-Control"] = "private, no-store"  # never kept by a shared cache
    return response


class BaseURL:
    """WSGI middleware: every request is seen as made to ``base_url`` (its scheme, host and
    path prefix), whatever ``Host`` header the client sent, so the URLs the app writes
    (``url_for(..., _external=True)``, Werkzeug's redirects) always name the service."""

    def __init__(self, app, base_url: str):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"BASE_URL phải là một địa chỉ http(s)://tên-máy[:cổng][/đường-dẫn] "
                             f"(nhận được '{base_url}')")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"BASE_URL có cổng không hợp lệ: '{base_url}'") from None
        self.app = app
        self.scheme, self.host = parts.scheme, parts.netloc.rpartition("@")[2]
        self.server_name = parts.hostname
        self.server_port = str(port or (443 if parts.scheme == "https" else 80))
        self.prefix = parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"], environ["SERVER_PORT"] = self.server_name, self.server_port
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        if self.prefix:
            path = environ.get("PATH_INFO", "")
            if path == self.prefix or path.startswith(self.prefix + "/"):  # a proxy that keeps the prefix
                environ["PATH_INFO"] = path[len(self.prefix):] or "/"
            environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)
