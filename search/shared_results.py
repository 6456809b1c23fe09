"""Search results shared by the server's worker processes: a bounded file cache per index state.

Each worker keeps its own recent searches in memory; this second tier lets a search computed by
one worker answer the same search in another. The cache is direct-mapped: a request hashes to one
of SLOTS files, and a newer result takes the slot. A slot's file starts with the request's digest,
so a colliding request reads as a miss. A result is written atomically and read without locks;
anything unreadable (a damaged file, results of another version of the engine) is a miss too."""
from __future__ import annotations

import hashlib
import pickle
import shutil
from dataclasses import fields
from pathlib import Path

from search import storage
from search.results import ActorRef, DateFacet, Facet, FacetValue, Hit, SearchRequest, SearchResult

SLOTS = 4096
FOLDER = "results"
DIGEST_BYTES = 16
# Results pickled by an engine whose result classes had other fields must not be read back.
_FORMAT = repr([(cls.__name__, [f.name for f in fields(cls)]) for cls in (
    SearchRequest, SearchResult, Hit, ActorRef, Facet, FacetValue, DateFacet)])


class SharedResults:
    """The shared results of one index state (generation and update), in their own folder."""

    def __init__(self, index_dir: Path, marker: tuple[str, float]) -> None:
        self.root = storage.cache_dir(index_dir) / FOLDER
        state = hashlib.blake2b(repr(marker).encode(), digest_size=8).hexdigest()
        self.folder = self.root / state

    def get(self, request: SearchRequest) -> SearchResult | None:
        """The stored result of a request, or None."""
        digest = _digest(request)
        try:
            data = (self.folder / _slot(digest)).read_bytes()
            if data[:DIGEST_BYTES] != digest:
                return None
            result = pickle.loads(data[DIGEST_BYTES:])
        except Exception:  # noqa: BLE001 - missing, half-gone or foreign: recompute it
            return None
        return result if isinstance(result, SearchResult) and result.request == request else None

    def put(self, result: SearchResult) -> None:
        """Store a result for the other workers (best effort: a read-only folder just misses)."""
        digest = _digest(result.request)
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            storage.write_atomically(self.folder / _slot(digest),
                                     lambda handle: handle.write(digest + payload))
        except OSError:
            pass

    def forget_other_states(self) -> None:
        """Remove the results of earlier states of the index (they can never be read again)."""
        if not self.root.is_dir():
            return
        for entry in self.root.iterdir():
            if entry != self.folder:
                shutil.rmtree(entry, ignore_errors=True)


def _digest(request: SearchRequest) -> bytes:
    return hashlib.blake2b(f"{_FORMAT}\n{request!r}".encode(), digest_size=DIGEST_BYTES).digest()


def _slot(digest: bytes) -> str:
    return f"{int.from_bytes(digest[:4], 'little') % SLOTS:04x}"
