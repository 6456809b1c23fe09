"""Plain records that searches return: nothing tied to Whoosh leaves the engine."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from search.errors import LimitError, QueryError

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000  # page * size
MAX_FACET_SIZE = 200


@dataclass(frozen=True)
class SearchRequest:
    """What a user asks for: query text, facet selections, date range, sort and page."""

    q: str = ""
    langs: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    provenance: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = 10
    facet_size: int = 10

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if self.page < 1:
            raise QueryError("page must be 1 or more")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise LimitError("size", f"size must be between 1 and {MAX_PAGE_SIZE}")
        if self.page * self.size > MAX_RESULT_WINDOW:
            raise LimitError("window", f"page * size must be at most {MAX_RESULT_WINDOW:,}; "
                                       "narrow the search instead of paging so far")
        if not 1 <= self.facet_size <= MAX_FACET_SIZE:
            raise LimitError("facet_size", f"facet_size must be between 1 and {MAX_FACET_SIZE}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("from must not be after to")


@dataclass(frozen=True)
class ActorRef:
    """An actor as shown beside an article."""

    id: str
    label: str
    type: str


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    title: str          # HTML: escaped, matched words in <mark>
    lang: str
    langs: tuple[str, ...]
    snippet: str        # HTML: escaped, matched words in <mark>
    score: float | None
    date: str | None
    datetime: str | None
    translated_from: str | None
    actors: tuple[ActorRef, ...]
    other_languages: int = 0   # the same story is told in this many other languages


@dataclass(frozen=True)
class RelatedArticle:
    """An article linked from another one."""

    id: str
    title: str          # HTML, escaped like every title the engine returns
    lang: str
    date: str | None
    score: float


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count under the current search."""

    value: str
    label: str
    count: int
    selected: bool
    type: str | None = None   # actors only: person, country or organisation


@dataclass(frozen=True)
class Facet:
    """A facet's top values and whether more exist."""

    name: str
    values: tuple[FacetValue, ...]
    truncated: bool = False


@dataclass(frozen=True)
class DateFacet:
    """The date histogram: zero-filled buckets and the number of undated articles."""

    granularity: str
    buckets: tuple[FacetValue, ...]
    unknown: int
    selected_from: str | None = None
    selected_to: str | None = None


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the total, facets, and how the query was understood."""

    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, Facet]
    dates: DateFacet
    took_ms: float
    searched_as: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True)
class ArticleView:
    """A whole article for display, with the query's words marked when one is given."""

    id: str
    path: str
    title: str           # HTML
    lang: str
    langs: tuple[str, ...]
    date: str | None
    datetime: str | None
    translated_from: str | None
    url: str | None
    source: str | None
    header: tuple[str, ...]
    paragraphs: tuple[tuple[str, str], ...]   # (lang, HTML)
    text: str                                # plain body text
    actors: tuple[ActorRef, ...]
    related: tuple[RelatedArticle, ...] = ()
    same_story: tuple[RelatedArticle, ...] = ()
