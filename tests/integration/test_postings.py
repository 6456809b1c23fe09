"""The compact postings format holds exactly what Whoosh's own W3 format holds."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import fields, index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import TermNotFound

from search.postings import CompactCodec, CompactPositions, CompactTermInfo, read_postings
from search.varints import decode_varints, encode_varints, varints_at

WORDS = [f"w{n}" for n in range(60)]


def make_schema() -> fields.Schema:
    """Every kind of field the engine writes, plus boosts that give float weights."""
    body = fields.TEXT(phrase=True)
    body.format = CompactPositions(field_boost=1.0)
    title = fields.TEXT(phrase=True, field_boost=2.0)
    title.format = CompactPositions(field_boost=2.0)
    odd = fields.TEXT(phrase=True, field_boost=1.5)
    odd.format = CompactPositions(field_boost=1.5)
    return fields.Schema(id=fields.ID(stored=True, unique=True), body=body, title=title, odd=odd,
                         tag=fields.KEYWORD(scorable=True), flag=fields.ID())


def documents(count: int) -> list[dict[str, Any]]:
    """Zipf-like word use: a few words in every document (several blocks), many in one."""
    rng = random.Random(7)
    docs = []
    for n in range(count):
        words = [WORDS[min(int(rng.paretovariate(0.6)) - 1, len(WORDS) - 1)]
                 for _ in range(rng.randint(1, 400))]
        words.append(f"only{n}")
        docs.append({"id": f"d{n}", "body": " ".join(words), "title": " ".join(words[:6]),
                     "odd": " ".join(words[:3]), "tag": " ".join(sorted(set(words[:4]))),
                     "flag": "yes" if n % 3 else "no"})
    return docs


def build(folder: Path, codec: Any, docs: list[dict[str, Any]]) -> Any:
    """A two-segment index with a deleted document, written with the given codec."""
    ix = whoosh_index.create_in(str(folder), make_schema())
    half = len(docs) // 2
    for part in (docs[:half], docs[half:]):
        writer = ix.writer(codec=codec, compound=False)
        for doc in part:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = ix.writer(codec=codec, compound=False)
    writer.delete_by_term("id", "d5")
    writer.commit(merge=False)
    return ix


def every_posting(reader: Any, field: str, term: bytes) -> list[tuple[int, float, Any]]:
    """A term's postings in one segment, stepped with Whoosh's matcher."""
    matcher = reader.postings(field, term)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    docs = documents(700)
    w3 = build(tmp_path_factory.mktemp("w3"), W3Codec(), docs)
    compact = build(tmp_path_factory.mktemp("compact"), CompactCodec(), docs)
    return w3, compact


def test_every_term_has_the_same_postings_and_statistics(pair: tuple[Any, Any]) -> None:
    w3, compact = pair
    with w3.reader() as expected, compact.reader() as actual:
        leaves = list(zip(expected.leaf_readers(), actual.leaf_readers()))
        assert len(leaves) == 2
        seen_blocks = 0
        for (old, _), (new, _) in leaves:
            terms = list(old.all_terms())
            assert terms == list(new.all_terms())
            for field, term in terms:
                a, b = old.term_info(field, term), new.term_info(field, term)
                assert isinstance(b, CompactTermInfo)
                assert (a.doc_frequency(), a.weight(), a.min_length(), a.max_length(),
                        a.max_weight(), a.min_id(), a.max_id()) == \
                    (b.doc_frequency(), b.weight(), b.min_length(), b.max_length(),
                     b.max_weight(), b.min_id(), b.max_id()), (field, term)
                assert old.doc_frequency(field, term) == new.doc_frequency(field, term)
                assert old.frequency(field, term) == new.frequency(field, term)
                postings = every_posting(old, field, term)
                assert postings == every_posting(new, field, term), (field, term)
                raw = new._terms.matcher(field, term, new.schema[field].format)
                ids, weights, values = read_postings(raw, values=True)
                live = [not new.is_deleted(i) for i in ids.tolist()]
                ids, weights, values = (ids[live], weights[live],
                                        [v for v, keep in zip(values, live) if keep])
                assert ids.tolist() == [p[0] for p in postings]
                assert weights.tolist() == pytest.approx([p[1] for p in postings], abs=0)
                if field in ("body", "title", "odd"):
                    assert values == [p[2] for p in postings]
                seen_blocks += len(postings) > 128
        assert seen_blocks > 10  # terms spanning several blocks were compared


def test_the_term_dictionaries_agree(pair: tuple[Any, Any]) -> None:
    w3, compact = pair
    with w3.reader() as expected, compact.reader() as actual:
        for (old, _), (new, _) in zip(expected.leaf_readers(), actual.leaf_readers()):
            assert sorted(old.indexed_field_names()) == sorted(new.indexed_field_names())
            for field in old.indexed_field_names():
                assert list(old.lexicon(field)) == list(new.lexicon(field))
                assert list(old.expand_prefix(field, "w1")) == list(new.expand_prefix(field, "w1"))
                assert ([t for t, _ in old.iter_from(field, "w5")]
                        == [t for t, _ in new.iter_from(field, "w5")])
                a, b = old.cursor(field), new.cursor(field)
                for step in range(40):
                    assert (a.is_valid(), a.text()) == (b.is_valid(), b.text())
                    if a.is_valid():
                        assert a.term_info().doc_frequency() == b.term_info().doc_frequency()
                    a.next(), b.next()
                for target in ("w3", "w35x", "zzz", "", "only"):
                    assert a.find(target) == b.find(target), (field, target)
                assert a.first() == b.first()
            for field, term in [("body", b"absent"), ("tag", b"w0"), ("body", b"w1")]:
                assert ((field, term) in old) == ((field, term) in new)
                assert old.frequency(field, term) == new.frequency(field, term)
            with pytest.raises(TermNotFound):
                new.term_info("body", b"absent")


def test_skipping_and_searching_agree(pair: tuple[Any, Any]) -> None:
    w3, compact = pair
    rng = random.Random(3)
    with w3.searcher() as old, compact.searcher() as new:
        for word in WORDS[:20]:
            a, b = old.postings("body", word), new.postings("body", word)
            for target in sorted(rng.sample(range(700), 30)):
                if not a.is_active():
                    break
                a.skip_to(target) if target > a.id() else None
                b.skip_to(target) if target > b.id() else None
                assert a.is_active() == b.is_active()
                if a.is_active():
                    assert (a.id(), a.weight(), a.value()) == (b.id(), b.weight(), b.value())
        for query in ("w1 w2", '"w0 w1"', "w3 OR only7", "tag:w0", "flag:no", "odd:w2",
                      "w*", "title:w4"):
            from whoosh.qparser import QueryParser
            parsed = QueryParser("body", w3.schema).parse(query)
            expected = [(hit.docnum, hit.score) for hit in old.search(parsed, limit=None)]
            actual = [(hit.docnum, hit.score) for hit in new.search(parsed, limit=None)]
            assert actual == expected, query
            assert expected, query


def test_compact_postings_are_far_smaller(pair: tuple[Any, Any]) -> None:
    sizes = []
    for ix in pair:
        folder = Path(ix.storage.folder)
        sizes.append(sum(f.stat().st_size for f in folder.iterdir()
                         if f.suffix in (".pst", ".trm")))
    assert sizes[1] < sizes[0] / 2, sizes


@pytest.mark.parametrize("values", [[], [0], [127, 128, 255, 16383, 16384, 2**32 + 5],
                                    list(range(1000))])
def test_varints_round_trip(values: list[int]) -> None:
    data = encode_varints(values)
    assert decode_varints(data) == values
    padded = b"\x85\x01" + data + b"\x99\x99"
    decoded, end = varints_at(padded, 2, len(values))
    assert decoded.tolist() == values and end == 2 + len(data)
    assert decoded.dtype == np.int64


def test_positions_round_trip() -> None:
    positions = CompactPositions(field_boost=2.0)
    for poslist in ([0], [3, 4, 300, 301, 70000], list(range(0, 5000, 7))):
        value = positions.encode(poslist)
        assert positions.decode_positions(value) == poslist
        assert positions.decode_frequency(value) == len(poslist)
        assert positions.decode_weight(value) == 2.0 * len(poslist)
