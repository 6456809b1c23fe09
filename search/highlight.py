"""Snippets and highlighting: escape the text first, then mark the real words behind the matched terms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from search.analysis import analyze_spans, analyzer_key, iter_terms
from search.folding import fold
from search.languages import UNDETERMINED

SNIPPET_CHARS = 280
NEEDLE_CHARS = 4  # a sentence without the first letters of any searched term is not analysed
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class MatchTerms:
    """The positive terms of a query, per analyzer key, with prefix searches apart."""

    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.terms.values()) or any(self.prefixes.values())

    @cached_property
    def needles(self) -> frozenset[str]:
        """The first letters of every term: a sentence without any of them cannot match."""
        words = [t for terms in self.terms.values() for t in terms]
        words += [p for prefixes in self.prefixes.values() for p in prefixes]
        return frozenset(fold(w[:NEEDLE_CHARS], UNDETERMINED) for w in words)

    def matches(self, key: str, term: str) -> bool:
        """Whether an analysed term of the given analyzer key was searched for."""
        return term in self.terms.get(key, ()) or term.startswith(self.prefixes.get(key, ()) or ("\0",))


def highlight(text: str, lang: str, match: MatchTerms) -> str:
    """The whole text, HTML-escaped, with matched words in <mark>."""
    if not match:
        return escape(text)
    key = analyzer_key(lang)
    spans = [(s.start, s.end) for s in analyze_spans(text, key) if match.matches(key, s.term)]
    return _mark(text, spans)


def make_snippet(paragraphs: list[tuple[str, str]], match: MatchTerms,
                 limit: int = SNIPPET_CHARS) -> str:
    """The best passage of the body for a query, sentence-aware, escaped and marked."""
    sentences: list[tuple[str, str]] = []
    candidates: list[bool] = []  # may the sentence match: its paragraph and itself hold a needle
    for lang, text in paragraphs:
        split = _split_sentences(text)
        sentences += [(lang, s) for s in split]
        promising = bool(match) and _may_match(text, match.needles)
        candidates += [promising and (len(split) == 1 or _may_match(s, match.needles)) for s in split]
    if not sentences:
        return ""
    best = 0
    if match:
        scores = [_score(text, lang, match) if candidate else (0, 0)
                  for (lang, text), candidate in zip(sentences, candidates)]
        if not any(scores):  # a stem that does not start its words (happy -> happi): look closer
            scores = [_score(text, lang, match) for lang, text in sentences]
        best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    chosen = [sentences[best]]
    length = len(sentences[best][1])
    for lang, text in sentences[best + 1:]:
        if length + len(text) + 1 > limit:
            break
        chosen.append((lang, text))
        length += len(text) + 1
    parts = [highlight(_clip(text, limit), lang, match) for lang, text in chosen]
    snippet = " ".join(parts)
    return snippet + (" …" if best + len(chosen) < len(sentences) else "")


def _may_match(text: str, needles: frozenset[str]) -> bool:
    """A cheap test before analysing a sentence: does it hold the start of any searched term?"""
    lower = text.lower()
    if any(n in lower for n in needles):
        return True
    folded = fold(lower, UNDETERMINED)
    return any(n in folded for n in needles)


def _score(text: str, lang: str, match: MatchTerms) -> tuple[int, int]:
    key = analyzer_key(lang)
    hits = [term for term, *_ in iter_terms(text, key) if match.matches(key, term)]
    return len(set(hits)), len(hits)


def _split_sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit] + " …"


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape text and wrap each span (merged when adjacent) in <mark>."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)
