"""From a parsed query to a Whoosh query over the per-language fields of the index."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from whoosh import query as wq
from whoosh.reading import IndexReader

from search.actors import ActorRegistry
from search.analysis import analyze
from search.errors import LimitError
from search.highlight import MatchTerms
from search.languages import normalize_code
from search.querysyntax import And, FieldValue, Node, Not, Or, Phrase, Word, parse_query
from search.schema import FIELD_BOOSTS, TEXT_PARTS, text_field

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
MAX_PREFIX_EXPANSION = 512
MIN_PREFIX_CHARS = 2
DETECTED_LANGUAGE_BOOST = 1.5


@dataclass
class CompiledQuery:
    """A Whoosh query (None: every document) and what the user should know about it."""

    query: wq.Query | None
    searched_as: dict[str, str] = field(default_factory=dict)
    match: MatchTerms = field(default_factory=MatchTerms)
    actors: list[str] = field(default_factory=list)
    lang_filters: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def compile_query(text: str, keys: tuple[str, ...], registry: ActorRegistry, reader: IndexReader,
                  boosted: tuple[str, ...] = ()) -> CompiledQuery:
    """Parse and compile a user's query; raises LimitError beyond the documented limits."""
    if len(text) > MAX_QUERY_CHARS:
        raise LimitError("query_length", f"the query is {len(text)} characters long; "
                                         f"the limit is {MAX_QUERY_CHARS}")
    parsed = parse_query(text)
    compiler = _Compiler(keys, registry, reader, boosted, text)
    compiled = CompiledQuery(query=None, warnings=list(parsed.warnings))
    if parsed.root is not None:
        compiled.query = compiler.node(parsed.root)
    if compiler.term_count > MAX_QUERY_TERMS:
        raise LimitError("query_terms", f"the query has {compiler.term_count} terms; "
                                        f"the limit is {MAX_QUERY_TERMS}")
    compiled.searched_as = {k: " ".join(v) for k, v in compiler.searched.items() if v}
    compiled.match = MatchTerms(
        {k: frozenset(v) for k, v in compiler.searched.items()},
        {k: tuple(v) for k, v in compiler.prefixes.items()})
    compiled.actors = compiler.actors
    compiled.lang_filters = compiler.langs
    compiled.warnings += compiler.warnings
    return compiled


