"""The JSON twins of the pages, and the health check.

``/api/search`` takes the search page's parameters and answers with
:func:`web.render.search_json`, the contract ``bantin search --json`` prints;
``/api/doc/<id>`` answers with ``Engine.document``, as ``bantin show --json``.
"""

from flask import Blueprint, jsonify, request

from .auth import logged_in
from .engines import get_engine
from .errors import error_response
from .params import SEARCH_PARAMETERS, SearchLinks, read_parameters, search_arguments
from .render import search_json

bp = Blueprint("api", __name__)


@bp.route("/api/search")
def search():
    parameters = read_parameters(request.args, SEARCH_PARAMETERS)
    result = get_engine().search(**search_arguments(parameters))
    links = SearchLinks.for_result(parameters, result)
    around = {name: links.url("api.search", _external=True, page=page if page > 1 else None)
              if 1 <= page <= result.pages else None
              for name, page in (("prev", min(result.page - 1, result.pages)), ("next", result.page + 1))}
    return jsonify(search_json(result, **around))


@bp.route("/api/doc/<path:doc_id>")
def document(doc_id: str):
    read_parameters(request.args, SEARCH_PARAMETERS)  # a search's state is accepted, as on the page
    bulletin = get_engine().document(doc_id)
    if bulletin is None:
        return error_response(404, f"Không có bản tin “{doc_id}” trong chỉ mục.", parameter="id")
    return jsonify(bulletin)


@bp.route("/healthz")
def health():
    """200 once a real search of the live index worked, else 503 (search/query/health.py).
    Open without a login when one is configured (for monitors), and then only ``ok``."""
    try:
        anonymous = not logged_in()
    except Exception:  # a users file broken while serving
        anonymous = True
    if anonymous:
        try:
            get_engine().health()
        except Exception:  # missing, damaged, failing: all the same to someone not logged in
            return jsonify(ok=False), 503
        return jsonify(ok=True)
    facts = get_engine().health()  # IndexMissing, IndexDamaged: 503 with what to do
    return jsonify(ok=True, **facts)
