"""The engine's exception tree: plain errors with readable messages, no HTTP."""
from __future__ import annotations


class SearchError(Exception):
    """Base class of every error the engine raises on purpose."""


class IndexMissingError(SearchError):
    """No index has been built yet."""


class IndexDamagedError(SearchError):
    """The live index cannot be opened (files missing or corrupt)."""


class SchemaMismatchError(SearchError):
    """The index was built by an incompatible version of the engine."""


class IndexBusyError(SearchError):
    """Another rebuild or update holds the index lock."""


class CorpusError(SearchError):
    """The corpus cannot be read at all (missing folder, strict mode fault)."""


class QueryError(SearchError):
    """A query or a parameter cannot be understood."""


class LimitError(QueryError):
    """A query or a parameter goes beyond a documented limit."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


class QueryTimeoutError(SearchError):
    """A search took longer than its time budget."""


class NotFoundError(SearchError):
    """Something asked for by name does not exist."""


class ArticleNotFoundError(NotFoundError):
    """No article has the requested id."""


class FacetNotFoundError(NotFoundError):
    """No facet has the requested name."""
