"""What an open index generation holds, and how its records become hits and labels."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from search import facets, storage, termkeys
from search.actors import ActorRegistry, load_registry
from search.analysis import analyzer_keys
from search.documents import decode_stored
from search.errors import IndexDamagedError
from search.facets import FacetTable
from search.highlight import MatchTerms, highlight, make_snippet
from search.indexer import ACTORS_FILE, DISCOVERED
from search.languages import get_language
from search.lexicon import load_lexicon, use_lexicon_cache
from search.related import same_story_languages
from search.results import ActorRef, FacetValue, Hit
from search.schema import text_field
from search.suggest import WORDS_FILE, Vocabulary


@dataclass
class EngineState:
    """Everything opened for one generation of the index."""

    marker: tuple[str, float]
    generation: storage.Generation
    searcher: Searcher
    table: FacetTable
    keys: tuple[str, ...]
    registry: ActorRegistry
    discovered: dict[str, str]
    vocabulary: Vocabulary  # the corpus's words, for did-you-mean
    records: Any            # each document's stored record (a Whoosh column reader)
    labels: dict[tuple[str, str, str | None], str] = field(default_factory=dict)
    story_languages: dict[int, int] = field(default_factory=dict)  # document -> other languages
    readers: int = 0       # exports still reading this generation's records
    retired: bool = False  # a newer generation replaced it: close it when no export reads it

    def hold(self) -> None:
        """An export starts reading this generation."""
        self.readers += 1

    def release(self) -> None:
        """An export stopped reading this generation."""
        self.readers -= 1
        self._close_if_unused()

    def retire(self) -> None:
        """A newer generation replaced this one: close now, or when the last export ends."""
        self.retired = True
        self._close_if_unused()

    def _close_if_unused(self) -> None:
        if self.retired and not self.readers:
            self.searcher.close()


def open_state(index_dir: Path, marker: tuple[str, float] | None) -> EngineState:
    """Open the live generation: searcher, facet table, languages present, actor registry."""
    generation = storage.current_generation(index_dir)
    try:
        searcher = whoosh_index.open_dir(str(generation.path)).searcher()
        termkeys.prepare(searcher)
    except (OSError, EOFError, ValueError, whoosh_index.IndexError) as error:
        raise IndexDamagedError(f"the index in {index_dir} cannot be opened ({error}): "
                                "run `news-search rebuild-index`") from None
    reader = searcher.reader()
    present = set(reader.indexed_field_names())
    keys = tuple(k for k in analyzer_keys()
                 if text_field("body", k) in present or text_field("title", k) in present)
    extra = generation.path / ACTORS_FILE
    discovered_file = generation.path / DISCOVERED
    discovered = storage.read_json(discovered_file) if discovered_file.exists() else {}
    registry = load_registry(extra if extra.is_file() else None)
    registry.match_query("")  # builds the query and label indexes now, not in the first search
    registry.search_labels("")
    use_lexicon_cache(storage.cache_dir(index_dir))
    for key in keys:  # the word lists of the query languages: mapped now (built by the indexer)
        load_lexicon(key)
    return EngineState(marker or (generation.name, 0.0), generation, searcher,
                       facets.build_facet_table(reader), keys, registry, discovered,
                       Vocabulary.load(generation.path / WORDS_FILE), reader.column_reader("record"))


def read_record(state: EngineState, docnum: int) -> dict[str, Any]:
    """The stored record of a document."""
    return decode_stored(state.records[docnum])


def make_hit(state: EngineState, docnum: int, score: float | None, match: MatchTerms,
             snippet: bool = True) -> Hit:
    """A search hit from a document number, with highlighted title and snippet."""
    record = read_record(state, docnum)
    paragraphs = [(lang, text) for lang, text in record["paragraphs"]]
    return Hit(
        id=record["id"], title=highlight(record["title"], record["lang"], match),
        lang=record["lang"], langs=tuple(record["langs"]),
        snippet=make_snippet(paragraphs, match) if snippet else "",
        score=round(score, 4) if score is not None else None,
        date=record["date"], datetime=record["datetime"],
        translated_from=record["translated_from"],
        actors=actor_refs(state, record["actors"], record["lang"]),
        other_languages=_story_languages(state, docnum) if snippet else 0)


def _story_languages(state: EngineState, docnum: int) -> int:
    """In how many other languages a document's story is told, counted once per generation."""
    count = state.story_languages.get(docnum)
    if count is None:
        count = state.story_languages[docnum] = same_story_languages(state.table, docnum)
    return count


def facet_value(state: EngineState, facet: str, value: str, count: int, selected: bool) -> FacetValue:
    """A facet value with its label (and, for actors, its type)."""
    kind = actor_type(state, value) if facet == "actor" else None
    return FacetValue(value, label(state, facet, value), count, selected, kind)


def actor_type(state: EngineState, actor_id: str) -> str:
    """person, country or organisation (discovered actors are people)."""
    actor = state.registry.get(actor_id)
    return actor.type if actor is not None else "person"


def actor_refs(state: EngineState, ids: list[str], lang: str) -> tuple[ActorRef, ...]:
    """Actors as shown beside an article, labelled in its language."""
    return tuple(ActorRef(a, label(state, "actor", a, lang), actor_type(state, a)) for a in ids)


def label(state: EngineState, facet: str, value: str, lang: str | None = None) -> str:
    """The human label of a facet value, worked out once per generation."""
    key = (facet, value, lang)
    found = state.labels.get(key)
    if found is None:
        found = state.labels[key] = _label(state, facet, value, lang)
    return found


def _label(state: EngineState, facet: str, value: str, lang: str | None) -> str:
    if facet == "lang":
        return get_language(value).native_name
    if facet == "actor":
        if value in state.discovered:
            return state.discovered[value]
        actor = state.registry.get(value)
        return actor.label(lang or "en") if actor is not None else value
    if facet == "provenance":
        if value.startswith("translated-from-"):
            return f"Translated from {get_language(value.rsplit('-', 1)[-1]).name}"
        return "Original"
    return value
