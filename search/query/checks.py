"""Checks of what a caller passes to a search: the engine's own parameter names in errors."""

import re

from ..errors import InvalidQuery
from ..limits import MAX_QUERY_CHARS
from ..text import compose

_DIGITS = re.compile(r"-?[0-9]+")


def typed_query(query: str | None) -> str:
    """The query composed and stripped; InvalidQuery if it is too long to search."""
    query = compose(query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQuery("query", f"Câu tìm kiếm quá dài ({len(query)} ký tự, tối đa {MAX_QUERY_CHARS}).")
    return query


def bounded_int(parameter: str, raw, low: int, high: int, label: str) -> int:
    """``raw`` as an integer from ``low`` to ``high``, else InvalidQuery naming ``parameter``."""
    text = str(raw).strip()
    if not _DIGITS.fullmatch(text):  # not int(): it takes "1_0", "２" and "١" too
        raise InvalidQuery(parameter, f"{label} phải là một số nguyên (nhận được '{raw}').")
    value = int(text)
    if not low <= value <= high:
        raise InvalidQuery(parameter, f"{label} phải từ {low} đến {high} (nhận được {value}).")
    return value
