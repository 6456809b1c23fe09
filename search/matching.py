"""Running a query over the whole index: which documents match, and how well.

Facets need every matching document and ranking needs scores. Stepping Whoosh's matchers costs
microseconds a posting in Python (and its block-quality skipping is slow over the wide unions of
per-language fields), so term postings are read a block at a time and scored with numpy:
BM25 without length normalisation (b = 0), idf from document frequencies, boosts from the query.
Phrases are matched the same way: their words' postings intersected with numpy, then positions
checked only in the documents holding every word, scored as Whoosh scores a phrase. Prefixes,
rarer and narrower, are scored by Whoosh's own matchers."""
from __future__ import annotations

import math
from functools import reduce
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from search.deadline import CHECK_EVERY, Deadline
from search.postings import CompactLeafMatcher, read_postings
from search.termkeys import segments_holding

K1 = 1.2
Scored = tuple[np.ndarray, np.ndarray]  # (mask, scores), both one entry per document


def evaluate(searcher: Searcher, query: wq.Query, size: int, deadline: Deadline) -> Scored:
    """The documents a query matches (deleted ones included: mask them) and their scores."""
    deadline.check()
    if isinstance(query, (wq.Term, wq.Phrase)):
        query = wq.Or([query])
    if isinstance(query, wq.Or):  # terms and phrases add their postings in place; most are absent
        mask, scores = np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float32)
        pairs = [(sub.fieldname, word) for sub in query.subqueries for word in _words(sub)]
        holding = iter(segments_holding(searcher, pairs))
        for sub in query.subqueries:
            if isinstance(sub, (wq.Term, wq.Phrase)):
                segments = [set(next(holding)) for _ in _words(sub)]
                common = sorted(set.intersection(*segments))
                found = (_term(searcher, sub, common) if isinstance(sub, wq.Term)
                         else _phrase(searcher, sub, common, deadline))
                for ids, found_scores in found:
                    mask[ids] = True
                    scores[ids] += found_scores
            else:
                sub_mask, sub_scores = evaluate(searcher, sub, size, deadline)
                mask |= sub_mask
                scores += sub_scores
        return mask, scores
    if isinstance(query, wq.And):
        mask = np.ones(size, dtype=bool) if query.subqueries else np.zeros(size, dtype=bool)
        scores = np.zeros(size, dtype=np.float32)
        for sub in query.subqueries:
            sub_mask, sub_scores = evaluate(searcher, sub, size, deadline)
            mask &= sub_mask
            scores += sub_scores
        scores[~mask] = 0
        return mask, scores
    if isinstance(query, wq.AndNot):
        mask, scores = evaluate(searcher, query.a, size, deadline)
        excluded, _ = evaluate(searcher, query.b, size, deadline)
        return mask & ~excluded, scores
    if isinstance(query, wq.Not):
        excluded, _ = evaluate(searcher, query.query, size, deadline)
        return ~excluded, np.zeros(size, np.float32)
    if isinstance(query, wq.Every):
        return np.ones(size, dtype=bool), np.zeros(size, np.float32)
    if query is wq.NullQuery:
        return np.zeros(size, dtype=bool), np.zeros(size, np.float32)
    return _stepped(searcher, query, size, deadline)


