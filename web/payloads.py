"""The data every page and its JSON twin share: built once from engine records, with URLs."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping
from urllib.parse import quote_plus

from flask import g, url_for
from werkzeug.datastructures import MultiDict

from search import ArticleView, Facet, FacetValue, Hit, RelatedArticle, SearchResult
from web.engine import get_engine
from web.params import search_request

URL_SAFE = "!$'()*,/:;?@"  # what werkzeug leaves unescaped in query strings
FACET_PARAMS = {"lang": "lang", "actor": "actor", "provenance": "provenance"}


def search_data(args: MultiDict[str, str], config: Mapping[str, Any]) -> dict[str, Any]:
    """Run the search a page or API request asks for; ``actor_filter`` narrows the actor facet."""
    request = search_request(args, config)
    engine = get_engine()
    data = search_payload(engine.search(request), args)
    actor_filter = args.get("actor_filter", "").strip()
    if actor_filter:
        facet = engine.facet_values("actor", actor_filter, request)
        data["facets"]["actor"] = facet_payload(facet, args)["values"]
        data["facets_truncated"]["actor"] = facet.truncated
    return data


def search_payload(result: SearchResult, args: MultiDict[str, str]) -> dict[str, Any]:
    """The search response: query, totals, hits and facets with toggle URLs."""
    request = result.request
    return {
        "query": request.q,
        "total": result.total,
        "page": request.page,
        "size": request.size,
        "pages": max(1, -(-result.total // request.size)),
        "sort": request.sort,
        "took_ms": result.took_ms,
        "searched_as": result.searched_as,
        "warnings": list(result.warnings),
        "suggestion": _suggestion(result, args),
        "hits": [hit_payload(hit, request.q) for hit in result.hits],
        "facets": {
            **{name: [_value(v, name, args) for v in facet.values]
               for name, facet in result.facets.items()},
            "date": _date_facet(result, args),
        },
        "facets_truncated": {name: facet.truncated for name, facet in result.facets.items()},
        "filters": {
            "lang": list(request.langs), "actor": list(request.actors),
            "provenance": list(request.provenance),
            "from": args.get("from") or None, "to": args.get("to") or None,
        },
    }


def hit_payload(hit: Hit, q: str = "") -> dict[str, Any]:
    """One hit as JSON."""
    return {
        "id": hit.id, "title": hit.title, "lang": hit.lang, "langs": list(hit.langs),
        "snippet": hit.snippet, "score": hit.score,
        "date": hit.date, "datetime": hit.datetime, "translated_from": hit.translated_from,
        "actors": [{"id": a.id, "label": a.label, "type": a.type} for a in hit.actors],
        "other_languages": hit.other_languages,
        "url": url_for("pages.article", article_id=hit.id, q=q or None),
    }


def facet_payload(facet: Facet, args: MultiDict[str, str]) -> dict[str, Any]:
    """The values of one facet (facet search), with toggle URLs."""
    return {"name": facet.name, "values": [_value(v, facet.name, args) for v in facet.values],
            "truncated": facet.truncated}


def _suggestion(result: SearchResult, args: MultiDict[str, str]) -> dict[str, str] | None:
    if not result.suggestion:
        return None
    new = MultiDict(args)
    new["q"] = result.suggestion
    new.pop("page", None)
    return {"query": result.suggestion, "url": search_url(new)}


def _related(items: tuple[RelatedArticle, ...]) -> list[dict[str, Any]]:
    return [{"id": r.id, "title": r.title, "lang": r.lang, "date": r.date, "score": r.score,
             "url": url_for("pages.article", article_id=r.id)} for r in items]


def article_payload(article: ArticleView) -> dict[str, Any]:
    """One article as JSON."""
    return {
        "id": article.id, "title": article.title, "lang": article.lang,
        "langs": list(article.langs), "date": article.date, "datetime": article.datetime,
        "translated_from": article.translated_from, "url": article.url,
        "source": article.source, "path": article.path, "header": list(article.header),
        "paragraphs": [{"lang": lang, "html": html} for lang, html in article.paragraphs],
        "text": article.text,
        "actors": [{"id": a.id, "label": a.label, "type": a.type} for a in article.actors],
        "related": _related(article.related),
        "same_story": _related(article.same_story),
        "html_url": url_for("pages.article", article_id=article.id),
    }


def _value(value: FacetValue, name: str, args: MultiDict[str, str]) -> dict[str, Any]:
    payload = {"value": value.value, "label": value.label, "count": value.count,
               "selected": value.selected,
               "toggle_url": toggle_url(args, FACET_PARAMS[name], value.value)}
    if value.type:
        payload["type"] = value.type
    return payload


def _date_facet(result: SearchResult, args: MultiDict[str, str]) -> dict[str, Any]:
    dates = result.dates
    return {
        "granularity": dates.granularity,
        "buckets": [{"value": b.value, "label": b.label, "count": b.count, "selected": b.selected,
                     "toggle_url": date_url(args, b.value, b.selected)} for b in dates.buckets],
        "unknown": dates.unknown,
        "from": dates.selected_from, "to": dates.selected_to,
        "clear_url": date_url(args, None, True),
    }


def toggle_url(args: MultiDict[str, str], param: str, value: str) -> str:
    """The search URL with one facet value switched on or off, other filters kept."""
    new = MultiDict(args)
    current = [v for raw in new.getlist(param) for v in raw.split(",") if v]
    new.setlist(param, [v for v in current if v != value] if value in current else current + [value])
    new.pop("page", None)
    return search_url(new)


def date_url(args: MultiDict[str, str], value: str | None, selected: bool) -> str:
    """The search URL narrowed to one date bucket (or with the date range cleared)."""
    new = MultiDict(args)
    new.pop("page", None)
    new.pop("from", None)
    new.pop("to", None)
    if value and not selected:
        new["from"] = value
        new["to"] = value
    return search_url(new)


def search_url(args: MultiDict[str, str], endpoint: str = "pages.search") -> str:
    """A search URL for the given arguments (empty ones dropped), encoded as url_for would."""
    query = "&".join(f"{_quote(k)}={_quote(v)}" for k, values in args.lists() for v in values
                     if v not in ("", None))
    return _endpoint_url(endpoint) + (f"?{query}" if query else "")


@lru_cache(maxsize=4096)
def _quote(text: str) -> str:
    """A query-string key or value encoded as urlencode would (a page repeats the same ones)."""
    return quote_plus(text, safe=URL_SAFE)


def _endpoint_url(endpoint: str) -> str:
    """The endpoint's path, built once per request (a page has dozens of facet links)."""
    urls = g.setdefault("endpoint_urls", {})
    if endpoint not in urls:
        urls[endpoint] = url_for(endpoint)
    return urls[endpoint]
