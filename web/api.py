"""The JSON API: the same data as the HTML pages, plus exports and the OpenAPI document."""
from __future__ import annotations

import csv
import html
import io
import json
from typing import Iterator

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from search import Hit
from web.caching import conditional
from web.engine import get_engine
from web.openapi import openapi_document
from web.params import search_request
from web.payloads import article_payload, facet_payload, hit_payload, search_data

bp = Blueprint("api", __name__, url_prefix="/api")
EXPORT_COLUMNS = ("id", "title", "lang", "langs", "date", "datetime", "translated_from", "actors",
                  "score", "url")


@bp.get("/search")
@conditional
def search() -> Response:
    """Search results, facets and how the query was searched, as JSON."""
    return jsonify(search_data(request.args, current_app.config))


@bp.get("/articles/<article_id>")
@conditional
def article(article_id: str) -> Response:
    """One article with its metadata, full text, related articles and the same story elsewhere."""
    view = get_engine().article(article_id, request.args.get("q", ""))
    return jsonify(article_payload(view))


@bp.get("/facets/<name>")
@conditional
def facet(name: str) -> Response:
    """The values of one facet whose label starts with ?prefix= (or ?value=), under the search."""
    prefix = request.args.get("prefix", request.args.get("value", ""))
    facet = get_engine().facet_values(name, prefix, search_request(request.args, current_app.config))
    return jsonify(facet_payload(facet, request.args))


@bp.get("/stats")
@conditional
def stats() -> Response:
    """Articles per language, actor and month; index build time and size; versions."""
    return jsonify(get_engine().stats())


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())


@bp.get("/search.csv")
def export_csv() -> Response:
    """Every result of a search as CSV, streamed."""
    hits = _export_hits()

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        for hit in hits:
            record = _export_record(hit)
            writer.writerow(["|".join(v) if isinstance(v, list) else v for v in record.values()])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    return _stream(rows(), "text/csv; charset=utf-8", "csv")


@bp.get("/search.jsonl")
def export_jsonl() -> Response:
    """Every result of a search as JSON Lines, streamed."""
    hits = _export_hits()
    lines = (json.dumps(_export_record(hit), ensure_ascii=False) + "\n" for hit in hits)
    return _stream(lines, "application/x-ndjson; charset=utf-8", "jsonl")


def _export_hits() -> Iterator[Hit]:
    search = search_request(request.args, current_app.config)
    return get_engine().export(search)


def _export_record(hit: Hit) -> dict[str, object]:
    record = hit_payload(hit)
    plain = {key: record[key] for key in EXPORT_COLUMNS if key in record}
    plain["title"] = html.unescape(hit.title)
    plain["actors"] = [a.id for a in hit.actors]
    return plain


def _stream(body: Iterator[str], mimetype: str, extension: str) -> Response:
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="search.{extension}"'
    return response
