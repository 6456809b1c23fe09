"""The JSON API: the same data as the HTML pages."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from web.engine import get_engine
from web.params import search_request
from web.payloads import article_payload, search_payload

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search() -> Response:
    """Search results, facets and how the query was searched, as JSON."""
    result = get_engine().search(search_request(request.args, current_app.config))
    return jsonify(search_payload(result, request.args))


@bp.get("/articles/<article_id>")
def article(article_id: str) -> Response:
    """One article with its metadata and full text, as JSON."""
    view = get_engine().article(article_id, request.args.get("q", ""))
    return jsonify(article_payload(view))