def rank(candidates: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Candidates by descending score, ties in index order."""
    return candidates[np.lexsort((candidates, -scores[candidates]))]


def _term(searcher: Searcher, query: wq.Term,
          segments: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The documents of a term in the given leaf segments, and their BM25 scores (nothing when
    it is absent)."""
    field, text = query.fieldname, query.text
    found = []
    leaves = searcher.leaf_searchers()
    for leaf, offset in (leaves[number] for number in segments):
        reader = leaf.reader()
        if field not in reader.schema:
            continue
        try:  # one look-up per segment, nothing read when absent
            matcher = reader._terms.matcher(field, reader._text_to_bytes(field, text),
                                            reader.schema[field].format)
        except TermNotFound:
            continue
        ids, tf = _postings(matcher)
        found.append((ids + offset, tf))
    if not found:
        return []
    df = sum(len(ids) for ids, _ in found)
    total = max(searcher.doc_count_all(), 1)
    idf = math.log(1 + (total - df + 0.5) / (df + 0.5)) * query.boost
    return [(ids, idf * tf * (K1 + 1) / (tf + K1)) for ids, tf in found]


def _words(query: wq.Query) -> list[str]:
    """The words a term or phrase query looks up (none for other queries)."""
    if isinstance(query, wq.Term):
        return [query.text]
    return list(query.words) if isinstance(query, wq.Phrase) else []


def _phrase(searcher: Searcher, query: wq.Phrase, segments: list[int],
            deadline: Deadline) -> list[tuple[np.ndarray, np.ndarray]]:
    """The documents holding a phrase's words in order, each at most ``slop`` positions after
    the one before, in the given leaf segments; scored as Whoosh's Phrase scores them (the sum of
    the words' BM25F scores, times the boost)."""
    field, words = query.fieldname, query.words
    if field not in searcher.schema:
        return []
    field_format = searcher.schema[field].format
    positions_of = field_format.decoder("positions")
    found = []
    leaves = searcher.leaf_searchers()
    for leaf, offset in (leaves[number] for number in segments):
        reader = leaf.reader()
        try:
            keys = [reader._text_to_bytes(field, word) for word in words]
            postings = [_postings(reader._terms.matcher(field, key, field_format), values=True)
                        for key in keys]
        except TermNotFound:
            continue
        common = reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True),
                        [ids for ids, _, _ in postings])
        if not common.size:
            continue
        rows = [np.searchsorted(ids, common).tolist() for ids, _, _ in postings]
        scorers = [searcher.weighting.scorer(leaf, field, key) for key in keys]
        docs, doc_scores = [], []
        for k, doc in enumerate(common.tolist()):
            if k % CHECK_EVERY == 0:
                deadline.check()
            chain = [positions_of(values[row[k]]) for (_, _, values), row in zip(postings, rows)]
            if _in_order(chain, query.slop):
                word_scores = [scorer._score(float(weights[row[k]]), scorer.dfl(doc))
                               for scorer, (_, weights, _), row in zip(scorers, postings, rows)]
                docs.append(doc + offset)
                doc_scores.append(_pairwise_sum(word_scores) * query.boost)
        if docs:
            found.append((np.array(docs, np.int64), np.array(doc_scores, np.float32)))
    return found


def _in_order(positions: list[list[int]], slop: int) -> bool:
    """Whether each word occurs 1 to ``slop`` positions after an occurrence of the word before."""
    reached = positions[0]
    for following in positions[1:]:
        reached = [p for p in following if any(0 < p - q <= slop for q in reached)]
        if not reached:
            return False
    return True


def _pairwise_sum(values: list[float]) -> float:
    """A sum added in the order of Whoosh's binary tree of intersection matchers."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _pairwise_sum(values[:half]) + _pairwise_sum(values[half:])


def _postings(matcher: Any, values: bool = False) -> tuple[Any, ...]:
    """Document ids and term frequencies of a posting list (and each posting's value, such as
    its encoded positions, when asked), a block at a time where possible."""
    if isinstance(matcher, CompactLeafMatcher):
        return read_postings(matcher, values)
    rows = [(matcher.id(), matcher.weight(), matcher.value() if values else None)
            for _ in _steps(matcher)]
    found = (np.array([r[0] for r in rows], np.int64), np.array([r[1] for r in rows], np.float32))
    return (*found, [r[2] for r in rows]) if values else found


def _steps(matcher: Any) -> Any:
    while matcher.is_active():
        yield
        matcher.next()


def _stepped(searcher: Searcher, query: wq.Query, size: int, deadline: Deadline) -> Scored:
    """Whoosh's matchers, document by document: prefixes."""
    mask = np.zeros(size, dtype=bool)
    scores = np.zeros(size, dtype=np.float32)
    context = searcher.context()
    for leaf, offset in searcher.leaf_searchers():
        matcher = query.matcher(leaf, context)
        count = 0
        while matcher.is_active():
            docnum = offset + matcher.id()
            mask[docnum] = True
            scores[docnum] = matcher.score()
            count += 1
            if count % CHECK_EVERY == 0:
                deadline.check()
            matcher.next()
    return mask, scores
