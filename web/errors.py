"""Errors to responses: one JSON shape under /api/, an HTML page elsewhere, never a traceback."""
from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search import (IndexBusyError, IndexDamagedError, IndexMissingError, LimitError, NotFoundError,
                    QueryError, QueryTimeoutError, SchemaMismatchError, SearchError)

log = logging.getLogger(__name__)

STATUS = (
    (NotFoundError, 404, "not_found"),
    (LimitError, 400, "limit_exceeded"),
    (QueryError, 400, "bad_request"),
    (IndexMissingError, 503, "index_missing"),
    (SchemaMismatchError, 503, "index_outdated"),
    (IndexDamagedError, 503, "index_damaged"),
    (IndexBusyError, 409, "busy"),
    (QueryTimeoutError, 503, "timeout"),
)


def error_response(status: int, code: str, message: str) -> Response:
    """The one error shape: JSON under /api/, an HTML page elsewhere."""
    if request.path.startswith("/api/"):
        response = jsonify({"error": {"code": code, "message": message}})
    else:
        response = Response(render_template("error.html", status=status, message=message),
                            mimetype="text/html")
    response.status_code = status
    return response


# Messages that would name server folders are replaced by these (the CLI shows the full ones).
PUBLIC_MESSAGES = {
    "index_missing": "no index has been built yet: run `news-search rebuild-index`",
    "index_outdated": "the index was built by another version of the engine: run "
                      "`news-search rebuild-index` to rebuild it",
    "index_damaged": "the index cannot be opened: run `news-search rebuild-index` to rebuild it",
}


def _search_error(error: SearchError) -> Response:
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            message = PUBLIC_MESSAGES.get(code, str(error))
            if isinstance(error, LimitError):
                code = f"limit_exceeded:{error.limit}"
            return error_response(status, code, message)
    log.exception("search error")
    return error_response(500, "internal_error", "the search engine failed; please try again")


def _http_error(error: HTTPException) -> Response:
    code = (error.name or "error").lower().replace(" ", "_")
    return error_response(error.code or 500, code, error.description or error.name)


def _unexpected(error: Exception) -> Response:
    log.exception("unexpected error")
    return error_response(500, "internal_error", "something went wrong on our side")


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(SearchError, _search_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
