"""The term table finds every key it holds, none it does not, and walks them in order."""
from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh.filedb.filestore import RamStorage

from search.termtable import BLOCK_KEYS, TermTable, TermTableWriter, key_hash


def write_table(keys: list[bytes], header: bytes = b"") -> TermTable:
    storage = RamStorage()
    dbfile = storage.create_file("table")
    dbfile.write(header)
    writer = TermTableWriter(dbfile)
    for key in keys:
        writer.add(key, key[::-1] * 3)
    writer.close({"fieldmap": {"body": 0}})
    return TermTable(storage.open_file("table"), storage.file_length("table"))


@pytest.mark.parametrize("count", [0, 1, BLOCK_KEYS, BLOCK_KEYS + 1, 1000])
def test_every_key_is_found_with_its_value(count: int) -> None:
    rng = random.Random(count)
    keys = sorted({bytes(rng.choices(b"abcd\xc3\xa9\x00", k=rng.randint(1, 9)))
                   for _ in range(count * 2)})[:count]
    table = write_table(keys, header=b"some header first")
    assert table.extras == {"fieldmap": {"body": 0}}
    assert all(table[key] == key[::-1] * 3 for key in keys)
    assert list(table.items_from()) == [(key, key[::-1] * 3) for key in keys]
    assert table.hashes.dtype == np.uint32
    assert table.hashes.tolist() == sorted({key_hash(key) for key in keys})
    held = set(keys)
    for probe in [b"", b"\x00", b"zz", b"abca", b"d" * 12] + [key + b"x" for key in keys[:50]]:
        assert (probe in table) == (probe in held)
        assert [k for k, _ in table.items_from(probe)] == [k for k in keys if k >= probe]
    with pytest.raises(KeyError):
        table[b"never written"]


def test_keys_must_increase() -> None:
    writer = TermTableWriter(RamStorage().create_file("table"))
    writer.add(b"b", b"")
    with pytest.raises(ValueError, match="keys must increase"):
        writer.add(b"a", b"")
    with pytest.raises(ValueError, match="keys must increase"):
        writer.add(b"b", b"")


def test_a_file_that_is_not_a_table_is_refused() -> None:
    storage = RamStorage()
    for name, size in (("other", 64), ("short", 1)):
        dbfile = storage.create_file(name)
        dbfile.write(b"x" * size)
        dbfile.close()
    with pytest.raises(ValueError, match="not a term table"):
        TermTable(storage.open_file("other"), 64)
    with pytest.raises(ValueError, match="too short"):
        TermTable(storage.open_file("short"), 1)
