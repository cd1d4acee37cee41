"""Reading GET parameters, and building the links of a search page from them.

Every state of the search page is a plain URL: the query, one value per facet, the
page and the sort order. Other parameters are ignored: links shared through Facebook
or Zalo arrive with ``fbclid``, ``utm_source`` or ``zarsrc`` attached, and must still
open. A known parameter given twice is refused, since we could only guess which value
was meant; the values themselves are checked by the engine.
"""

from dataclasses import dataclass

from flask import url_for

from search import FACET_NAMES, InvalidQuery

SEARCH_PARAMETERS = ("q", *FACET_NAMES, "page", "per_page", "sort")


def read_parameters(args, allowed: tuple[str, ...]) -> dict[str, str]:
    """The non-empty values of the ``allowed`` names in ``request.args``; InvalidQuery if
    one of them is given more than once."""
    wanted = [name for name in args if name in allowed]
    for name in wanted:
        if len(args.getlist(name)) > 1:
            raise InvalidQuery(name, f"Tham số '{name}' chỉ được dùng một lần.")
    return {name: args[name] for name in wanted if args[name].strip()}


def search_arguments(parameters: dict[str, str]) -> dict:
    """Keyword arguments for ``Engine.search`` (which validates the values)."""
    arguments = {name: parameters.get(name) for name in FACET_NAMES}
    arguments.update(query=parameters.get("q", ""), page=parameters.get("page", 1),
                     per_page=parameters.get("per_page", 10), sort=parameters.get("sort"))
    return arguments


@dataclass
class SearchLinks:
    """URLs of the search states one click away from the current one.

    ``state`` holds the current parameters with each filter as the engine resolved it
    (``year=2022``, the full unit name ...), without the page: any change of query,
    filter or sort starts again at page 1.
    """

    state: dict[str, str]
    page: int

    @classmethod
    def for_result(cls, parameters: dict[str, str], result) -> "SearchLinks":
        state = {name: value for name, value in parameters.items() if name not in (*FACET_NAMES, "page")}
        state.update(result.filters)
        return cls(state, result.page)

    def url(self, endpoint: str = "pages.search", _external: bool = False, **changes) -> str:
        merged = {**self.state, **changes}
        return url_for(endpoint, _external=_external, **{name: value for name, value in merged.items() if value})

    def is_active(self, facet: str, value: str) -> bool:
        return self.state.get(facet) == str(value)

    def toggle(self, facet: str, value) -> str:
        """Filter on ``value``, or drop the filter if it is the one already chosen."""
        return self.url(**{facet: None if self.is_active(facet, value) else str(value)})

    def without(self, facet: str) -> str:
        return self.url(**{facet: None})

    def without_filters(self) -> str:
        return self.url(**dict.fromkeys(FACET_NAMES))

    def to_page(self, page: int) -> str:
        return self.url(page=page if page > 1 else None)

    def sorted_by(self, sort: str | None) -> str:
        return self.url(sort=sort)

    def with_query(self, query: str) -> str:
        return self.url(q=query)

    def to_document(self, doc_id: str) -> str:
        """A hit's page, carrying the whole search (page included) for the way back."""
        return self.url("pages.document", doc_id=doc_id, page=self.page if self.page > 1 else None)

    def as_csv(self) -> str:
        return self.url("feeds.export_csv", sort=self.state.get("sort"))

    def as_feed(self) -> str:
        return self.url("feeds.feed", sort=None)

    def as_json(self) -> str:
        return self.url("api.search", page=self.page if self.page > 1 else None)

    def hidden_fields(self) -> dict[str, str]:
        """What the search form carries along besides the typed query."""
        return {name: value for name, value in self.state.items() if name != "q"}
