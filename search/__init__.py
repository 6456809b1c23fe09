"""A multilingual news search engine over Whoosh: the small public API used by the web app and CLI."""
from __future__ import annotations

from pathlib import Path

from search.dates import parse_date_bound
from search.detection import load_language_model
from search.engine import SearchEngine
from search.errors import (ArticleNotFoundError, CorpusError, FacetNotFoundError, IndexBusyError,
                           IndexDamagedError, IndexMissingError, LimitError, NotFoundError,
                           QueryError, QueryTimeoutError, SchemaMismatchError, SearchError)
from search.indexer import BuildSummary, rebuild_index
from search.languages import DETECTABLE_LANGUAGES, get_language
from search.results import (MAX_PAGE_SIZE, SORTS, ActorRef, ArticleView, DateFacet, Facet,
                            FacetValue, Hit, RelatedArticle, SearchRequest, SearchResult)
from search.storage import current_generation
from search.updater import UpdateSummary, update_index

__all__ = [
    "ActorRef", "ArticleNotFoundError", "ArticleView", "BuildSummary", "CorpusError", "DateFacet",
    "Facet", "FacetNotFoundError", "FacetValue", "Hit", "IndexBusyError", "IndexDamagedError",
    "IndexMissingError", "LimitError", "MAX_PAGE_SIZE", "NotFoundError", "QueryError",
    "QueryTimeoutError", "RelatedArticle", "SORTS", "SchemaMismatchError", "SearchEngine",
    "SearchError", "SearchRequest", "SearchResult", "UpdateSummary", "check_index", "engine_for",
    "forget_engines", "get_article", "get_language", "parse_date_bound", "preload",
    "rebuild_index", "run_search", "update_index",
]

_engines: dict[Path, SearchEngine] = {}


def engine_for(index_dir: Path) -> SearchEngine:
    """The shared engine of an index folder (one open searcher per folder and process)."""
    key = Path(index_dir).resolve()
    if key not in _engines:
        _engines[key] = SearchEngine(key)
    return _engines[key]


def check_index(index_dir: Path) -> None:
    """Raise IndexMissingError or SchemaMismatchError unless a usable index is there."""
    current_generation(index_dir)


def forget_engines() -> None:
    """Drop every open engine (a forked process must open its own files)."""
    _engines.clear()


def preload() -> None:
    """Load what every search needs and no index holds (a server does it once, before forking):
    the language model and the languages' names."""
    load_language_model()
    for code in DETECTABLE_LANGUAGES:
        get_language(code)


def run_search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Search an index folder."""
    return engine_for(index_dir).search(request)


def get_article(index_dir: Path, article_id: str, q: str = "") -> ArticleView:
    """Fetch one article of an index folder, with the query's words marked."""
    return engine_for(index_dir).article(article_id, q)
