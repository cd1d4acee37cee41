"""Reading GET parameters, and building the links of a search page from them.

Every state of the search page is a plain URL: the query, the values chosen in each
facet (a facet may be given several times: ``unit=A&unit=B``), a span of dates
(``from``, ``to``), the page and the sort order. Other parameters are ignored: links
shared through Facebook or Zalo arrive with ``fbclid``, ``utm_source`` or ``zarsrc``
attached, and must still open. Any other known parameter given twice is refused, since
we could only guess which value was meant; the values themselves are checked by the engine.
"""

from dataclasses import dataclass

from flask import url_for

from search import FACET_NAMES, InvalidQuery

DATE_PARAMETERS = {"from": "since", "to": "until"}  # as the URL spells them -> the engine's names
SEARCH_PARAMETERS = ("q", *FACET_NAMES, *DATE_PARAMETERS, "page", "per_page", "sort", "fold")


def read_parameters(args, allowed: tuple[str, ...]) -> dict:
    """The non-empty values of the ``allowed`` names in ``request.args``: a list for a
    facet, a string for the others; InvalidQuery if one of those is given more than once."""
    parameters = {}
    for name in dict.fromkeys(name for name in args if name in allowed):
        values = [value for value in args.getlist(name) if value.strip()]
        if name in FACET_NAMES:
            if values:
                parameters[name] = list(dict.fromkeys(values))
        elif len(args.getlist(name)) > 1:
            raise InvalidQuery(name, f"Tham số '{name}' chỉ được dùng một lần.")
        elif values:
            parameters[name] = values[0]
    return parameters


def search_arguments(parameters: dict) -> dict:
    """Keyword arguments for ``Engine.search`` (which validates the values)."""
    arguments = {name: parameters[name] for name in FACET_NAMES if name in parameters}
    arguments.update({engine: parameters.get(url) for url, engine in DATE_PARAMETERS.items()})
    arguments.update(query=parameters.get("q", ""), page=parameters.get("page", 1),
                     per_page=parameters.get("per_page", 10), sort=parameters.get("sort"),
                     fold=parameters.get("fold") != "0")  # fold=0: copies of one text each shown
    return arguments


@dataclass
class SearchLinks:
    """URLs of the search states one click away from the current one.

    ``state`` holds the current parameters with each filter as the engine resolved it
    (``year=2022``, the full unit name ...), without the page: any change of query,
    filter or sort starts again at page 1.
    """

    state: dict
    page: int

    @classmethod
    def for_result(cls, parameters: dict, result) -> "SearchLinks":
        state = {name: value for name, value in parameters.items() if name not in (*FACET_NAMES, "page")}
        state.update({name: list(values) for name, values in result.filters.items()})
        return cls(state, result.page)

    def url(self, endpoint: str = "pages.search", _external: bool = False, **changes) -> str:
        merged = {**self.state, **changes}
        return url_for(endpoint, _external=_external, **{name: value for name, value in merged.items() if value})

    def is_active(self, facet: str, value) -> bool:
        return str(value) in self.state.get(facet, [])

    def toggle(self, facet: str, value) -> str:
        """Add ``value`` to the facet's chosen values, or take it out if it is one."""
        chosen = self.state.get(facet, [])
        value = str(value)
        return self.url(**{facet: [v for v in chosen if v != value] if value in chosen else [*chosen, value]})

    def only(self, facet: str, value) -> str:
        """``value`` as the facet's one chosen value (a chart's bar)."""
        return self.url(**{facet: [str(value)]})

    def without(self, facet: str, value=None) -> str:
        """Without ``value`` of the facet, or without the whole facet (or date bound)."""
        if value is None:
            return self.url(**{facet: None})
        return self.url(**{facet: [v for v in self.state.get(facet, []) if v != str(value)]})

    def without_filters(self) -> str:
        return self.url(**dict.fromkeys([*FACET_NAMES, *DATE_PARAMETERS]))

    def between(self, since: str, until: str) -> str:
        """Bulletins from ``since`` to ``until`` (a chart's month), other filters kept."""
        return self.url(**{"from": since, "to": until, "year": None})

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

    def hidden_fields(self) -> list[tuple[str, str]]:
        """What the search form carries along besides the typed query."""
        return [(name, value) for name, values in self.state.items() if name != "q"
                for value in (values if isinstance(values, list) else [values])]
