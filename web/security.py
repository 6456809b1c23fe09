"""Security and caching headers on every response."""
from __future__ import annotations

from flask import Flask, Response, request

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.method in ("GET", "HEAD") and request.path.startswith("/api/"):
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(_headers)
