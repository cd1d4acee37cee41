"""Error pages and JSON errors: a bad parameter is a 400 that says what to fix, a missing
index a 503, anything unexpected a plain 500 page. Never a traceback.

Under ``/api/`` and ``/healthz`` an error is JSON:
``{"error": {"status": 400, "parameter": "year", "message": "..."}}``
(``parameter`` is null when the error is not about one).
"""

from urllib.parse import quote, urlencode

from flask import current_app, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from search import FACETS, IndexDamaged, IndexMissing, InvalidQuery

TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Cần đăng nhập",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    500: "Đã có lỗi",
    503: "Chưa sẵn sàng",
}
MESSAGES = {
    404: "Không có trang này.",
    405: "Trang này chỉ nhận yêu cầu GET.",
    500: "Máy chủ gặp lỗi khi trả lời yêu cầu này. Xin thử lại sau.",
}


# The engine's parameter names as this app's URLs spell them.
URL_PARAMETERS = {"query": "q", "since": "from", "until": "to"}
# Each parameter in the words of the page.
PARAMETER_WORDS = {"q": "câu tìm kiếm", "page": "số trang", "per_page": "số kết quả mỗi trang",
                   "sort": "cách sắp xếp", "from": "ngày bắt đầu", "to": "ngày kết thúc",
                   **{facet.name: f"bộ lọc {facet.title}" for facet in FACETS}}


def url_parameter(engine_parameter: str) -> str:
    return URL_PARAMETERS.get(engine_parameter, engine_parameter)


def init_app(app) -> None:
    app.register_error_handler(InvalidQuery, _bad_parameter)
    app.register_error_handler(IndexMissing, _index_missing)
    app.register_error_handler(IndexDamaged, _index_damaged)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, message: str, parameter: str | None = None, retry_url: str | None = None):
    """The error as JSON or as an HTML page, whichever the requested route speaks. The page
    names the parameter in words and keeps the query in its search box."""
    if wants_json():
        body = {"error": {"status": status, "parameter": parameter, "message": message}}
        return jsonify(body), status
    page = render_template("error.html", status=status, title=TITLES.get(status, "Lỗi"), message=message,
                           parameter=parameter, parameter_words=PARAMETER_WORDS.get(parameter, parameter),
                           retry_url=retry_url, query=request.args.get("q", "") if parameter != "q" else "")
    return page, status


def _bad_parameter(error: InvalidQuery):
    parameter = url_parameter(error.parameter)
    return error_response(400, str(error), parameter=parameter, retry_url=_url_without(parameter))


def _index_missing(error: IndexMissing):
    current_app.logger.warning("%s", error)
    return error_response(503, "Chưa có chỉ mục để tìm. Người quản trị cần chạy lệnh "
                               "'bantin index' rồi tải lại trang này.")


def _index_damaged(error: IndexDamaged):
    current_app.logger.error("%s", error)
    return error_response(503, "Chỉ mục đang bị hỏng nên chưa tìm được. Người quản trị cần chạy lệnh "
                               "'bantin index --full' để dựng lại.")


def _http_error(error: HTTPException):
    response = make_response(error_response(error.code, MESSAGES.get(error.code, error.name)))
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _server_error(error):
    return error_response(500, MESSAGES[500])


def _url_without(parameter: str) -> str:
    """The same page without the parameter at fault, for the error page's link."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if name != parameter]
    path = quote(request.script_root + request.path)
    return f"{path}?{urlencode(kept)}" if kept else path
