"""The search engine: one open searcher per index generation, reused until the index changes."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from search import facets, storage
from search.actors import ActorRegistry, load_registry
from search.analysis import analyzer_keys
from search.documents import decode_stored
from search.errors import ArticleNotFoundError
from search.facets import FacetTable
from search.highlight import MatchTerms, highlight, make_snippet
from search.indexer import ACTORS_FILE
from search.detection import detect_query_languages
from search.languages import get_language
from search.query import CompiledQuery, compile_query
from search.results import (ActorRef, ArticleView, DateFacet, Facet, FacetValue, Hit,
                            SearchRequest, SearchResult)
from search.schema import text_field


@dataclass
class _State:
    """Everything opened for one generation of the index."""

    marker: tuple[str, float]
    generation: storage.Generation
    searcher: Searcher
    table: FacetTable
    keys: tuple[str, ...]
    registry: ActorRegistry
    discovered: dict[str, str]


class SearchEngine:
    """Searches an index folder; reopens only when a rebuild or update changed it."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._state: _State | None = None
        self._lock = threading.RLock()

    def state(self) -> _State:
        """The open state for the live generation, reopened when the index changed."""
        marker = storage.current_marker(self.index_dir)
        with self._lock:
            if self._state is None or marker is None or marker != self._state.marker:
                self._state = self._open(marker)
            return self._state

    def _open(self, marker: tuple[str, float] | None) -> _State:
        generation = storage.current_generation(self.index_dir)
        ix = whoosh_index.open_dir(str(generation.path))
        searcher = ix.searcher()
        reader = searcher.reader()
        present = set(reader.indexed_field_names())
        keys = tuple(k for k in analyzer_keys()
                     if text_field("body", k) in present or text_field("title", k) in present)
        extra = generation.path / ACTORS_FILE
        discovered_file = generation.path / "discovered.json"
        discovered = json.loads(discovered_file.read_text()) if discovered_file.exists() else {}
        old = self._state
        state = _State(marker or (generation.name, 0.0), generation, searcher,
                       facets.build_facet_table(reader), keys,
                       load_registry(extra if extra.is_file() else None), discovered)
        if old is not None:
            old.searcher.close()
        return state

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: hits of the requested page, total, facets and query report."""
        started = time.perf_counter()
        state = self.state()
        compiled = self._compile(state, request.q)
        table = state.table
        base = table.live.copy()
        if compiled.query is not None:
            matched = np.zeros(table.size, dtype=bool)
            matched[np.fromiter(compiled.query.docs(state.searcher), dtype=np.int64)] = True
            base &= matched
        masks = {
            "lang": facets.value_mask(table, "lang", request.langs),
            "actor": facets.value_mask(table, "actor", request.actors),
            "provenance": facets.value_mask(table, "provenance", request.provenance),
            "date": facets.date_mask(table, request.date_from, request.date_to),
        }
        final = facets.combine(list(masks.values()), base)
        facet_map = {name: self._facet(state, name, request, masks, base)
                     for name in facets.FACET_NAMES}
        hits = self._page(state, compiled, request, final)
        return SearchResult(
            request=request, total=int(final.sum()), hits=tuple(hits), facets=facet_map,
            dates=self._date_facet(state, request, masks, base, final),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            searched_as=compiled.searched_as, warnings=tuple(compiled.warnings))

    def _compile(self, state: _State, text: str) -> CompiledQuery:
        guesses = detect_query_languages(text, state.keys) if text.strip() else []
        boosted = tuple(code for code, confidence in guesses[:1] if confidence >= 0.5)
        return compile_query(text, state.keys, state.registry, state.searcher.reader(), boosted)

    def _facet(self, state: _State, name: str, request: SearchRequest,
               masks: dict[str, np.ndarray | None], base: np.ndarray) -> Facet:
        others = [m for other, m in masks.items() if other != name]
        counts = facets.count_values(state.table, name, facets.combine(others, base))
        selected = {"lang": request.langs, "actor": request.actors,
                    "provenance": request.provenance}[name]
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        top = ranked[:request.facet_size]
        shown = {value for value, _ in top}
        top += [(value, counts.get(value, 0)) for value in selected if value not in shown]
        values = tuple(FacetValue(value, self.label(state, name, value), count, value in selected)
                       for value, count in top)
        return Facet(name, values, truncated=len(ranked) > request.facet_size)

    def _date_facet(self, state: _State, request: SearchRequest,
                    masks: dict[str, np.ndarray | None], base: np.ndarray,
                    final: np.ndarray) -> DateFacet:
        others = facets.combine([m for name, m in masks.items() if name != "date"], base)
        unknown = int((others & (state.table.dates == facets.UNKNOWN_DATE)).sum())
        granularity, buckets = facets.date_histogram(state.table.dates[final])
        selected = (request.date_from, request.date_to)
        values = tuple(FacetValue(b.value, b.label, b.count,
                                  selected == (b.start, b.end)) for b in buckets)
        return DateFacet(granularity, values, unknown,
                         request.date_from.isoformat() if request.date_from else None,
                         request.date_to.isoformat() if request.date_to else None)

    def _page(self, state: _State, compiled: CompiledQuery, request: SearchRequest,
              final: np.ndarray) -> list[Hit]:
        start = (request.page - 1) * request.size
        stop = start + request.size
        if request.sort == "relevance" and compiled.query is not None:
            docs = np.flatnonzero(final)
            results = state.searcher.search(compiled.query, limit=stop,
                                            filter=set(docs.tolist()))
            ranked = [(hit.docnum, hit.score) for hit in results][start:stop]
        else:
            ranked = [(int(d), None) for d in self._date_order(state, final, request.sort)[start:stop]]
        return [self._hit(state, docnum, score, compiled.match) for docnum, score in ranked]

    @staticmethod
    def _date_order(state: _State, final: np.ndarray, sort: str) -> np.ndarray:
        """Documents by date (newest first unless ``oldest``); undated ones last either way."""
        docs = np.flatnonzero(final)
        dates = state.table.dates[docs]
        key = np.where(dates > 0, -dates if sort != "oldest" else dates, np.iinfo(np.int32).max)
        return docs[np.lexsort((docs, key))]

    def _hit(self, state: _State, docnum: int, score: float | None, match: MatchTerms) -> Hit:
        record = self._record(state, docnum)
        return Hit(
            id=record["id"], title=highlight(record["title"], record["lang"], match),
            lang=record["lang"], langs=tuple(record["langs"]),
            snippet=make_snippet([(lang, text) for lang, text in record["paragraphs"]], match),
            score=round(score, 4) if score is not None else None,
            date=record["date"], datetime=record["datetime"],
            translated_from=record["translated_from"],
            actors=self._actor_refs(state, record["actors"], record["lang"]))

    @staticmethod
    def _record(state: _State, docnum: int) -> dict[str, Any]:
        return decode_stored(state.searcher.stored_fields(docnum)["stored"])

    def _actor_refs(self, state: _State, ids: list[str], lang: str) -> tuple[ActorRef, ...]:
        return tuple(ActorRef(a, self.label(state, "actor", a, lang), self._actor_type(state, a))
                     for a in ids)

    @staticmethod
    def _actor_type(state: _State, actor_id: str) -> str:
        actor = state.registry.get(actor_id)
        return actor.type if actor is not None else "person"

    @staticmethod
    def label(state: _State, facet: str, value: str, lang: str | None = None) -> str:
        """The human label of a facet value."""
        if facet == "lang":
            return get_language(value).native_name
        if facet == "actor":
            actor = state.registry.get(value)
            if actor is not None:
                return actor.label(lang or "en")
            return state.discovered.get(value, value)
        if facet == "provenance":
            if value.startswith("translated-from-"):
                return f"Translated from {get_language(value.rsplit('-', 1)[-1]).name}"
            return "Original"
        return value

    def article(self, article_id: str, q: str = "") -> ArticleView:
        """One whole article by id; raises ArticleNotFoundError for an unknown id."""
        state = self.state()
        docnum = state.searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r}")
        record = self._record(state, docnum)
        match = self._compile(state, q).match if q.strip() else MatchTerms()
        paragraphs = tuple((lang, highlight(text, lang, match)) for lang, text in record["paragraphs"])
        return ArticleView(
            id=record["id"], path=record["path"], title=highlight(record["title"], record["lang"], match),
            lang=record["lang"], langs=tuple(record["langs"]), date=record["date"],
            datetime=record["datetime"], translated_from=record["translated_from"],
            url=record["url"], source=record["source"], header=tuple(record["header"]),
            paragraphs=paragraphs, text="\n".join(text for _, text in record["paragraphs"]),
            actors=self._actor_refs(state, record["actors"], record["lang"]))
