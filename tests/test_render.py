"""The web's rendering of results (web/render.py) is the documented contract, written out
by hand for speed: the same as the dataclasses give, escaped as markupsafe escapes."""

from dataclasses import asdict

from markupsafe import Markup, escape

from search import MarkedText
from web.render import marked_html, search_json


def _reference_html(marked: MarkedText) -> Markup:
    return Markup("").join(Markup("<mark>{}</mark>").format(piece) if is_marked else escape(piece)
                           for piece, is_marked in marked.pieces())


def test_marks_and_escapes_as_markupsafe_formats():
    text = "<b>Tuyên</b> giáo & \"Đảng\" 'x' <mark>"
    for marks in [(), ((3, 9),), ((0, 2), (3, 9), (19, 23)), ((0, len(text)),)]:
        marked = MarkedText(text, marks)
        assert marked_html(marked) == _reference_html(marked)
        assert type(marked_html(marked)) is Markup


def test_search_json_is_the_result_as_its_dataclasses_give_it(seed_engine):
    for query, filters in [("tuyên giáo", {}), ("", {}), ("tuyen giao", {"year": 2022}), ("xyzzyqwv", {})]:
        result = seed_engine.search(query, **filters)
        expected = asdict(result)
        for page_only in ("filters", "active", "dates", "months", "sort"):
            expected.pop(page_only)
        for hit, shown in zip(result.hits, expected["hits"]):
            shown["snippet"] = str(_reference_html(hit.snippet))
            del shown["marked_title"]
            assert shown.pop("copies") == 0  # the seeds hold no copies: no hit says how many it folds
        for name, values in expected["facets"].items():
            for value in values:
                if value["note"] is None:
                    del value["note"]
                if name == "year":
                    value["value"] = int(value["value"]) if value["value"].isdigit() else None
        expected.update(pages=result.pages, prev=None, next=None)
        assert expected.pop("folded") == 0
        data = search_json(result)
        assert data == expected and list(data) == list(expected)
        assert [list(hit) for hit in data["hits"]] == [list(hit) for hit in expected["hits"]]
