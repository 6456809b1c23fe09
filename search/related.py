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
    docs, scores = _story_scores(table, docnum, translated_from)
    order = np.lexsort((docs, -scores))[:limit]
    return [(int(docs[i]), round(float(scores[i]), 3)) for i in order]


def same_story_languages(table: FacetTable, docnum: int) -> int:
    """In how many other languages the same story is told."""
    docs, _ = _story_docs(table, docnum)
    return int(np.count_nonzero(np.bincount(table.codes["lang"][docs])))


def _story_docs(table: FacetTable, docnum: int) -> tuple[np.ndarray, np.ndarray]:
    """The other-language documents sharing enough of this one's actors (all of one, or two),
    not far apart in time, and how many actors each shares."""
    own = table.actors_of(docnum)
    if own.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    shared = np.bincount(table.docs_of(own), minlength=table.size)
    docs = np.flatnonzero(shared >= (1 if own.size == 1 else 2))
    langs = table.codes["lang"]
    docs = docs[(langs[docs] != langs[docnum]) & table.live[docs] & (docs != docnum)]
    own_date = table.dates[docnum]
    if own_date > 0:
        dates = table.dates[docs]
        docs = docs[(dates <= 0) | (np.abs(dates - own_date) <= STORY_WINDOW_DAYS * 4)]
    return docs, shared[docs].astype(np.float32)


def _story_scores(table: FacetTable, docnum: int,
                  translated_from: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The other-language documents of the same story and their scores: shared actors (Jaccard),
    doubled when the dates are close."""
    docs, counts = _story_docs(table, docnum)
    own_count = table.actor_counts[docnum]
    scores = counts / np.maximum(table.actor_counts[docs] + own_count - counts, 1)
    own_date = table.dates[docnum]
    if own_date > 0:
        dates = table.dates[docs]
        scores[(dates > 0) & (np.abs(dates - own_date) <= STORY_WINDOW_DAYS)] *= 2
    if translated_from and translated_from in table.values["lang"]:
        source = table.values["lang"].index(translated_from)
        scores[table.codes["lang"][docs] == source] *= 1.5
    return docs, scores
