"""Which terms each segment's dictionary may hold, answered in memory.

A query word becomes about 70 (field, term) keys, one per language and part (title, body), and
nearly all of them are absent. Looking one up in Whoosh's on-disk hash costs ~7 µs in Python, per
segment. Whoosh's hash tables already hold a 32-bit hash of every key: read once per segment
(a segment's terms never change) and sorted, they rule out absent keys a batch at a time with one
``searchsorted``. A "maybe" (the key, or a rare hash collision) is then looked up for real."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

# A slot of Whoosh's on-disk hash tables: the key's hash and the offset of the key (0: empty slot).
_SLOT = np.dtype([("hash", ">u4"), ("offset", ">i8")])
_HASHES: dict[tuple[str, str], np.ndarray] = {}  # (index folder, segment id) -> sorted key hashes


def prepare(searcher: Searcher) -> None:
    """Read the key hashes of every segment now (not in the first search); forget the others
    (segments of earlier generations; another index searched in this process reads its own again)."""
    live = {_segment_key(leaf.reader()) for leaf, _ in searcher.leaf_searchers()}
    for gone in [key for key in _HASHES if key not in live]:
        del _HASHES[gone]
    for leaf, _ in searcher.leaf_searchers():
        _segment_hashes(leaf.reader())


def segments_holding(searcher: Searcher, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
    """For each (field, text), the numbers of the leaf segments whose dictionary may hold it."""
    holding: list[list[int]] = [[] for _ in pairs]
    schema = searcher.schema
    encoded = [(field, schema[field].to_bytes(text)) if field in schema else None
               for field, text in pairs]
    coding: tuple[dict[str, int], object] | None = None  # field numbers and hash of the keys below
    users: dict[bytes, list[int]] = {}  # key -> the pairs it encodes
    keys: list[bytes] = []
    wanted = np.zeros(0, np.uint32)  # their hashes
    for number, (leaf, _) in enumerate(searcher.leaf_searchers()):
        reader = leaf.reader()
        hashes = _segment_hashes(reader)
        if hashes is None:  # not a Whoosh 3 segment: every term must be looked up
            for segments in holding:
                segments.append(number)
            continue
        terms = reader._terms
        if coding != (terms._fieldmap, terms._tindex.hashfn):  # the same for segments of one schema
            coding = (terms._fieldmap, terms._tindex.hashfn)
            users = {}
            for i, pair in enumerate(encoded):
                if pair is not None and pair[0] in terms._fieldmap:
                    users.setdefault(terms._keycoder(*pair), []).append(i)
            keys = list(users)
            wanted = np.array([terms._tindex.hashfn(key) for key in keys], dtype=np.uint32)
        if not keys or not hashes.size:
            continue
        found = hashes[np.minimum(np.searchsorted(hashes, wanted), hashes.size - 1)] == wanted
        for key in np.asarray(keys, dtype=object)[found]:
            for i in users[key]:
                holding[i].append(number)
    return holding


def _segment_key(reader: IndexReader) -> tuple[str, str]:
    segment = reader.segment() if hasattr(reader, "segment") else None
    folder = getattr(getattr(reader, "_storage", None), "folder", "")
    return str(folder), segment.segment_id() if segment is not None else repr(id(reader))


def _segment_hashes(reader: IndexReader) -> np.ndarray | None:
    """The sorted hashes of a segment's term keys, read from its hash tables once."""
    tindex = getattr(getattr(reader, "_terms", None), "_tindex", None)
    if tindex is None or not hasattr(tindex, "tables"):
        return None
    key = _segment_key(reader)
    if key not in _HASHES:
        parts = [np.zeros(0, np.uint32)]
        for start, slots in tindex.tables:
            if slots:
                table = np.frombuffer(tindex.dbfile.get(start, slots * _SLOT.itemsize), dtype=_SLOT)
                parts.append(table["hash"][table["offset"] != 0].astype(np.uint32))
        _HASHES[key] = np.unique(np.concatenate(parts))
    return _HASHES[key]
