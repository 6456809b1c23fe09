"""The user's query language, parsed leniently: AND, OR, NOT, -word, "phrases", (groups),
actor: and lang: fields. Whatever cannot be read is searched as plain words, with a warning."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

FIELDS = ("actor", "lang")
MAX_DEPTH = 16  # deeper parentheses or NOT chains are ignored, not recursed into
OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<quote>"[^"]*"?)|(?P<word>[^\s()"]+))')


@dataclass(frozen=True)
class Word:
    """A plain word (possibly ending in * for a prefix search)."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together, in order."""

    text: str


@dataclass(frozen=True)
class FieldValue:
    """A ``field:value`` restriction (actor or lang)."""

    name: str
    value: str


@dataclass(frozen=True)
class Not:
    """Everything but what the inner node matches."""

    node: Node


@dataclass(frozen=True)
class And:
    """All of the inner nodes."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of the inner nodes."""

    nodes: tuple[Node, ...]


Node = Word | Phrase | FieldValue | Not | And | Or


@dataclass
class ParsedQuery:
    """The tree of a query (None when it has no words) and what the parser had to forgive."""

    root: Node | None
    warnings: list[str] = field(default_factory=list)


def parse_query(text: str) -> ParsedQuery:
    """Parse a user's query; never raises, reports forgiven syntax in ``warnings``."""
    parser = _Parser(_tokenize(text))
    root = parser.parse()
    return ParsedQuery(root, parser.warnings)


def query_words(node: Node | None) -> list[str]:
    """Every positive word and phrase text of a query tree, in order."""
    if node is None or isinstance(node, (Not, FieldValue)):
        return []
    if isinstance(node, (Word, Phrase)):
        return [node.text]
    return [w for child in node.nodes for w in query_words(child)]


def _tokenize(text: str) -> list[str]:
    tokens = []
    for match in _TOKEN.finditer(text):
        tokens.append(match.group(match.lastgroup or "word"))
    return tokens


class _Parser:
    """Recursive descent with recovery: every token ends up somewhere."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.warnings: list[str] = []

    def parse(self) -> Node | None:
        node = self._or()
        while self.pos < len(self.tokens):  # only a stray ')' stops _or early
            self.pos += 1
            self._warn("an unmatched ')' was ignored")
            rest = self._or()
            node = _join(And, [n for n in (node, rest) if n is not None])
        return node

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _or(self) -> Node | None:
        nodes = []
        node = self._and()
        if node is not None:
            nodes.append(node)
        while self._peek() == "OR":
            self.pos += 1
            node = self._and()
            if node is None:
                self._warn("'OR' needs a word on each side; it was ignored")
            else:
                if not nodes:
                    self._warn("'OR' needs a word on each side; it was ignored")
                nodes.append(node)
        return _join(Or, nodes)

    def _and(self) -> Node | None:
        nodes: list[Node] = []
        while (token := self._peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.pos += 1
                if not nodes or self._peek() in (None, "OR", ")", "AND"):
                    self._warn("'AND' needs a word on each side; it was ignored")
                continue
            node = self._unary()
            if node is not None:
                nodes.append(node)
        return _join(And, nodes)

    def _unary(self) -> Node | None:
        token = self._peek()
        if token == "NOT" or (token and token.startswith("-") and len(token) > 1 and token != "--"):
            if self.depth >= MAX_DEPTH:
                self._warn("operators nested too deeply were ignored")
                self.tokens[self.pos] = token.lstrip("-") if token != "NOT" else token
                if token == "NOT":
                    self.pos += 1
                return self._atom() if self._peek() not in (None, "OR", "AND", ")", "NOT") else None
            if token == "NOT":
                self.pos += 1
                if self._peek() in (None, "OR", "AND", ")"):
                    self._warn("'NOT' needs a word after it; it was ignored")
                    return None
                self.depth += 1
                inner = self._unary()
                self.depth -= 1
            else:
                self.tokens[self.pos] = token[1:]
                inner = self._atom()
            return Not(inner) if inner is not None else None
        return self._atom()

    def _atom(self) -> Node | None:
        token = self.tokens[self.pos]
        self.pos += 1
        if token == "(":
            if self.depth >= MAX_DEPTH:
                self._warn("parentheses nested too deeply were ignored")
                while self._peek() == "(":
                    self.pos += 1
                return self._atom() if self._peek() not in (None, "OR", "AND", ")", "NOT") else None
            return self._group()
        if token.startswith('"'):
            return self._phrase(token)
        return self._word(token)

    def _group(self) -> Node | None:
        self.depth += 1
        node = self._or()
        self.depth -= 1
        if self._peek() == ")":
            self.pos += 1
        else:
            self._warn("an unclosed '(' was closed at the end of the query")
        if node is None:
            self._warn("empty parentheses were ignored")
        return node

    def _phrase(self, token: str) -> Node | None:
        if len(token) == 1 or not token.endswith('"'):
            self._warn('an unclosed quote was ignored: its words were searched as plain words')
            words = [Word(w) for w in token.strip('"').split()]
            return _join(And, words)
        text = " ".join(token[1:-1].split())
        if not text:
            self._warn("an empty phrase was ignored")
            return None
        return Phrase(text) if " " in text else Word(text)

    def _word(self, token: str) -> Node | None:
        name, colon, value = token.partition(":")
        if colon and name and value:
            if name.lower() in FIELDS:
                return FieldValue(name.lower(), value)
            self._warn(f"there is no field '{name}': '{token}' was searched as plain words")
            return _join(And, [Word(name), Word(value)])
        word = token.strip(":")
        if not word.strip("*-"):
            return None
        return Word(word)


def _join(kind: type[And] | type[Or], nodes: Sequence[Node]) -> Node | None:
    if not nodes:
        return None
    if len(nodes) == 1:
        return nodes[0]
    return kind(tuple(nodes))
