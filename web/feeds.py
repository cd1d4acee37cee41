"""Twins of the search page for other programs: a CSV export, an Atom feed and the
browser's search suggestions. Each takes the search page's parameters."""

import csv
import io
import re

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from search import MAX_EXPORT_ROWS

from .engines import get_engine
from .params import SEARCH_PARAMETERS, SearchLinks, read_parameters, search_arguments
from .render import plain

bp = Blueprint("feeds", __name__)

# Characters XML 1.0 does not allow: a query or a text holding one must not break the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CSV_COLUMNS = ("id", "title", "date", "published", "unit", "level", "province", "directives", "url", "link")
FEED_ENTRIES = 30


@bp.route("/export.csv")
def export_csv():
    """Every bulletin the search finds (up to MAX_EXPORT_ROWS), as UTF-8 with a byte-order
    mark so that Excel reads the Vietnamese right, written row by row."""
    arguments = search_arguments(read_parameters(request.args, SEARCH_PARAMETERS))
    for paging in ("page", "per_page", "fold"):
        arguments.pop(paging)
    export = get_engine().export(**arguments, limit=MAX_EXPORT_ROWS)
    link = url_for("pages.document", doc_id="ID", _external=True).removesuffix("ID")

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        yield "\ufeff" + _drain(buffer)
        for record in export.records:
            writer.writerow([*(_cell(record.get(column)) for column in CSV_COLUMNS[:-1]), link + record["id"]])
            yield _drain(buffer)

    headers = {"Content-Disposition": 'attachment; filename="ban-tin.csv"',
               "X-Total-Count": str(export.total), "X-Rows": str(len(export.records))}
    return Response(rows(), mimetype="text/csv", headers=headers)  # rows() needs no request: all read above


@bp.route("/feed.atom")
def feed():
    """The newest bulletins of a search, for a feed reader following it."""
    parameters = {name: value for name, value in read_parameters(request.args, SEARCH_PARAMETERS).items()
                  if name not in ("page", "per_page", "sort")}
    result = get_engine().search(**search_arguments(parameters) | {"sort": "newest", "per_page": FEED_ENTRIES})
    links = SearchLinks.for_result(parameters, result)
    body = render_template("feed.xml", result=result, page_url=links.url(_external=True),
                           feed_url=links.url("feeds.feed", _external=True), plain=plain)
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}


@bp.route("/suggest")
def suggest():
    """OpenSearch suggestions: ``[prefix, [completions]]``."""
    prefix = read_parameters(request.args, ("q",)).get("q", "")
    response = jsonify([prefix, get_engine().complete(prefix) if prefix.strip() else []])
    response.mimetype = "application/x-suggestions+json"
    return response


@bp.app_template_filter()
def xml_text(text) -> str:
    return _NOT_XML.sub("", str(text))


def _cell(value) -> str:
    return "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
