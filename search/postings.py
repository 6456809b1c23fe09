"""A compact postings format for Whoosh: varint blocks instead of pickled, zlib'd tuples.

Whoosh's W3 codec writes each term's postings as a pickled tuple per block of up to 128 postings,
compressed with zlib, after a pickled block header, with every posting's positions pickled on
their own: about 40 bytes a posting, half the index. This codec keeps W3's files and columns,
writes the term dictionary as a table of our own (``search.termtable``: sorted, prefix-shared
keys instead of Whoosh's hash tables) and changes how a posting list and its term info are written:

    block    = header, data (raw deflate when that is smaller)
    header   = varint count, first id, last id - first id, data length,
               byte flags, byte min length, byte max length, varint or float32 max weight
    data     = varint id gaps; the weights (one varint when all equal, else varints or float32);
               for variable-size values, varint value lengths then the values joined

Positions are written as varint gaps (``CompactPositions``), and term infos as varints (flags,
document frequency, min and max length bytes, first id, last id - first id, postings offset and
length, total and max weight) then two float32 weights when they are not whole. A term's blocks
end where its term info's extent ends."""
from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.codec.base import FieldCursor, PostingsWriter, TermsReader
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3TermInfo
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.termtable import TermTable, TermTableWriter
from search.varints import decode_varints, encode_varints, read_varint, varints_at

BLOCK_LIMIT = 128
DEFLATE_FROM = 64  # bytes of data; smaller blocks are never worth compressing
DEFLATE_LEVEL = 1
UNIFORM_WEIGHTS = 1  # flags
FLOAT_WEIGHTS = 2
DEFLATED = 4
_FLOAT = struct.Struct("<f")
_FIELD_NUMBER = struct.Struct(">H")  # the first two bytes of a term key (as W3's)


class CompactCodec(W3Codec):
    """W3's codec with compact posting blocks, term infos and term dictionary (vectors, which we
    never write, stay W3's)."""

    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return CompactFieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> Any:
        name = segment.make_filename(self.TERMS_EXT)
        return CompactTermsReader(self, storage.open_file(name), storage.file_length(name),
                                  segment.open_file(storage, self.POSTS_EXT))

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:
            return super().postings_writer(dbfile, byteids)
        return CompactPostingsWriter(dbfile, BLOCK_LIMIT)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None,
                        scorer: Any = None) -> Any:
        offset, length = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class CompactTermInfo(W3TermInfo):
    """A term's statistics and the extent of its postings, as varints (W3 packs 35 bytes)."""

    def to_bytes(self) -> bytes:
        weights = (self._weight, self._maxweight)
        whole = all(w == int(w) and w >= 0 for w in weights)
        minid = self._minid or 0
        head = encode_varints([
            0 if whole else FLOAT_WEIGHTS, self._df,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength), minid, (self._maxid or 0) - minid,
            self._offset, self._length])
        if whole:
            return head + encode_varints([int(w) for w in weights])
        return head + struct.pack("<ff", *weights)

    @classmethod
    def from_bytes(cls, s: bytes) -> CompactTermInfo:
        values = decode_varints(s[:len(s) - 8]) if s[0] & FLOAT_WEIGHTS else decode_varints(s)
        flags, df, minlength, maxlength, minid, span, offset, length = values[:8]
        info = cls()
        info._df, info._minid, info._maxid = df, minid, minid + span
        info._minlength = byte_to_length(minlength)
        info._maxlength = byte_to_length(maxlength)
        info._offset, info._length = offset, length
        if flags & FLOAT_WEIGHTS:
            info._weight, info._maxweight = struct.unpack("<ff", s[-8:])
        else:
            info._weight, info._maxweight = float(values[8]), float(values[9])
        return info


class CompactFieldWriter(W3FieldWriter):
    """W3's field writer, with compact term infos in a term table (``search.termtable``)."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        self._codec, self._storage, self._segment = codec, storage, segment
        # set by Whoosh's calls to start_field and start_term, as in W3's writer
        self._fieldname: Any = None
        self._fieldid: Any = None
        self._btext: Any = None
        self._fieldobj: Any = None
        self._format: Any = None
        self._tindex = TermTableWriter(self._create_file(W3Codec.TERMS_EXT))
        self._fieldmap: dict[str, int] = {}
        self._postfile = self._create_file(W3Codec.POSTS_EXT)
        self._postwriter: Any = None
        self._infield = False
        self.is_closed = False

    def start_term(self, btext: bytes) -> None:
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, CompactTermInfo())

    def add_all(self, ids: list[int], weights: list[float], values: list[Any],
                lengths: list[int | None]) -> None:
        """Add a whole term's postings (see ``CompactPostingsWriter.add_all``)."""
        self._postwriter.add_all(ids, weights, values, lengths)

    def finish_term(self) -> None:
        terminfo = self._postwriter.finish_postings()
        self._tindex.add(_FIELD_NUMBER.pack(self._fieldid) + self._btext, terminfo.to_bytes())

    def close(self) -> None:
        self._tindex.close({"fieldmap": self._fieldmap})
        self._postfile.close()
        self.is_closed = True


