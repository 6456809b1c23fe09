"""The HTML pages: each renders the same data as its JSON twin."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search import get_language
from web.engine import get_engine
from web.payloads import article_payload, search_data, search_url, toggle_url

bp = Blueprint("pages", __name__)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@bp.get("/")
def search() -> str:
    """The search page."""
    data = search_data(request.args, current_app.config)
    return render_template("search.html", data=data, args=request.args,
                           json_url=search_url(request.args, "api.search"))


@bp.get("/articles/<article_id>")
def article(article_id: str) -> str:
    """One article, with the query's words marked when arriving from a search."""
    q = request.args.get("q", "")
    data = article_payload(get_engine().article(article_id, q))
    return render_template("article.html", article=data, q=q,
                           json_url=url_for("api.article", article_id=article_id, q=q or None))


@bp.get("/stats")
def stats() -> str:
    """Articles per language, per month and top actors; facts about the index."""
    return render_template("stats.html", stats=get_engine().stats(), json_url=url_for("api.stats"))


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language's name in its own language."""
    return get_language(code).native_name


@bp.app_template_global()
def url_with(**changes: object) -> str:
    """The current search URL with some parameters replaced (None removes one); page resets."""
    args = MultiDict(request.args)
    args.pop("page", None)
    for name, value in changes.items():
        args.pop(name, None)
        if value is not None:
            args[name] = str(value)
    return search_url(args)


@bp.app_template_global()
def toggle(param: str, value: str) -> str:
    """The current search URL with one facet value switched on or off."""
    return toggle_url(request.args, param, value)


@bp.app_template_filter()
def human_date(value: str | None) -> str:
    """'2026-01-28' as '28 January 2026' ('2026-01' as 'January 2026', '2026' as is)."""
    if not value:
        return ""
    parts = value[:10].split("-")
    try:
        month = MONTHS[int(parts[1]) - 1] if len(parts) > 1 else ""
    except (ValueError, IndexError):
        return value
    return " ".join(p for p in (parts[2].lstrip("0") if len(parts) > 2 else "", month, parts[0]) if p)


@bp.app_template_filter()
def short_month(value: str) -> str:
    """'2026-01' as 'Jan 2026'."""
    long = human_date(value)
    return long if "-" in long else " ".join(w[:3] if w in MONTHS else w for w in long.split())


@bp.app_template_filter()
def month_series(rows: list[dict[str, object]], limit: int = 600) -> list[dict[str, object]]:
    """Monthly counts with the empty months between them filled in, so a chart keeps its time axis."""
    counts = {str(row["value"]): row["count"] for row in rows}
    if not counts or len(counts) > limit:
        return list(rows)
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    series: list[dict[str, object]] = []
    while f"{year:04d}-{month:02d}" <= last and len(series) < limit:
        key = f"{year:04d}-{month:02d}"
        series.append({"value": key, "count": counts.get(key, 0)})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return series


@bp.app_template_filter()
def human_size(size: int) -> str:
    """A byte count as KB, MB or GB."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


@bp.app_template_filter()
def human_time(value: str | None) -> str:
    """An ISO timestamp as '22 November 2026, 02:50 UTC'."""
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value or "")
    return f"{human_date(moment.date().isoformat())}, {moment:%H:%M} UTC"
