"""Running a query over the whole index: which documents match, and how well.

Facets need every matching document and ranking needs scores. Stepping Whoosh's matchers costs
microseconds a posting in Python (and its block-quality skipping is slow over the wide unions of
per-language fields), so term postings are read a block at a time and scored with numpy:
BM25 without length normalisation (b = 0), idf from document frequencies, boosts from the query.
Phrases and prefixes, rarer and narrower, are scored by Whoosh's own matchers."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from search.deadline import CHECK_EVERY, Deadline
from search.termkeys import segments_holding

K1 = 1.2
Scored = tuple[np.ndarray, np.ndarray]  # (mask, scores), both one entry per document


def evaluate(searcher: Searcher, query: wq.Query, size: int, deadline: Deadline) -> Scored:
    """The documents a query matches (deleted ones included: mask them) and their scores."""
    deadline.check()
    if isinstance(query, wq.Term):
        query = wq.Or([query])
    if isinstance(query, wq.Or):  # terms add their postings in place; most are absent
        mask, scores = np.zeros(size, dtype=bool), np.zeros(size, dtype=np.float32)
        terms = [sub for sub in query.subqueries if isinstance(sub, wq.Term)]
        holding = iter(segments_holding(searcher, [(t.fieldname, t.text) for t in terms]))
        for sub in query.subqueries:
            if isinstance(sub, wq.Term):
                for ids, term_scores in _term(searcher, sub, next(holding)):
                    mask[ids] = True
                    scores[ids] += term_scores
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


def _postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """Document ids and term frequencies of a posting list, a block at a time where possible."""
    if not hasattr(matcher, "_read_ids"):  # an inlined short list, not a block reader
        pairs = [(matcher.id(), matcher.weight()) for _ in _steps(matcher)]
        return (np.array([p[0] for p in pairs], np.int64),
                np.array([p[1] for p in pairs], np.float32))
    ids, weights = [], []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()  # the block's (ids, weights, values) tuple, unpickled
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        length = matcher._blocklength
        # Ids are stored as gaps (Whoosh sums them one by one in Python); weights all 1.0 as None,
        # all equal as one float.
        block = np.asarray(block_ids, dtype=np.int64)
        ids.append(block if matcher._byteids else np.cumsum(block))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(length, 1.0 if block_weights is None else block_weights,
                                   dtype=np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
        matcher._next_block()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _steps(matcher: Any) -> Any:
    while matcher.is_active():
        yield
        matcher.next()


def _stepped(searcher: Searcher, query: wq.Query, size: int, deadline: Deadline) -> Scored:
    """Whoosh's matchers, document by document: phrases, prefixes."""
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
