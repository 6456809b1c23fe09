"""The HTML pages: each renders the same data as its JSON twin."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from search import get_language
from web.engine import get_engine
from web.params import search_request
from web.payloads import article_payload, search_payload, search_url

bp = Blueprint("pages", __name__)


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language's name in its own language."""
    return get_language(code).native_name


@bp.get("/")
def search() -> str:
    """The search page."""
    result = get_engine().search(search_request(request.args, current_app.config))
    data = search_payload(result, request.args)
    return render_template("search.html", data=data, args=request.args,
                           json_url=search_url(request.args, "api.search"))


@bp.get("/articles/<article_id>")
def article(article_id: str) -> str:
    """One article, with the query's words marked when arriving from a search."""
    q = request.args.get("q", "")
    data = article_payload(get_engine().article(article_id, q))
    return render_template("article.html", article=data, q=q,
                           json_url=url_for("api.article", article_id=article_id, q=q or None))
