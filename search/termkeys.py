"""Which terms each segment's dictionary may hold, answered in memory.

A query word becomes about 70 (field, term) keys, one per language and part (title, body), and
nearly all of them are absent. Looking one up in a segment's term table costs a binary search and
a block scan in Python. The table holds the sorted 32-bit hashes of its keys (``search.termtable``),
which rule absent keys out a batch at a time with one ``searchsorted``. A "maybe" (the key, or a
rare hash collision) is then looked up for real."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.searching import Searcher

from search.termtable import key_hash


def prepare(searcher: Searcher) -> None:
    """Decode every segment's key hashes now, when the index opens, not in the first search."""
    for leaf, _ in searcher.leaf_searchers():
        leaf.reader()._terms.key_hashes()


def segments_holding(searcher: Searcher, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
    """For each (field, text), the numbers of the leaf segments whose dictionary may hold it."""
    holding: list[list[int]] = [[] for _ in pairs]
    schema = searcher.schema
    encoded = [(field, schema[field].to_bytes(text)) if field in schema else None
               for field, text in pairs]
    fieldmap: dict[str, int] | None = None  # the field numbers the keys below were coded with
    users: dict[bytes, list[int]] = {}  # key -> the pairs it encodes
    keys: list[bytes] = []
    wanted = np.zeros(0, np.uint32)  # their hashes
    for number, (leaf, _) in enumerate(searcher.leaf_searchers()):
        terms = leaf.reader()._terms
        if fieldmap != terms.fieldmap:  # the same for segments of one schema
            fieldmap = terms.fieldmap
            users = {}
            for i, pair in enumerate(encoded):
                if pair is not None and pair[0] in fieldmap:
                    users.setdefault(terms.key(*pair), []).append(i)
            keys = list(users)
            wanted = np.array([key_hash(key) for key in keys], dtype=np.uint32)
        hashes = terms.key_hashes()
        if not keys or not hashes.size:
            continue
        found = hashes[np.minimum(np.searchsorted(hashes, wanted), hashes.size - 1)] == wanted
        for key in np.asarray(keys, dtype=object)[found]:
            for i in users[key]:
                holding[i].append(number)
    return holding
