"""Related articles: more like one in its language, and the same story in other languages."""
from __future__ import annotations

from collections import Counter

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from search.analysis import analyze, analyzer_key
from search.deadline import Deadline
from search.facets import FacetTable
from search.matching import evaluate, rank
from search.schema import text_field

KEY_TERMS = 12
STORY_WINDOW_DAYS = 7


def more_like_this(searcher: Searcher, table: FacetTable, docnum: int, lang: str, text: str,
                   limit: int = 5) -> list[tuple[int, float]]:
    """Articles in the same language sharing the most distinctive words of this one."""
    key = analyzer_key(lang)
    field = text_field("body", key)
    counts = Counter(analyze(text, key))
    reader = searcher.reader()
    total = max(reader.doc_count(), 1)
    weighted = []
    for term, tf in counts.items():
        df = reader.doc_frequency(field, term)
        if 1 < df < total * 0.5:
            weighted.append((tf * np.log(total / df), term))
    terms = [term for _, term in sorted(weighted, reverse=True)[:KEY_TERMS]]
    if not terms:
        return []
    lang_code = table.values["lang"].index(lang) if lang in table.values["lang"] else -1
    query = wq.Or([wq.Term(field, term) for term in terms])
    matched, scores = evaluate(searcher, query, table.size, Deadline(None))
    allowed = matched & table.live & (table.codes["lang"] == lang_code)
    allowed[docnum] = False
    return [(int(d), float(scores[d])) for d in rank(np.flatnonzero(allowed), scores)[:limit]]


def same_story(table: FacetTable, docnum: int, translated_from: str | None,
               limit: int = 5) -> list[tuple[int, float]]:
    """Articles in other languages sharing actors and dates close to this one's."""
    scores = _story_scores(table, docnum, translated_from)
    if scores is None:
        return []
    order = np.lexsort((np.arange(scores.size), -scores))
    picked = [int(d) for d in order[:limit] if scores[d] > 0]
    return [(d, round(float(scores[d]), 3)) for d in picked]


def same_story_languages(table: FacetTable, docnum: int) -> int:
    """In how many other languages the same story is told."""
    scores = _story_scores(table, docnum, None)
    if scores is None:
        return 0
    return int(np.unique(table.codes["lang"][scores > 0]).size)


def _story_scores(table: FacetTable, docnum: int, translated_from: str | None) -> np.ndarray | None:
    """Per-document score: shared actors (Jaccard), boosted when dates are close; 0 = unrelated."""
    own = table.actors_of(docnum)
    if own.size == 0:
        return None
    shared = np.bincount(table.docs_of(own), minlength=table.size).astype(np.float32)
    jaccard = shared / np.maximum(table.actor_counts + own.size - shared, 1)
    needed = 1 if own.size == 1 else 2
    other_lang = table.codes["lang"] != table.codes["lang"][docnum]
    scores = np.where((shared >= needed) & other_lang & table.live, jaccard, 0.0)
    own_date = table.dates[docnum]
    if own_date > 0:
        distance = np.abs(table.dates - own_date)
        close = (table.dates > 0) & (distance <= STORY_WINDOW_DAYS)
        far = (table.dates > 0) & (distance > STORY_WINDOW_DAYS * 4)
        scores = np.where(close, scores * 2, np.where(far, 0.0, scores))
    if translated_from and translated_from in table.values["lang"]:
        source = table.values["lang"].index(translated_from)
        scores = np.where(table.codes["lang"] == source, scores * 1.5, scores)
    scores[docnum] = 0.0
    return scores
