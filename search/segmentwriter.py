"""Whoosh's segment writer with its postings kept in memory, packed, instead of sorted on disk.

Whoosh's writer puts every posting in a pool of tuples that it sorts, spills to temporary files
(``marshal``, one call a posting) when it passes ``limitmb``, and merges back with a heap at
commit: 15 % of a 10,000-article build on two cores. Here each term's postings are appended, as
they arrive, to one ``bytearray`` (document number, weight as float32, value length, value: 9
bytes and the value), so nothing is sorted but the terms of each field, once, at commit. Our
weights are whole numbers or halves, which float32 holds exactly. A writer whose postings no
longer arrive in document order (Whoosh adding another segment's postings) sorts each term's."""
from __future__ import annotations

import gc
import struct
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from search.postings import CompactCodec

_HEAD = struct.Struct("<IfB")  # document number, weight, value length + 1 (0: no value)
_LONG_VALUE = 255  # a length byte of 255: the length follows as 4 bytes
_LENGTH = struct.Struct("<I")
_BYTE_LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]  # as Whoosh reads lengths
POOL_LIMIT_MB = 384  # a writer's pool past this is full: its segment is written, a new one begun
TERM_BYTES = 150  # what a term costs in memory besides its postings (key, bytearray, dict slot)


def open_writer(ix: Any, **options: Any) -> CompactSegmentWriter:
    """A Whoosh writer for the index that writes compact postings from an in-memory pool."""
    return CompactSegmentWriter(ix, **options)


class MemoryPool:
    """Every posting of a segment, packed per field and term."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, bytearray]] = {}
        self.in_order = True  # every term's postings arrived in document order
        self.size = 0  # bytes, estimated: postings as packed, plus TERM_BYTES a term
        self._last_docnum = -1

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add one (field, term, document number, weight, value) posting (Whoosh's interface)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 1, weight, vbytes)])

    def add_field(self, fieldname: str, docnum: int, items: Any, boost: float = 1.0) -> int:
        """Add a document's (term, frequency, weight, value) postings in one field; return the
        sum of the frequencies."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        if docnum < self._last_docnum:
            self.in_order = False
        self._last_docnum = docnum
        pack, head, length, size = _HEAD.pack, _HEAD.size, 0, 0
        for tbytes, freq, weight, vbytes in items:
            length += freq
            packed = terms.get(tbytes)
            if packed is None:
                packed = terms[tbytes] = bytearray()
                size += TERM_BYTES
            if vbytes is None:
                packed += pack(docnum, weight * boost, 0)
                size += head
                continue
            size += head + len(vbytes)
            if len(vbytes) < _LONG_VALUE - 1:
                packed += pack(docnum, weight * boost, len(vbytes) + 1)
            else:
                packed += pack(docnum, weight * boost, _LONG_VALUE)
                packed += _LENGTH.pack(len(vbytes))
            packed += vbytes
        self.size += size
        return length

    def write(self, schema: Any, lengths: Any, fieldwriter: Any) -> None:
        """Write every field's terms, in order, with their postings, through a codec's writer."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            field_lengths = _field_lengths(lengths, fieldname)
            fieldwriter.start_field(fieldname, schema[fieldname])
            for tbytes in sorted(terms):
                fieldwriter.start_term(tbytes)
                postings = _unpack(terms[tbytes])
                if not self.in_order:
                    postings = sorted(postings, key=lambda posting: posting[0])
                ids, weights, values = (list(column) for column in zip(*postings))
                fieldwriter.add_all(ids, weights, values, [field_lengths[i] for i in ids])
                fieldwriter.finish_term()
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        """Forget the postings."""
        self.fields = {}


class CompactSegmentWriter(SegmentWriter):
    """A segment writer with the compact codec and an in-memory posting pool."""

    def __init__(self, ix: Any, **options: Any) -> None:
        super().__init__(ix, codec=CompactCodec(), **options)
        self.pool = MemoryPool()

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document`` for the kinds of field our schema has (no term vectors, no
        spelling fields), each field's terms handed to the pool at once."""
        self._check_state()
        schema, perdoc, docnum = self.schema, self.perdocwriter, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        document_boost = self._doc_boost(fields)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if field.vector or field.separate_spelling():
                    raise ValueError(f"field {name!r}: term vectors and spelling are not written")
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, name, document_boost)
                    length = self.pool.add_field(name, docnum, field.index(value), boost)
                    if not field.scorable:
                        length = 0
                kept = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, kept if field.stored else None, length)
                if field.column_type and kept is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(kept))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def is_full(self) -> bool:
        """True when the pool has reached ``POOL_LIMIT_MB``: time to write this segment."""
        return self.pool.size > POOL_LIMIT_MB << 20

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        collecting = gc.isenabled()
        gc.disable()  # millions of short-lived tuples and no cycles: collections would only rescan
        try:
            self.pool.write(self.schema, lengths, self.fieldwriter)
        finally:
            if collecting:
                gc.enable()
        self.fieldwriter.close()
        lengths.close()


def _unpack(packed: bytearray) -> list[tuple[int, float, bytes | None]]:
    """The (document number, weight, value) postings of one term."""
    data = bytes(packed)
    postings: list[tuple[int, float, bytes | None]] = []
    at, end = 0, len(data)
    while at < end:
        docnum, weight, size = _HEAD.unpack_from(data, at)
        at += _HEAD.size
        if size == 0:
            postings.append((docnum, weight, None))
            continue
        if size == _LONG_VALUE:
            size = _LENGTH.unpack_from(data, at)[0] + 1
            at += _LENGTH.size
        postings.append((docnum, weight, data[at:at + size - 1]))
        at += size - 1
    return postings


def _field_lengths(lengths: Any, fieldname: str) -> list[int | None]:
    """Every document's length in a field, as Whoosh's ``doc_field_length`` reads it one by one."""
    count = lengths.doc_count_all()
    reader = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return [0] * count
    # the column is one byte a document, read at once (Whoosh reads it a byte at a time)
    raw = reader._dbfile.get(reader._basepos, reader._count).ljust(count, b"\0")
    return [_BYTE_LENGTHS[byte] for byte in raw]