class CompactTermsReader(TermsReader):
    """Reads a segment's term table: a key is the field's number (2 bytes) and the term."""

    def __init__(self, codec: Any, dbfile: Any, length: int, postfile: Any) -> None:
        self._codec = codec
        self._table = TermTable(dbfile, length)
        self._postfile = postfile
        self.fieldmap: dict[str, int] = self._table.extras["fieldmap"]
        self._fieldnames = {number: name for name, number in self.fieldmap.items()}

    def key(self, fieldname: str, tbytes: bytes) -> bytes:
        """The table key of a field's term."""
        return _FIELD_NUMBER.pack(self.fieldmap.get(fieldname, 0xFFFF)) + tbytes

    def key_hashes(self) -> np.ndarray:
        """The sorted distinct hashes (``search.termtable.key_hash``) of every key."""
        return self._table.hashes

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self.key(*term) in self._table

    def indexed_field_names(self) -> Any:
        return self.fieldmap.keys()

    def cursor(self, fieldname: str, fieldobj: Any) -> CompactFieldCursor:
        return CompactFieldCursor(self, fieldname, fieldobj)

    def terms(self) -> Any:
        return (self.term_of(key) for key, _ in self._table.items_from())

    def terms_from(self, fieldname: str, prefix: bytes) -> Any:
        return (self.term_of(key) for key, _ in self.entries_from(fieldname, prefix))

    def items(self) -> Any:
        return ((self.term_of(key), CompactTermInfo.from_bytes(value))
                for key, value in self._table.items_from())

    def items_from(self, fieldname: str, prefix: bytes) -> Any:
        return ((self.term_of(key), CompactTermInfo.from_bytes(value))
                for key, value in self.entries_from(fieldname, prefix))

    def entries_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        """The table's (key, term info bytes) from a field's first term at or after ``prefix``."""
        return self._table.items_from(self.key(fieldname, prefix))

    def term_info(self, fieldname: str, tbytes: bytes) -> CompactTermInfo:
        try:
            return self._info(fieldname, tbytes)
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        return self._info(fieldname, tbytes).weight()

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        return self._info(fieldname, tbytes).doc_frequency()

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        return self._codec.postings_reader(self._postfile, self.term_info(fieldname, tbytes),
                                           format_, term=(fieldname, tbytes), scorer=scorer)

    def close(self) -> None:
        self._table.close()
        self._postfile.close()

    def _info(self, fieldname: str, tbytes: bytes) -> CompactTermInfo:
        """A term's info (KeyError when absent, as Whoosh's readers expect of these methods)."""
        return CompactTermInfo.from_bytes(self._table[self.key(fieldname, tbytes)])

    def term_of(self, key: bytes) -> tuple[str | None, bytes]:
        """The (field, term) of a table key (field None: a number this segment never gave)."""
        return self._fieldnames.get(_FIELD_NUMBER.unpack_from(key)[0]), key[_FIELD_NUMBER.size:]


class CompactFieldCursor(FieldCursor):
    """Steps through one field's terms in order."""

    def __init__(self, terms: CompactTermsReader, fieldname: str, fieldobj: Any) -> None:
        self._terms, self._fieldname, self._fieldobj = terms, fieldname, fieldobj
        self._text: Any = None
        self._info: bytes | None = None
        self.first()

    def first(self) -> Any:
        return self._start(b"")

    def find(self, term: Any) -> Any:
        return self._start(term if isinstance(term, bytes) else self._fieldobj.to_bytes(term))

    def next(self) -> Any:
        for key, value in self._items:
            fieldname, tbytes = self._terms.term_of(key)
            if fieldname == self._fieldname:
                self._text, self._info = self._fieldobj.from_bytes(tbytes), value
                return self._text
            break
        self._text = self._info = None
        return None

    def text(self) -> Any:
        return self._text

    def term_info(self) -> CompactTermInfo | None:
        return None if self._info is None else CompactTermInfo.from_bytes(self._info)

    def is_valid(self) -> bool:
        return self._info is not None

    def _start(self, tbytes: bytes) -> Any:
        self._items = self._terms.entries_from(self._fieldname, tbytes)
        return self.next()


