"""Checks of what a caller passes to a search: the engine's own parameter names in errors."""

import re

from ..errors import InvalidQuery
from ..limits import MAX_NUMBER_DIGITS, MAX_QUERY_CHARS
from ..text import compose



def typed_query(query: str | None) -> str:
    """The query composed and stripped; InvalidQuery if it is too long to search."""
    query = compose(query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQuery("query", f"Câu tìm kiếm quá dài ({len(query)} ký tự, tối đa {MAX_QUERY_CHARS}).")
    return query


# ASCII digits only: int() would also read "1_0", full-width "２" and Arabic-Indic "١".
_INTEGER = re.compile(r"-?[0-9]+")


def bounded_int(parameter: str, raw, low: int, high: int, label: str) -> int:
    """``raw`` (ASCII digits, a leading minus allowed) as an integer from ``low`` to
    ``high``, else InvalidQuery naming ``parameter``."""
    text = str(raw).strip(" ")
    if not _INTEGER.fullmatch(text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InvalidQuery(parameter, f"{label} phải là một số nguyên viết bằng chữ số 0-9 (nhận được '{shown}').")
    digits = text.lstrip("-").lstrip("0")
    if len(digits) > MAX_NUMBER_DIGITS or not low <= int(text) <= high:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InvalidQuery(parameter, f"{label} phải từ {low} đến {high} (nhận được {shown}).")
    return int(text)
