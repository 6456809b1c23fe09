"""The OpenAPI 3.1 document of the JSON API (its schemas are checked against real responses)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from search import MAX_PAGE_SIZE, SORTS

NULLABLE_STRING = {"type": ["string", "null"]}


def _obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "object", "required": list(required),
            "properties": {**required, **(optional or {})}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
ACTOR = _obj({"id": STRING, "label": STRING,
              "type": {"type": "string", "enum": ["person", "country", "organisation"]}})
FACET_VALUE = _obj({"value": STRING, "label": STRING, "count": INTEGER, "selected": BOOLEAN,
                    "toggle_url": STRING},
                   {"type": {"type": "string", "enum": ["person", "country", "organisation"]}})
HIT = _obj({"id": STRING, "title": STRING, "lang": STRING, "langs": _array(STRING),
            "snippet": STRING, "score": {"type": ["number", "null"]}, "date": NULLABLE_STRING,
            "datetime": NULLABLE_STRING, "translated_from": NULLABLE_STRING,
            "actors": _array(_ref("Actor")), "other_languages": INTEGER, "url": STRING})
DATE_FACET = _obj({"granularity": {"type": "string", "enum": ["year", "month", "day"]},
                   "buckets": _array(_ref("FacetValue")), "unknown": INTEGER,
                   "from": NULLABLE_STRING, "to": NULLABLE_STRING, "clear_url": STRING})
SEARCH = _obj({
    "query": STRING, "total": INTEGER, "page": INTEGER, "size": INTEGER, "pages": INTEGER,
    "sort": {"type": "string", "enum": list(SORTS)}, "took_ms": NUMBER,
    "searched_as": {"type": "object", "additionalProperties": STRING},
    "warnings": _array(STRING),
    "suggestion": {"oneOf": [{"type": "null"}, _obj({"query": STRING, "url": STRING})]},
    "hits": _array(_ref("Hit")),
    "facets": _obj({"lang": _array(_ref("FacetValue")), "actor": _array(_ref("FacetValue")),
                    "provenance": _array(_ref("FacetValue")), "date": _ref("DateFacet")}),
    "facets_truncated": {"type": "object", "additionalProperties": BOOLEAN},
    "filters": {"type": "object"},
})
RELATED = _obj({"id": STRING, "title": STRING, "lang": STRING, "date": NULLABLE_STRING,
                "score": NUMBER, "url": STRING})
ARTICLE = _obj({
    "id": STRING, "title": STRING, "lang": STRING, "langs": _array(STRING),
    "date": NULLABLE_STRING, "datetime": NULLABLE_STRING, "translated_from": NULLABLE_STRING,
    "url": NULLABLE_STRING, "source": NULLABLE_STRING, "path": STRING, "header": _array(STRING),
    "paragraphs": _array(_obj({"lang": STRING, "html": STRING})), "text": STRING,
    "actors": _array(_ref("Actor")), "related": _array(_ref("Related")),
    "same_story": _array(_ref("Related")), "html_url": STRING,
})
FACET = _obj({"name": STRING, "values": _array(_ref("FacetValue")), "truncated": BOOLEAN})
COUNT = _obj({"value": STRING, "count": INTEGER}, {"label": STRING, "type": STRING})
STATS = _obj({"articles": INTEGER, "languages": _array(COUNT), "actors": _array(COUNT),
              "months": _array(COUNT), "unknown_date": INTEGER, "index": {"type": "object"},
              "versions": {"type": "object", "additionalProperties": STRING}})
ERROR = _obj({"error": _obj({"code": STRING, "message": STRING})})

DATE_BOUND = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
SEARCH_PARAMETERS = [
    ("q", {"type": "string", "maxLength": 500}, "Query: words, \"phrases\", AND, OR, NOT, -word, prefix*, actor:ID, lang:CODE"),
    ("lang", _array(STRING), "Language codes to keep (repeatable; OR within the facet)"),
    ("actor", _array(STRING), "Actor ids to keep (repeatable; OR within the facet)"),
    ("provenance", _array(STRING), "original or translated-from-XX (repeatable)"),
    ("from", DATE_BOUND, "Earliest date, YYYY, YYYY-MM or YYYY-MM-DD (inclusive)"),
    ("to", DATE_BOUND, "Latest date, YYYY, YYYY-MM or YYYY-MM-DD (inclusive: to=2026-01 is January's end)"),
    ("sort", {"type": "string", "enum": list(SORTS)}, "Order of hits; undated articles sort last"),
    ("page", {"type": "integer", "minimum": 1, "maximum": 10_000}, "Page number, from 1 (page × size ≤ 10,000)"),
    ("size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}, "Hits per page"),
    ("facet_size", {"type": "integer", "minimum": 1, "maximum": 200}, "Values per facet"),
]


def _parameters(extra: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    params = [{"name": name, "in": "query", "required": False, "schema": schema,
               "description": description, **({"explode": True} if schema.get("type") == "array" else {})}
              for name, schema, description in SEARCH_PARAMETERS]
    return (extra or []) + params


def _get(summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]],
         media: str = "application/json", errors: tuple[int, ...] = (400, 503)) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {media: {"schema": schema}}}}
    for status in errors:
        responses[str(status)] = {"description": "Error",
                                  "content": {"application/json": {"schema": _ref("Error")}}}
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    path_id = {"name": "article_id", "in": "path", "required": True, "schema": STRING}
    facet_name = {"name": "name", "in": "path", "required": True,
                  "schema": {"type": "string", "enum": ["lang", "actor", "provenance"]}}
    prefix = {"name": "prefix", "in": "query", "required": False, "schema": STRING,
              "description": "Start of the value's label to look for (\"pu\" finds Putin)"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "News search API", "version": "1.0.0",
                 "description": "Multilingual news search with language, actor, date and provenance facets."},
        "paths": {
            "/api/search": _get("Search articles", _ref("Search"), _parameters()),
            "/api/articles/{article_id}": _get(
                "One article", _ref("Article"),
                [path_id, {"name": "q", "in": "query", "required": False, "schema": STRING}],
                errors=(400, 404, 503)),
            "/api/facets/{name}": _get("Search the values of one facet", _ref("Facet"),
                                       _parameters([facet_name, prefix]), errors=(400, 404, 503)),
            "/api/stats": _get("Index statistics", _ref("Stats"), [], errors=(503,)),
            "/api/search.csv": _get("All results as CSV", STRING, _parameters(), media="text/csv"),
            "/api/search.jsonl": _get("All results as JSON Lines", STRING, _parameters(),
                                      media="application/x-ndjson"),
            "/api/openapi.json": _get("This document", {"type": "object"}, [], errors=()),
        },
        "components": {"schemas": {
            "Actor": ACTOR, "FacetValue": FACET_VALUE, "Hit": HIT, "DateFacet": DATE_FACET,
            "Search": SEARCH, "Related": RELATED, "Article": ARTICLE, "Facet": FACET,
            "Stats": STATS, "Error": ERROR,
        }},
    }
