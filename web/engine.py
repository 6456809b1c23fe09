"""The app's access to the search engine: one engine per index folder and process."""
from __future__ import annotations

from flask import current_app

from search import SearchEngine, engine_for


def get_engine() -> SearchEngine:
    """The engine for the configured index folder (its searcher is reused across requests)."""
    engine = engine_for(current_app.config["INDEX_DIR"])
    engine.timeout = current_app.config["SEARCH_TIMEOUT"]
    return engine
