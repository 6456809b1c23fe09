"""Request parameters to engine requests: one place that validates what users send."""
from __future__ import annotations

from typing import Any, Mapping

from werkzeug.datastructures import MultiDict

from search import QueryError, SearchRequest, parse_date_bound

MAX_PARAM_VALUES = 50
LIST_PARAMS = {"lang": "langs", "actor": "actors", "provenance": "provenance"}


def search_request(args: MultiDict[str, str], config: Mapping[str, Any]) -> SearchRequest:
    """Build a SearchRequest from query-string arguments; QueryError names the bad one."""
    lists = {field: _list(args, name) for name, field in LIST_PARAMS.items()}
    return SearchRequest(
        q=args.get("q", ""),
        date_from=_date(args, "from", end=False),
        date_to=_date(args, "to", end=True),
        sort=args.get("sort", "relevance") or "relevance",
        page=_int(args, "page", 1),
        size=_int(args, "size", config["PAGE_SIZE"]),
        facet_size=_int(args, "facet_size", config["FACET_SIZE"]),
        **lists,
    )


def _list(args: MultiDict[str, str], name: str) -> tuple[str, ...]:
    values: list[str] = []
    for raw in args.getlist(name):
        values += [v.strip() for v in raw.split(",") if v.strip()]
    if len(values) > MAX_PARAM_VALUES:
        raise QueryError(f"too many '{name}' values (at most {MAX_PARAM_VALUES})")
    return tuple(dict.fromkeys(values))


def _int(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name, "")
    if not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number, not {raw[:40]!r}") from None


def _date(args: MultiDict[str, str], name: str, *, end: bool) -> Any:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_date_bound(raw, end=end)
    except ValueError as error:
        raise QueryError(f"'{name}': {error}") from None
