"""The search web app: server-rendered HTML pages, each with a JSON twin.

``create_app({"INDEX_DIR": "index"})`` builds the Flask app (the Flask tutorial's
application factory); :mod:`web.server` serves it with waitress.
"""

from flask import Flask

from . import api, engines, errors, feeds, pages

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
    """The app for the index in ``config["INDEX_DIR"]``; other keys are Flask settings."""
    if "INDEX_DIR" not in config:
        raise ValueError("create_app needs INDEX_DIR, the folder 'bantin index' built")
    app = Flask(__name__)
    app.config.from_mapping(config)
    app.json.ensure_ascii = False  # Vietnamese stays readable in the JSON
    app.json.sort_keys = False     # keys in the order of the documented contract

    engines.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.after_request(_add_security_headers)
    return app


def _add_security_headers(response):
    response.headers.update(SECURITY_HEADERS)
    return response
