"""The search engine: one open searcher per index generation, reused until the index changes."""
from __future__ import annotations

import functools
from html import escape
import os
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import numpy as np

from search import facets, storage
from search.display import (EngineState, actor_refs, facet_value, label, make_hit, open_state,
                            read_record)
from search.deadline import Deadline
from search.errors import ArticleNotFoundError, FacetNotFoundError
from search.highlight import MatchTerms, highlight
from search.matching import evaluate, rank
from search.querysyntax import parse_query, query_words
from search.query import CompiledQuery, compile_query
from search.detection import detect_query_languages
from search.related import more_like_this, same_story
from search.results import (ArticleView, DateFacet, Facet, FacetValue, Hit, RelatedArticle,
                            SearchRequest, SearchResult)
from search.shared_results import SharedResults
from search.suggest import suggest_query

T = TypeVar("T")
FEW_HITS = 3  # with fewer hits than this, a corrected query is offered
DEFAULT_TIMEOUT = 10.0  # seconds a search may take
CACHE_SIZE = 512  # recent searches kept per index generation


def _serialized(method: Callable[..., T]) -> Callable[..., T]:
    """Run a method under the engine's lock: a Whoosh searcher's open files are not thread-safe."""
    @functools.wraps(method)
    def wrapper(self: SearchEngine, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)
    return wrapper


