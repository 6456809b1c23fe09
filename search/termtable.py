"""A sorted table of keys and values on disk: the term dictionary, without Whoosh's hash tables.

Whoosh's ordered hash file spends about 40 bytes a key on its hash tables, position index and
length prefixes (1.1 million keys at 100,000 articles: 44 of its 71 MB). This table keeps the keys
sorted, in blocks of 16 that share prefixes, and finds a key with a binary search over each
block's first key (held in memory) and a scan of one block:

    file      = blocks, directory (deflated), directory offset and length (8 bytes each), MAGIC
    block     = per entry: varint length of the prefix shared with the key before (0 for the
                first), varint suffix length, suffix, varint value length, value
    directory = JSON extras, the first block's offset, the blocks' first keys and lengths, then
                the sorted distinct 32-bit CRCs of every key (varint gaps), each part behind a
                varint length or count

The CRCs let ``search.termkeys`` rule absent keys out in memory, a batch at a time."""
from __future__ import annotations

import json
import os
import struct
import zlib
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import numpy as np

from search.varints import encode_varints, read_varint, varints_at

BLOCK_KEYS = 16
MAGIC = b"NSTTv1\x00\x00"
_TRAILER = struct.Struct("<QQ8s")


def key_hash(key: bytes) -> int:
    """The 32-bit hash the table keeps of each key."""
    return zlib.crc32(key)


class TermTableWriter:
    """Writes (key, value) pairs given in increasing key order, then the directory at close."""

    def __init__(self, dbfile: Any) -> None:
        self._dbfile = dbfile
        self._block = bytearray()
        self._block_start = dbfile.tell()
        self._count = 0  # entries in the current block
        self._last = b""
        self._first_keys: list[bytes] = []
        self._block_lengths: list[int] = []
        self._hashes: list[int] = []

    def add(self, key: bytes, value: bytes) -> None:
        """Append one entry; keys must increase."""
        if self._first_keys and key <= self._last:
            raise ValueError(f"keys must increase: {self._last!r} then {key!r}")
        if self._count == 0:
            self._first_keys.append(key)
            shared = 0
        else:
            shared = len(os.path.commonprefix([self._last, key]))
        self._block += encode_varints((shared, len(key) - shared))
        self._block += key[shared:]
        self._block += encode_varints((len(value),))
        self._block += value
        self._hashes.append(key_hash(key))
        self._last = key
        self._count += 1
        if self._count == BLOCK_KEYS:
            self._flush()

    def close(self, extras: dict[str, Any]) -> None:
        """Write the last block, the directory and the trailer, and close the file."""
        if self._count:
            self._flush()
        hashes = np.unique(np.array(self._hashes, dtype=np.int64))
        directory = b"".join([
            _with_length(json.dumps(extras).encode("utf-8")),
            encode_varints([self._block_start, len(self._first_keys)]),
            encode_varints(len(key) for key in self._first_keys),
            b"".join(self._first_keys),
            encode_varints(self._block_lengths),
            encode_varints([len(hashes)]),
            encode_varints(np.diff(hashes, prepend=0).tolist()),
        ])
        packed = zlib.compress(directory, 6)
        position = self._dbfile.tell()
        self._dbfile.write(packed)
        self._dbfile.write(_TRAILER.pack(position, len(packed), MAGIC))
        self._dbfile.close()

    def _flush(self) -> None:
        self._dbfile.write(bytes(self._block))
        self._block_lengths.append(len(self._block))
        self._block = bytearray()
        self._count = 0


class TermTable:
    """Reads a table written by :class:`TermTableWriter`."""

    def __init__(self, dbfile: Any, length: int) -> None:
        self.dbfile = dbfile
        if length < _TRAILER.size:
            raise ValueError(f"term table of {length} bytes is too short")
        position, size, magic = _TRAILER.unpack(dbfile.get(length - _TRAILER.size, _TRAILER.size))
        if magic != MAGIC:
            raise ValueError(f"not a term table (magic {magic!r})")
        directory = zlib.decompress(dbfile.get(position, size))
        extras, at = _read_with_length(directory, 0)
        self.extras: dict[str, Any] = json.loads(extras)
        first_block, at = read_varint(directory, at)
        blocks, at = read_varint(directory, at)
        key_lengths, at = varints_at(directory, at, blocks)
        ends = (np.cumsum(key_lengths) + at).tolist()
        self._first_keys = [directory[start:end] for start, end in zip([at, *ends[:-1]], ends)]
        block_lengths, at = varints_at(directory, ends[-1] if ends else at, blocks)
        self._offsets = (np.concatenate([[0], np.cumsum(block_lengths)]) + first_block).tolist()
        self._directory, self._hashes_at = directory, at

    @cached_property
    def hashes(self) -> np.ndarray:
        """The sorted distinct hashes (:func:`key_hash`) of every key, decoded when first asked
        (a search asks; an update or a rebuild's bookkeeping never does)."""
        count, at = read_varint(self._directory, self._hashes_at)
        hashes = np.cumsum(varints_at(self._directory, at, count)[0]).astype(np.uint32)
        del self._directory  # nothing else is read from it
        return hashes

    def __contains__(self, key: bytes) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: bytes) -> bytes:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: bytes) -> bytes | None:
        """The value of a key, or None."""
        block = bisect_right(self._first_keys, key) - 1
        if block < 0:
            return None
        for found, value in _entries(self._block(block)):
            if found >= key:
                return value if found == key else None
        return None

    def items_from(self, key: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        """Every (key, value) from the first key at or after ``key``, in order."""
        block = max(bisect_right(self._first_keys, key) - 1, 0)
        for number in range(block, len(self._first_keys)):
            for found, value in _entries(self._block(number)):
                if found >= key:
                    yield found, value

    def close(self) -> None:
        """Close the file."""
        self.dbfile.close()

    def _block(self, number: int) -> bytes:
        start = self._offsets[number]
        return self.dbfile.get(start, self._offsets[number + 1] - start)


def _entries(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The (key, value) entries of one block."""
    at, key = 0, b""
    end = len(data)
    while at < end:
        shared, at = read_varint(data, at)
        size, at = read_varint(data, at)
        key = key[:shared] + data[at:at + size]
        at += size
        size, at = read_varint(data, at)
        yield key, data[at:at + size]
        at += size


def _with_length(data: bytes) -> bytes:
    return encode_varints([len(data)]) + data


def _read_with_length(data: bytes, at: int) -> tuple[bytes, int]:
    size, at = read_varint(data, at)
    return data[at:at + size], at + size
