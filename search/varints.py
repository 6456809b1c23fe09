"""Unsigned integers as LEB128 varints: seven bits a byte, the high bit set on all but the last."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def encode_varints(values: Iterable[int]) -> bytes:
    """Unsigned integers as LEB128 varints."""
    values = values if isinstance(values, (list, tuple)) else list(values)
    if not values or max(values) < 0x80:  # one byte each: the common case, done in C
        return bytes(values)
    out = bytearray()
    for value in values:
        while value > 0x7F:
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out)


def decode_varints(data: bytes) -> list[int]:
    """Inverse of :func:`encode_varints`."""
    values: list[int] = []
    value = shift = 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            values.append(value)
            value, shift = 0, 0
        else:
            shift += 7
    return values


def varints_at(data: bytes, at: int, count: int) -> tuple[np.ndarray, int]:
    """``count`` varints starting at byte ``at`` (int64), and the offset after them."""
    if count == 0:
        return np.zeros(0, np.int64), at
    raw = np.frombuffer(data, np.uint8, min(count * 10, len(data) - at), at)
    ends = np.flatnonzero(raw < 0x80)[:count]
    stop = int(ends[-1]) + 1
    if stop == count:  # every value fits in one byte
        return raw[:count].astype(np.int64), at + count
    raw = raw[:stop]
    starts = np.empty(count, np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    shift = np.arange(stop) - np.repeat(starts, ends - starts + 1)
    parts = (raw & 0x7F).astype(np.int64) << (7 * shift)
    return np.add.reduceat(parts, starts), at + stop


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint at byte ``at``, and the offset after it."""
    byte = data[at]
    if byte < 0x80:  # the common case, read without the loop
        return byte, at + 1
    value, shift = byte & 0x7F, 7
    while True:
        at += 1
        byte = data[at]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at + 1
        shift += 7
