"""The HTML pages: search (``/``), a bulletin (``/doc/<id>``) and the OpenSearch description."""

from flask import Blueprint, render_template, request, url_for

from search import FACET_NAMES, FACETS, MAX_EXPORT_ROWS, MAX_PAGE, MAX_QUERY_CHARS, PROVENANCE_LABELS, fold

from .chart import month_chart, year_chart
from .collation import alphabetical
from .engines import get_engine
from .errors import error_response
from .params import SEARCH_PARAMETERS, SearchLinks, read_parameters, search_arguments
from .render import marked_html

bp = Blueprint("pages", __name__)

FACET_TITLES = {facet.name: facet.title for facet in FACETS}
FACET_NOUNS = {facet.name: facet.noun for facet in FACETS}
# A long facet list is searched by a small form of its own: ``find_unit=gia lam``.
FIND_PARAMETERS = tuple(f"find_{name}" for name in FACET_NAMES)


@bp.app_template_global()
def facet_title(name: str) -> str:
    return FACET_TITLES[name]


@bp.app_template_global()
def facet_noun(name: str) -> str:
    return FACET_NOUNS[name]


bp.add_app_template_filter(marked_html, "marked")
bp.add_app_template_filter(alphabetical)


@bp.app_template_global()
def provenance_label(origin: str) -> str:
    """Where a field came from, in a reader's words: ``text`` -> ``đọc từ văn bản``."""
    return PROVENANCE_LABELS.get(origin, origin)


@bp.app_template_filter()
def vietnamese_date(iso_date: str | None) -> str:
    """``2022-09-29`` -> ``29/09/2022``."""
    if not iso_date:
        return ""
    year, month, day = iso_date.split("-")
    return f"{day}/{month}/{year}"


@bp.app_template_filter()
def vietnamese_number(number: int) -> str:
    """``12345`` -> ``12.345``."""
    return f"{number:,}".replace(",", ".")


@bp.app_template_filter()
def milliseconds(took_ms: float) -> str:
    return "dưới 1 ms" if took_ms < 1 else f"{round(took_ms)} ms"


@bp.route("/")
def search():
    parameters = read_parameters(request.args, SEARCH_PARAMETERS)
    find_text = {name.removeprefix("find_"): request.args[name].strip()  # the page's own aid: the first given
                 for name in FIND_PARAMETERS if request.args.get(name, "").strip()}
    parameters["q"], cut = _within_limit(parameters.get("q", ""))
    result = get_engine().search(**search_arguments(parameters))
    facets = [(name, result.facets[name]) for name in FACET_NAMES if result.facets[name]]
    finding = {name: alphabetical(value for value in result.facets[name] if _contains(value.value, text))
               for name, text in find_text.items()}
    chart = month_chart(result.months) or year_chart(result.facets["year"])
    return render_template("search.html", result=result, links=SearchLinks.for_result(parameters, result),
                           max_export_rows=MAX_EXPORT_ROWS, query_cut=cut, max_query_chars=MAX_QUERY_CHARS,
                           facets=facets, chart=chart, finding=finding, find_text=find_text,
                           pages=page_window(result.page, min(result.pages, MAX_PAGE)))


def _contains(value: str, text: str) -> bool:
    """Whether a facet value holds what was typed to find it, marks and case aside."""
    return fold(text).casefold().strip() in fold(value).casefold()


@bp.route("/doc/<path:doc_id>")
def document(doc_id: str):
    """A bulletin, reached from a search whose whole state its links carry: back to the
    same results page, and on to the previous and next hit."""
    search_state = read_parameters(request.args, SEARCH_PARAMETERS)
    query = search_state.get("q", "")
    engine = get_engine()
    marker = engine.marker(query)  # InvalidQuery (400) for an over-long query
    bulletin = engine.document(doc_id)
    if bulletin is None:
        return error_response(404, f"Không có bản tin “{doc_id}” trong chỉ mục.")
    arguments = search_arguments(search_state)
    arguments.pop("page"), arguments.pop("fold")
    around = engine.neighbours(doc_id, **arguments) if search_state else None
    return render_template("document.html", doc=bulletin, query=query, around=around, related=engine.related(doc_id),
                           back_url=url_for("pages.search", **search_state),
                           hit_url=lambda brief, rank: url_for("pages.document", doc_id=brief.id,
                                                               **_on_page(search_state, around.page_of(rank))),
                           title=marked_html(marker.mark(bulletin["title"])),
                           paragraphs=[marked_html(part) for part in marker.mark(bulletin["body"]).paragraphs()],
                           original_url=_web_address(bulletin["url"]))


@bp.route("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml", search_url=url_for("pages.search", _external=True),
                           api_url=url_for("api.search", _external=True),
                           suggest_url=url_for("feeds.suggest", _external=True),
                           icon_url=url_for("static", filename="favicon.svg", _external=True))
    return body, 200, {"Content-Type": "application/opensearchdescription+xml; charset=utf-8"}


def _on_page(search_state: dict, page: int) -> dict:
    return {**search_state, "page": page if page > 1 else None}


def _within_limit(query: str) -> tuple[str, bool]:
    """A query too long to search, from a link or a pasted text, is cut at a word to the
    limit (the page says so) rather than refused: what the user typed is not lost."""
    if len(query.strip()) <= MAX_QUERY_CHARS:
        return query, False
    return query.strip()[:MAX_QUERY_CHARS + 1].rsplit(None, 1)[0][:MAX_QUERY_CHARS], True


def page_window(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and ``around`` either side of the
    current one; ``None`` where numbers are skipped (shown as …)."""
    wanted = {1, pages, *range(page - around, page + around + 1)}
    numbers = sorted(number for number in wanted if 1 <= number <= pages)
    window = []
    for number in numbers:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


def _web_address(url: str | None) -> str | None:
    """The bulletin's original address if it is a web address (never ``javascript:``)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None
