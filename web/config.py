"""Configuration: defaults in one table with help, then NEWS_SEARCH_* environment variables."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "NEWS_SEARCH_"

# name: (default, help)
SETTINGS: dict[str, tuple[Any, str]] = {
    "CORPUS_DIR": (PROJECT_ROOT / "seeds", "folder of articles to index"),
    "INDEX_DIR": (PROJECT_ROOT / "index", "folder of the built index"),
    "PAGE_SIZE": (10, "results per page when the request does not say"),
    "FACET_SIZE": (10, "values per facet when the request does not say"),
    "WORKERS": (max(2, os.cpu_count() or 1), "production server worker processes"),
    "THREADS": (1, "threads per worker (the searcher is shared within a worker)"),
    "SEARCH_TIMEOUT": (10.0, "seconds a search may take before the worker gives up"),
}


def default_config() -> dict[str, Any]:
    """Defaults overridden by NEWS_SEARCH_<NAME> environment variables."""
    config = {}
    for name, (default, _help) in SETTINGS.items():
        raw = os.environ.get(ENV_PREFIX + name)
        config[name] = default if raw is None else _convert(raw, default)
    return config


def _convert(raw: str, default: Any) -> Any:
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, (int, float)):
        return type(default)(raw)
    return raw
