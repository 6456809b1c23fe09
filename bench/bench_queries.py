"""Query benchmark: a deterministic mix of distinct queries, timed in-process through run_search."""
from __future__ import annotations

import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import _corpus_text as parts
from _common import latency_summary
from generate_corpus import Pools

from search import SearchError, SearchRequest, parse_date_bound, run_search

# Every search returns 10 highlighted hits and all facets; the kinds differ in what they ask.
KIND_WEIGHTS = {"terms": 35, "phrase": 15, "actor": 10, "filtered": 25, "browse": 15}
_WORD_RE = re.compile(r"^\w{4,}$")


@dataclass(frozen=True)
class BenchQuery:
    """One search as the benchmark sends it, in-process or over HTTP."""

    kind: str
    q: str = ""
    langs: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"

    def request(self) -> SearchRequest:
        """The engine request."""
        return SearchRequest(
            q=self.q, langs=self.langs, actors=self.actors, sort=self.sort,
            date_from=parse_date_bound(self.date_from, end=False) if self.date_from else None,
            date_to=parse_date_bound(self.date_to, end=True) if self.date_to else None)

    def path(self) -> str:
        """The /api/search URL path with its query string."""
        params = [("q", self.q)] + [("lang", v) for v in self.langs] + [("actor", v) for v in self.actors]
        params += [(k, v) for k, v in (("from", self.date_from), ("to", self.date_to)) if v]
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        return "/api/search?" + urlencode(params)


def pick_words(rng: random.Random, pools: Pools, count: int) -> tuple[str, list[str]]:
    """A language of the mix and up to count consecutive words of one of its sentences."""
    lang = rng.choices(pools.langs, cum_weights=pools.cum_weights)[0]
    for _ in range(20):
        words = [w.strip(".,;:!?«»“”\"'()") for w in rng.choice(pools.sentences[lang]).split()]
        words = [w for w in words if _WORD_RE.match(w)]
        if len(words) >= count:
            start = rng.randrange(len(words) - count + 1)
            return lang, words[start:start + count]
    return lang, []


def make_query(rng: random.Random, pools: Pools, kind: str, facets: dict[str, list[str]]) -> BenchQuery:
    """One query of a kind; facet values come from the index itself."""
    if kind == "actor":
        lang = rng.choice(parts.MAIN_LANGUAGES)
        return BenchQuery(kind, parts.actor_name(rng.choice(parts.ACTOR_KEYS), lang))
    if kind == "browse":
        langs = (rng.choice(facets["lang"]),) if facets["lang"] and rng.random() < 0.7 else ()
        return BenchQuery(kind, langs=langs, sort=rng.choice(("newest", "oldest")))
    _lang, words = pick_words(rng, pools, 2 if kind == "phrase" else rng.choice((1, 1, 2)))
    q = f'"{" ".join(words)}"' if kind == "phrase" else " ".join(words)
    if kind != "filtered":
        return BenchQuery(kind, q)
    year = rng.randrange(2023, 2026)
    return BenchQuery(
        kind, q if rng.random() < 0.8 else "",
        langs=(rng.choice(facets["lang"]),) if facets["lang"] and rng.random() < 0.6 else (),
        actors=(rng.choice(facets["actor"]),) if facets["actor"] and rng.random() < 0.5 else (),
        date_from=f"{year}-{rng.randrange(1, 7):02d}" if rng.random() < 0.5 else None,
        date_to=f"{year}-{rng.randrange(7, 13):02d}" if rng.random() < 0.5 else None)


def make_queries(pools: Pools, facets: dict[str, list[str]], count: int, seed: int = 1) -> list[BenchQuery]:
    """count distinct queries in the kind mix (fewer if the vocabulary runs out)."""
    rng = random.Random(seed)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    queries: dict[str, BenchQuery] = {}
    for _ in range(count * 20):
        if len(queries) >= count:
            break
        query = make_query(rng, pools, rng.choices(kinds, weights)[0], facets)
        if query.q.strip('" ') or query.kind in ("browse", "filtered"):
            queries.setdefault(query.path(), query)
    return list(queries.values())


def lift_term_limit() -> bool:
    """Diagnostic only: lift the engine's query-term limit in this process; False if it moved."""
    import search.query as query_module
    if not hasattr(query_module, "MAX_QUERY_TERMS"):
        return False
    query_module.MAX_QUERY_TERMS = 1_000_000
    return True


def index_facets(index_dir: Path) -> dict[str, list[str]]:
    """The top language and actor values of the whole index, to select in filtered queries."""
    result = run_search(index_dir, SearchRequest(facet_size=20))
    return {name: [v.value for v in result.facets[name].values] for name in ("lang", "actor")}


def time_search(index_dir: Path, query: BenchQuery) -> tuple[float, int | str]:
    """Milliseconds one search took, and its total (or the error it raised)."""
    started = time.perf_counter()
    try:
        total: int | str = run_search(index_dir, query.request()).total
    except SearchError as error:
        total = f"{type(error).__name__}: {error}"
    return (time.perf_counter() - started) * 1000, total


def measure_latency(index_dir: Path, queries: list[BenchQuery], repeats: int = 200) -> dict[str, Any]:
    """Latency per kind of query (each run once; failed ones apart), and of one query repeated."""
    started = time.perf_counter()
    run_search(index_dir, SearchRequest())  # opens the searcher and builds the facet table
    open_ms = (time.perf_counter() - started) * 1000
    by_kind: dict[str, list[float]] = defaultdict(list)
    totals: dict[str, list[int]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    for query in queries:
        ms, total = time_search(index_dir, query)
        if isinstance(total, str):
            errors[query.kind].append(f"{query.q!r}: {total}")
            continue
        by_kind[query.kind].append(ms)
        totals[query.kind].append(total)
    failed = {e.split(": ", 1)[0] for values in errors.values() for e in values}
    repeated = next((q for q in queries if q.kind == "terms" and repr(q.q) not in failed),
                    BenchQuery("terms", "Putin"))
    time_search(index_dir, repeated)
    again = [time_search(index_dir, repeated)[0] for _ in range(repeats)]
    kinds = {kind: {**latency_summary(by_kind[kind]), "errors": len(errors[kind]),
                    "mean_total": round(sum(totals[kind]) / max(1, len(totals[kind])), 1)}
             for kind in sorted(set(by_kind) | set(errors))}
    return {"open_ms": round(open_ms, 1), "kinds": kinds,
            "all": {**latency_summary([ms for values in by_kind.values() for ms in values]),
                    "errors": sum(len(e) for e in errors.values())},
            "repeated": {**latency_summary(again), "query": repeated.q},
            "error_examples": [e for values in errors.values() for e in values][:5]}