class SearchEngine:
    """Searches an index folder; reopens only when a rebuild or update changed it."""

    def __init__(self, index_dir: Path, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self.index_dir = Path(index_dir)
        self.timeout = timeout
        self._cache: OrderedDict[tuple[Any, SearchRequest], SearchResult] = OrderedDict()
        self._state: EngineState | None = None
        self._shared: SharedResults | None = None
        self._lock = threading.RLock()
        self._pid = os.getpid()

    def state(self) -> EngineState:
        """The open state for the live generation, reopened when the index changed."""
        marker = storage.current_marker(self.index_dir)
        with self._lock:
            if self._pid != os.getpid():  # a forked child must not share its parent's open files
                self._state, self._pid = None, os.getpid()
            if self._state is None or marker is None or marker != self._state.marker:
                old, self._state = self._state, open_state(self.index_dir, marker)
                self._cache.clear()
                self._shared = SharedResults(self.index_dir, self._state.marker)
                self._shared.forget_other_states()
                if old is not None:
                    old.retire()
            return self._state

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search, or answer it from the recent searches of this process or of the
        other server workers on the same index."""
        started = time.perf_counter()
        # One search at a time per process: a Whoosh searcher's open files are not thread-safe.
        # The state is taken under the lock: another thread may swap in a new generation and close
        # the old searcher, and a result must be cached under the state that computed it.
        with self._lock:
            state = self.state()
            key = (state.marker, request)
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
            else:
                shared = self._shared
                cached = shared.get(request) if shared is not None else None
                if cached is None:
                    cached = self._search(state, request, started)
                    if shared is not None:
                        shared.put(cached)
                self._cache[key] = cached
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return replace(cached, took_ms=round((time.perf_counter() - started) * 1000, 2))

    def _search(self, state: EngineState, request: SearchRequest, started: float) -> SearchResult:
        """Run one search: hits of the requested page, total, facets and query report."""
        compiled = self._compile(state, request.q)
        base, masks, scores = self._masks(state, compiled, request, Deadline(self.timeout))
        final = facets.combine(list(masks.values()), base)
        facet_map = {name: self._facet(state, name, request, masks, base)
                     for name in facets.FACET_NAMES}
        hits = [make_hit(state, docnum, score, compiled.match)
                for docnum, score in self._ranked(state, request, final, scores,
                                                  (request.page - 1) * request.size,
                                                  request.page * request.size)]
        total = int(final.sum())
        return SearchResult(
            request=request, total=total, hits=tuple(hits), facets=facet_map,
            dates=self._date_facet(state, request, masks, base, final),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            searched_as=compiled.searched_as, warnings=tuple(compiled.warnings),
            suggestion=self._suggest(state, request.q) if total < FEW_HITS else None)

    @_serialized
    def facet_values(self, name: str, prefix: str, request: SearchRequest) -> Facet:
        """Values of one facet whose label starts with ``prefix``, counted under the search."""
        state = self.state()
        if name not in facets.FACET_NAMES:
            raise FacetNotFoundError(f"no facet called {name!r}; facets are "
                                       f"{', '.join(facets.FACET_NAMES)}")
        compiled = self._compile(state, request.q)
        base, masks, _ = self._masks(state, compiled, request, Deadline(self.timeout))
        others = facets.combine([m for other, m in masks.items() if other != name], base)
        counts = facets.count_values(state.table, name, others)
        wanted = _fold(prefix)
        matching = [(value, count) for value, count in counts.items()
                    if not wanted or any(_fold(word).startswith(wanted) for word in
                                         (value, *label(state, name, value).split()))
                    or _fold(label(state, name, value)).startswith(wanted)]
        matching.sort(key=lambda item: (-item[1], item[0]))
        selected = set(getattr(request, {"lang": "langs", "actor": "actors"}.get(name, name)))
        values = tuple(facet_value(state, name, value, count, value in selected)
                       for value, count in matching[:request.facet_size])
        return Facet(name, values, truncated=len(matching) > request.facet_size)

    @_serialized
    def export(self, request: SearchRequest) -> Iterator[Hit]:
        """Every hit of a search in order, without the page window (for CSV and JSON Lines).

        The search runs now (so errors surface before streaming starts); hits are made lazily,
        from the generation the search ran on even if a newer one opens meanwhile."""
        state = self.state()
        compiled = self._compile(state, request.q)
        base, masks, scores = self._masks(state, compiled, request, Deadline(self.timeout))
        final = facets.combine(list(masks.values()), base)
        ranked = self._ranked(state, request, final, scores, 0, None)
        state.hold()
        return self._export_hits(state, ranked)

    def _export_hits(self, state: EngineState,
                     ranked: list[tuple[int, float | None]]) -> Iterator[Hit]:
        try:
            for docnum, score in ranked:
                with self._lock:
                    hit = make_hit(state, docnum, score, MatchTerms(), snippet=False)
                yield hit
        finally:
            with self._lock:
                state.release()

    @_serialized
    def article(self, article_id: str, q: str = "") -> ArticleView:
        """One whole article by id; raises ArticleNotFoundError for an unknown id."""
        state = self.state()
        docnum = state.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r}")
        record = read_record(state, docnum)
        match = self._compile(state, q).match if q.strip() else MatchTerms()
        text = "\n".join(text for _, text in record["paragraphs"])
        related = more_like_this(state.searcher, state.table, docnum, record["lang"],
                                 record["title"] + "\n" + text)
        story = same_story(state.table, docnum, record["translated_from"])
        return ArticleView(
            id=record["id"], path=record["path"],
            title=highlight(record["title"], record["lang"], match),
            lang=record["lang"], langs=tuple(record["langs"]), date=record["date"],
            datetime=record["datetime"], translated_from=record["translated_from"],
            url=record["url"], source=record["source"], header=tuple(record["header"]),
            paragraphs=tuple((lang, highlight(t, lang, match)) for lang, t in record["paragraphs"]),
            text=text, actors=actor_refs(state, record["actors"], record["lang"]),
            related=tuple(self._related(state, related)),
            same_story=tuple(self._related(state, story)))

    @_serialized
    def stats(self) -> dict[str, Any]:
        """Counts per language, actor and month, and facts about the index."""
        from search.stats import index_stats
        return index_stats(self.state())

    def _compile(self, state: EngineState, text: str) -> CompiledQuery:
        guesses = detect_query_languages(text, state.keys) if text.strip() else []
        boosted = tuple(code for code, confidence in guesses[:1] if confidence >= 0.5)
        return compile_query(text, state.keys, state.registry, state.searcher.reader(), boosted)

    @staticmethod
    def _masks(state: EngineState, compiled: CompiledQuery, request: SearchRequest,
               deadline: Deadline) -> tuple[np.ndarray, dict[str, np.ndarray | None], np.ndarray | None]:
        """The documents the query matches (with scores), and each facet's filter."""
        table = state.table
        base = table.live.copy()
        scores = None
        if compiled.query is not None:
            matched, scores = evaluate(state.searcher, compiled.query, table.size, deadline)
            base &= matched
        return base, {
            "lang": facets.value_mask(table, "lang", request.langs),
            "actor": facets.value_mask(table, "actor", request.actors),
            "provenance": facets.value_mask(table, "provenance", request.provenance),
            "date": facets.date_mask(table, request.date_from, request.date_to),
        }, scores

    @staticmethod
    def _facet(state: EngineState, name: str, request: SearchRequest,
               masks: dict[str, np.ndarray | None], base: np.ndarray) -> Facet:
        others = [m for other, m in masks.items() if other != name]
        counts = facets.count_values(state.table, name, facets.combine(others, base))
        selected = {"lang": request.langs, "actor": request.actors,
                    "provenance": request.provenance}[name]
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        top = ranked[:request.facet_size]
        shown = {value for value, _ in top}
        top += [(value, counts.get(value, 0)) for value in selected if value not in shown]
        values = tuple(facet_value(state, name, value, count, value in selected)
                       for value, count in top)
        return Facet(name, values, truncated=len(ranked) > request.facet_size)

    @staticmethod
    def _date_facet(state: EngineState, request: SearchRequest,
                    masks: dict[str, np.ndarray | None], base: np.ndarray,
                    final: np.ndarray) -> DateFacet:
        others = facets.combine([m for name, m in masks.items() if name != "date"], base)
        unknown = int((others & (state.table.dates == facets.UNKNOWN_DATE)).sum())
        granularity, buckets = facets.date_histogram(state.table.dates[final])
        selected = (request.date_from, request.date_to)
        values = tuple(FacetValue(b.value, b.label, b.count, selected == (b.start, b.end))
                       for b in buckets)
        return DateFacet(granularity, values, unknown,
                         request.date_from.isoformat() if request.date_from else None,
                         request.date_to.isoformat() if request.date_to else None)

    @staticmethod
    def _ranked(state: EngineState, request: SearchRequest, final: np.ndarray,
                scores: np.ndarray | None, start: int, stop: int | None) -> list[tuple[int, float | None]]:
        """Documents of the window [start, stop) in the requested order, with scores."""
        docs = np.flatnonzero(final)
        if request.sort == "relevance" and scores is not None:
            return [(int(d), round(float(scores[d]), 4)) for d in rank(docs, scores)[start:stop]]
        dates = state.table.dates[docs]
        newest_first = request.sort != "oldest"
        key = np.where(dates > 0, -dates if newest_first else dates, np.iinfo(np.int32).max)
        return [(int(d), None) for d in docs[np.lexsort((docs, key))][start:stop]]

    def _suggest(self, state: EngineState, text: str) -> str | None:
        """A corrected query when the query has few or no hits."""
        words = query_words(parse_query(text).root)
        if not words:
            return None
        first = words[0].split()[0] if words[0].split() else ""
        names = [actor.label("en") for actor_id in state.registry.search_labels(first[:2])[:200]
                 if (actor := state.registry.get(actor_id)) is not None] if len(first) >= 2 else []
        return suggest_query(text, words, state.vocabulary, names)

    @staticmethod
    def _related(state: EngineState, ranked: list[tuple[int, float]]) -> Iterator[RelatedArticle]:
        for docnum, score in ranked:
            record = read_record(state, docnum)
            yield RelatedArticle(record["id"], escape(record["title"]), record["lang"],
                                 record["date"], round(float(score), 3))


def _fold(text: str) -> str:
    import unicodedata
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