class _Compiler:
    """Turns query nodes into Whoosh queries, recording how each word was analysed."""

    def __init__(self, keys: tuple[str, ...], registry: ActorRegistry, reader: IndexReader,
                 boosted: tuple[str, ...], text: str) -> None:
        self.keys = keys
        self.registry = registry
        self.reader = reader
        self.boosted = set(boosted)
        self.actor_phrases = {p.lower(): a for p, a in registry.match_query(text)}
        self.searched: dict[str, list[str]] = {k: [] for k in keys}
        self.prefixes: dict[str, list[str]] = {k: [] for k in keys}
        self.actors: list[str] = []
        self.langs: list[str] = []
        self.warnings: list[str] = []
        self.term_count = 0

    def node(self, node: Node) -> wq.Query:
        if isinstance(node, Word):
            return self.word(node.text)
        if isinstance(node, Phrase):
            return self.phrase(node.text)
        if isinstance(node, FieldValue):
            return self.field_value(node)
        if isinstance(node, Not):
            return wq.Not(self.node(node.node))
        if isinstance(node, Or):
            return wq.Or([self.node(n) for n in node.nodes])
        return self.conjunction(node)

    def conjunction(self, node: And) -> wq.Query:
        parts: list[wq.Query] = []
        positive = [n for n in node.nodes if not isinstance(n, Not)]
        negative = [n for n in node.nodes if isinstance(n, Not)]
        index = 0
        while index < len(positive):
            span = self._actor_span(positive, index)
            if span:
                words = [self.node(n) for n in positive[index:index + span]]
                phrase = " ".join(n.text for n in positive[index:index + span])  # type: ignore[union-attr]
                parts.append(wq.Or([wq.And(words), self._actor_term(phrase)]))
                index += span
            else:
                parts.append(self.node(positive[index]))
                index += 1
        query: wq.Query = wq.And(parts) if parts else wq.Every()
        for item in negative:
            query = wq.AndNot(query, self.node(item.node))  # type: ignore[union-attr]
        return query

    def _actor_span(self, nodes: Sequence[Node], start: int) -> int:
        """Length of the longest run of plain words from ``start`` that names an actor (2+ words)."""
        for end in range(min(len(nodes), start + 6), start + 1, -1):
            run = nodes[start:end]
            if all(isinstance(n, Word) for n in run):
                if " ".join(n.text for n in run).lower() in self.actor_phrases:  # type: ignore[union-attr]
                    return end - start
        return 0

    def word(self, text: str) -> wq.Query:
        if text.endswith("*"):
            return self.prefix(text)
        alternatives = self.text_alternatives(text)
        if text.lower() in self.actor_phrases:
            alternatives.append(self._actor_term(text))
        return wq.Or(alternatives) if alternatives else wq.NullQuery

    def phrase(self, text: str) -> wq.Query:
        alternatives = self.text_alternatives(text)
        if text.lower() in self.actor_phrases:
            alternatives.append(self._actor_term(text))
        return wq.Or(alternatives) if alternatives else wq.NullQuery

    def text_alternatives(self, text: str) -> list[wq.Query]:
        """The words analysed in every language of the index, in title and body fields."""
        alternatives: list[wq.Query] = []
        self.term_count += len(text.split())
        for key in self.keys:
            terms = analyze(text, key)
            if not terms:
                continue
            self.searched[key].extend(terms)
            boost = DETECTED_LANGUAGE_BOOST if key in self.boosted else 1.0
            for part in TEXT_PARTS:
                name = text_field(part, key)
                weight = boost * FIELD_BOOSTS[part]
                if len(terms) == 1:  # matching skips the terms and phrases a field lacks
                    alternatives.append(wq.Term(name, terms[0], boost=weight))
                else:
                    alternatives.append(wq.Phrase(name, terms, slop=2, boost=weight))
        return alternatives

    def prefix(self, text: str) -> wq.Query:
        stem = text.rstrip("*")
        if "*" in stem or "?" in stem:
            raise LimitError("wildcard", "only a trailing * is supported (as in 'satel*')")
        if len(stem) < MIN_PREFIX_CHARS:
            raise LimitError("wildcard", f"a prefix search needs at least {MIN_PREFIX_CHARS} "
                                         "letters before the *")
        alternatives: list[wq.Query] = []
        expanded = 0
        self.term_count += 1
        for key in self.keys:
            terms = analyze(stem, key)
            if len(terms) != 1:
                continue
            self.prefixes[key].append(terms[0])
            for part in TEXT_PARTS:
                name = text_field(part, key)
                words = self.reader.expand_prefix(name, terms[0])
                expanded += sum(1 for _ in islice(words, MAX_PREFIX_EXPANSION + 1))
                if expanded > MAX_PREFIX_EXPANSION:
                    raise LimitError("wildcard", f"'{text}' matches more than "
                                                 f"{MAX_PREFIX_EXPANSION} words; type more letters")
                alternatives.append(wq.Prefix(name, terms[0], boost=FIELD_BOOSTS[part]))
        return wq.Or(alternatives) if alternatives else wq.NullQuery

    def field_value(self, node: FieldValue) -> wq.Query:
        if node.name == "lang":
            code = normalize_code(node.value)
            self.langs.append(code)
            return wq.Term("lang", code)
        return self._actor_term(node.value, explicit=True)

    def _actor_term(self, text: str, explicit: bool = False) -> wq.Query:
        actor_id = self.actor_phrases.get(text.lower())
        if actor_id is None and explicit:
            actor_id = self._resolve_actor(text)
        if actor_id is None:
            self.warnings.append(f"no actor is called '{text}'")
            return wq.NullQuery
        if actor_id not in self.actors:
            self.actors.append(actor_id)
        return wq.Term("actor", actor_id)

    def _resolve_actor(self, text: str) -> str | None:
        if self.registry.get(text) is not None:
            return text
        matches = self.registry.match_query(text.replace("-", " ").replace("_", " "))
        return matches[0][1] if matches else None