class CompactPositions(formats.Positions):
    """Whoosh's positions format, each posting's positions written as varint gaps."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        """(term, frequency, weight, positions) per term, as Whoosh's ``Positions`` gives them,
        read straight from our analyzers' term positions when indexing."""
        term_positions = getattr(analyzer, "term_positions", None)
        if term_positions is None or not isinstance(value, str) or kwargs.get("mode") != "index":
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, positions in term_positions(value).items():
            yield term, len(positions), len(positions) * boost, self.encode(positions)

    def encode(self, poslist: list[int]) -> bytes:
        return encode_varints(poslist if len(poslist) == 1 else _gaps(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        position, positions = 0, []
        for gap in decode_varints(valuestring):
            position += gap
            positions.append(position)
        return positions

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(1 for byte in valuestring if byte < 0x80)


class CompactPostingsWriter(PostingsWriter):
    """Buffers a term's postings and writes them as compact blocks."""

    _ids: list[int]
    _weights: list[float]
    _values: list[bytes]
    _minlength: int | None
    _maxlength: int
    _maxweight: float

    def __init__(self, postfile: Any, blocklimit: int) -> None:
        self._postfile = postfile
        self._blocklimit = blocklimit
        self._format: Any = None
        self._terminfo: Any = None
        self._startoffset = 0
        self._blockcount = 0
        self._pending: list[tuple[int, float, bytes, int | None]] = []  # from add_posting
        self._new_block()

    def written(self) -> bool:
        return self._blockcount > 0

    def start_postings(self, format_: Any, terminfo: Any) -> None:
        self._format, self._terminfo = format_, terminfo
        self._startoffset = self._postfile.tell()
        self._blockcount = 0
        self._pending = []
        self._new_block()

    def add_posting(self, id_: int, weight: float, vbytes: bytes, length: int | None = None) -> None:
        """One posting (Whoosh's interface): kept until the term ends, then given to ``add_all``."""
        self._pending.append((id_, weight, vbytes, length))

    def add_all(self, ids: list[int], weights: list[float], values: list[Any],
                lengths: list[int | None]) -> None:
        """A whole term's postings (ids in order), written as blocks of up to ``blocklimit``."""
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:
                self._write_block()
            self._ids, self._weights = ids[start:start + limit], weights[start:start + limit]
            self._values = values[start:start + limit]
            self._maxweight = max(0.0, *self._weights)
            known = [length for length in lengths[start:start + limit] if length]
            self._minlength = min(known) if known else None
            self._maxlength = max(known) if known else 0

    def finish_postings(self) -> Any:
        if self._pending:
            ids, weights, values, lengths = (list(column) for column in zip(*self._pending))
            self._pending = []
            self.add_all(ids, weights, values, lengths)
        terminfo = self._terminfo
        if self._ids:
            self._write_block()
        terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    # The block statistics W3TermInfo.add_block reads.
    def __len__(self) -> int:
        return len(self._ids)

    def min_id(self) -> int:
        return self._ids[0]

    def max_id(self) -> int:
        return self._ids[-1]

    def min_length(self) -> int | None:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return self._maxweight

    def _new_block(self) -> None:
        self._ids, self._weights, self._values = [], [], []
        self._minlength = None
        self._maxlength = 0
        self._maxweight = 0.0

    def _write_block(self) -> None:
        self._terminfo.add_block(self)
        ids, weights = self._ids, self._weights
        flags = 0
        data = bytearray(encode_varints(_gaps(ids)[1:]))
        whole = [int(w) for w in weights]
        if whole != weights or min(whole) < 0:
            flags |= FLOAT_WEIGHTS
            data += array("f", weights).tobytes()
        elif whole.count(whole[0]) == len(whole):
            flags |= UNIFORM_WEIGHTS
            data += encode_varints(whole[:1])
        else:
            data += encode_varints(whole)
        size = self._format.fixed_value_size()
        if size is None or size < 0:
            data += encode_varints([len(v) for v in self._values])
        if size != 0:
            data += b"".join(self._values)
        packed = bytes(data)
        if len(data) >= DEFLATE_FROM:
            deflated = zlib.compress(data, DEFLATE_LEVEL, wbits=-15)
            if len(deflated) < len(data):
                packed, flags = deflated, flags | DEFLATED
        maxweight = self._maxweight
        weight_bytes = (_FLOAT.pack(maxweight) if flags & FLOAT_WEIGHTS
                        else encode_varints([int(maxweight)]))
        header = encode_varints([len(ids), ids[0], ids[-1] - ids[0], len(packed)])
        self._postfile.write(header + bytes((flags, length_to_byte(self._minlength),
                                             length_to_byte(self._maxlength))) + weight_bytes)
        self._postfile.write(packed)
        self._blockcount += 1
        self._new_block()


class CompactLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher interface over compact blocks."""

    def _read_header(self) -> None:
        self._baseoffset = self._startoffset
        self._endoffset = self._startoffset + self._length
        self._decoded: tuple[np.ndarray, np.ndarray, Any] | None = None

    def _goto(self, position: int) -> None:
        self._decoded = self._ids = self._weights = self._values = None
        self._i = 0
        block = read_block_header(self._postfile, position)
        self._block = block
        self._blocklength = block.count
        self._maxid = block.last_id
        self._maxweight = block.max_weight
        self._compression = block.flags & DEFLATED
        self._minlength = byte_to_length(block.min_length)
        self._maxlength = byte_to_length(block.max_length)
        self._nextoffset = block.end
        self._lastblock = block.end >= self._endoffset

    def _block_data(self) -> tuple[np.ndarray, np.ndarray, Any]:
        if self._decoded is None:
            self._decoded = decode_block(self._block, self._postfile, self.format)
        return self._decoded

    def _read_ids(self) -> None:
        self._ids = self._block_data()[0].tolist()

    def _read_weights(self) -> None:
        self._weights = self._block_data()[1].tolist()

    def _read_values(self) -> None:
        self._values = self._block_data()[2]


class BlockHeader:
    """Where a block's data lies and what its header says."""

    __slots__ = ("count", "first_id", "last_id", "flags", "min_length", "max_length",
                 "max_weight", "start", "end")

    def __init__(self, count: int, first_id: int, last_id: int, flags: int, min_length: int,
                 max_length: int, max_weight: float, start: int, end: int) -> None:
        self.count, self.first_id, self.last_id, self.flags = count, first_id, last_id, flags
        self.min_length, self.max_length, self.max_weight = min_length, max_length, max_weight
        self.start, self.end = start, end


_HEADER_READ = 40  # more than any header: four varints of at most 5 bytes, 3 bytes, a float


def read_block_header(postfile: Any, position: int) -> BlockHeader:
    """Parse the header of the block at ``position``."""
    raw = postfile.get(position, _HEADER_READ)
    count, at = read_varint(raw, 0)
    first_id, at = read_varint(raw, at)
    span, at = read_varint(raw, at)
    data_length, at = read_varint(raw, at)
    flags, min_length, max_length = raw[at], raw[at + 1], raw[at + 2]
    at += 3
    if flags & FLOAT_WEIGHTS:
        max_weight = _FLOAT.unpack_from(raw, at)[0]
        at += 4
    else:
        whole_weight, at = read_varint(raw, at)
        max_weight = float(whole_weight)
    start = position + at
    return BlockHeader(count, first_id, first_id + span, flags, min_length, max_length,
                       max_weight, start, start + data_length)


def decode_block(block: BlockHeader, postfile: Any, format_: Any, values: bool = True,
                 ) -> tuple[np.ndarray, np.ndarray, Any]:
    """A block's ids (int64), weights (float32) and values (bytes, or Nones; none unless asked)."""
    data = postfile.get(block.start, block.end - block.start)
    if block.flags & DEFLATED:
        data = zlib.decompress(data, wbits=-15)
    count, at = block.count, 0
    gaps, at = varints_at(data, at, count - 1)
    ids = np.empty(count, np.int64)
    ids[0] = block.first_id
    ids[1:] = gaps
    np.cumsum(ids, out=ids)
    if block.flags & FLOAT_WEIGHTS:
        weights = np.frombuffer(data, np.float32, count, at).copy()
        at += 4 * count
    elif block.flags & UNIFORM_WEIGHTS:
        weight, at = varints_at(data, at, 1)
        weights = np.full(count, weight[0], np.float32)
    else:
        weights, at = varints_at(data, at, count)
        weights = weights.astype(np.float32)
    size = format_.fixed_value_size()
    if not values:
        return ids, weights, ()
    if size == 0:
        found: Any = (None,) * count
    elif size is None or size < 0:
        lengths, at = varints_at(data, at, count)
        ends = (np.cumsum(lengths) + at).tolist()
        starts = [at] + ends[:-1]
        found = tuple(data[s:e] for s, e in zip(starts, ends))
    else:
        found = tuple(data[at + i * size: at + (i + 1) * size] for i in range(count))
    return ids, weights, found


def _gaps(values: list[int]) -> list[int]:
    """Each value minus the one before (the first minus 0)."""
    return [value - previous for previous, value in zip([0, *values], values)]


def read_postings(matcher: CompactLeafMatcher, values: bool = False) -> tuple[Any, ...]:
    """All of a matcher's ids and weights (and values, when asked), decoded a block at a time."""
    postfile, format_ = matcher._postfile, matcher.format
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    all_values: list[Any] = []
    position = matcher._startoffset
    while position < matcher._endoffset:
        block = read_block_header(postfile, position)
        block_ids, block_weights, block_values = decode_block(block, postfile, format_, values)
        ids.append(block_ids)
        weights.append(block_weights)
        all_values.extend(block_values)
        position = block.end
    found = ((np.concatenate(ids), np.concatenate(weights)) if ids
             else (np.zeros(0, np.int64), np.zeros(0, np.float32)))
    return (*found, all_values) if values else found
