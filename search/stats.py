"""Figures about an index: articles per language, actor and month; build facts; versions."""
from __future__ import annotations

import datetime as dt
import platform
from importlib import metadata
from typing import Any

import numpy as np

from search import facets
from search.display import EngineState, actor_type, label

PACKAGES = ("news-search", "Whoosh-Reloaded", "flask", "snowballstemmer", "PyStemmer", "py3langid",
            "babel", "numpy", "gunicorn")
TOP_ACTORS = 20


def index_stats(state: EngineState) -> dict[str, Any]:
    """Everything the stats page and /api/stats show."""
    table = state.table
    live = table.live
    languages = facets.count_values(table, "lang", live)
    actors = facets.count_values(table, "actor", live)
    top = sorted(actors.items(), key=lambda item: (-item[1], item[0]))[:TOP_ACTORS]
    meta = state.generation.meta
    return {
        "articles": int(live.sum()),
        "languages": [{"value": v, "label": label(state, "lang", v), "count": n}
                      for v, n in sorted(languages.items(), key=lambda item: (-item[1], item[0]))],
        "actors": [{"value": v, "label": label(state, "actor", v), "count": n,
                    "type": actor_type(state, v)} for v, n in top],
        "months": _months(table.dates[live]),
        "unknown_date": int((table.dates[live] == facets.UNKNOWN_DATE).sum()),
        "index": {
            "generation": state.generation.name,
            "built_at": meta.get("built_at"),
            "build_seconds": meta.get("build_seconds"),
            "size_bytes": sum(p.stat().st_size for p in state.generation.path.iterdir() if p.is_file()),
            "schema_version": meta.get("schema_version"),
            "faults": len(meta.get("summary", {}).get("faults", [])),
        },
        "versions": {"python": platform.python_version(), **_versions()},
    }


def _months(ordinals: np.ndarray) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for ordinal, count in zip(*np.unique(ordinals[ordinals > 0], return_counts=True)):
        day = dt.date.fromordinal(int(ordinal))
        key = f"{day.year:04d}-{day.month:02d}"
        counts[key] = counts.get(key, 0) + int(count)
    return [{"value": k, "count": counts[k]} for k in sorted(counts)]


def _versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found
