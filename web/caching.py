"""ETag and Cache-Control: a response is identified by the live index generation and the URL."""
from __future__ import annotations

import functools
import hashlib
from typing import Any, Callable

from flask import Response, make_response, request

from web.engine import get_engine

CACHE_CONTROL = "no-cache"  # clients may keep a copy but must revalidate it (cheap: 304)


def conditional(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 304 when the client's copy is current; tag every fresh response."""
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        marker = get_engine().state().marker
        tag = hashlib.blake2b(f"{marker}|{request.full_path}".encode(), digest_size=12).hexdigest()
        if tag in request.if_none_match:
            response = Response(status=304)
        else:
            response = make_response(view(*args, **kwargs))
        response.set_etag(tag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response
    return wrapper
