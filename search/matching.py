"""Running a query once over the whole index: which documents match, and with what score.

Facet counts need every matching document and ranking needs scores; one pass gives both, where
Whoosh's collectors would match the query twice."""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from search.deadline import CHECK_EVERY, Deadline


def score_all(searcher: Searcher, query: wq.Query, size: int,
              deadline: Deadline) -> tuple[np.ndarray, np.ndarray]:
    """A mask of the matching documents and a score per document (0 where none)."""
    matched = np.zeros(size, dtype=bool)
    scores = np.zeros(size, dtype=np.float32)
    context = searcher.context()
    for leaf, offset in searcher.leaf_searchers():
        deadline.check()
        docs: list[int] = []
        values: list[float] = []
        matcher = query.matcher(leaf, context)
        while matcher.is_active():
            docs.append(matcher.id())
            values.append(matcher.score())
            if len(docs) % CHECK_EVERY == 0:
                deadline.check()
            matcher.next()
        found = np.array(docs, dtype=np.int64) + offset
        matched[found] = True
        scores[found] = values
    return matched, scores


def rank_by_score(candidates: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Candidates by descending score, ties in index order."""
    return candidates[np.lexsort((candidates, -scores[candidates]))]
