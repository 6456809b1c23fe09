"""The in-memory posting pool writes what Whoosh's own pool writes, and stays bounded."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import fields, index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.writing import SegmentWriter

from search import rebuild_index
from search.postings import CompactCodec, CompactPositions
from search.segmentwriter import MemoryPool, open_writer
from search.storage import current_generation
from tests.integration.test_update import copy_corpus, snapshot

LONG = " ".join(["repeated"] * 400)  # one term whose positions take more than 254 bytes


def make_schema() -> fields.Schema:
    body = fields.TEXT(phrase=True)
    body.format = CompactPositions(field_boost=1.0)
    title = fields.TEXT(phrase=True, field_boost=1.5)
    title.format = CompactPositions(field_boost=1.5)
    return fields.Schema(id=fields.ID(unique=True), tag=fields.KEYWORD, body=body, title=title)


def write_index(folder: Path, writer_for: Any) -> Any:
    ix = whoosh_index.create_in(str(folder), make_schema())
    for batch in range(3):  # three commits: the last merges all segments (their postings re-added)
        writer = writer_for(ix)
        for n in range(60):
            words = " ".join(f"w{(n * k + batch) % 37}" for k in range(1, 9))
            boosts = {"_title_boost": 3.0} if n % 5 == 0 else {"_boost": 0.5} if n % 7 == 0 else {}
            writer.add_document(id=f"{batch}-{n}", tag=f"t{n % 3} t{batch}", title=words[:12],
                                body=LONG if n == 7 else words, **boosts)
        if batch == 1:
            writer.delete_by_term("id", "0-5")
        writer.commit(optimize=batch == 2)
    return ix


def test_the_same_postings_as_whoosh_s_pool(tmp_path: Path) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "whoosh").mkdir()
    ours = write_index(tmp_path / "ours", open_writer)
    whoosh = write_index(tmp_path / "whoosh",
                         lambda ix: SegmentWriter(ix, codec=CompactCodec(), compound=False))
    assert len(ours._segments()) == len(whoosh._segments()) == 1
    with ours.reader() as a, whoosh.reader() as b:
        assert a.doc_count() == b.doc_count() == 179
        assert list(a.all_terms()) == list(b.all_terms())
        for field, term in a.all_terms():
            assert a.term_info(field, term).__dict__ == b.term_info(field, term).__dict__
            pa, pb = a.postings(field, term), b.postings(field, term)
            assert list(pa.items_as("positions") if field in ("body", "title") else pa.all_ids()) \
                == list(pb.items_as("positions") if field in ("body", "title") else pb.all_ids())


def test_fields_it_does_not_write_are_refused(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), fields.Schema(
        body=fields.TEXT(vector=True),
        word=fields.TEXT(analyzer=StemmingAnalyzer(), spelling=True)))  # spelt apart from its stems
    writer = open_writer(ix)
    for field in ("body", "word"):
        with pytest.raises(ValueError, match="term vectors and spelling"):
            writer.add_document(**{field: "some words"})
    writer.cancel()


def test_postings_added_out_of_order_are_sorted() -> None:
    pool = MemoryPool()
    for docnum in (5, 2, 9):
        pool.add(("body", b"w", docnum, 1.0, b"\x00"))
    pool.add(("tag", b"t", 3, 1.0, None))
    assert not pool.in_order
    written: list[tuple[Any, ...]] = []

    class Recorder:
        def start_field(self, name: str, _: Any) -> None:
            written.append(("field", name))

        def start_term(self, term: bytes) -> None:
            written.append(("term", term))

        def add_all(self, *columns: list[Any]) -> None:
            written.extend(zip(*columns))

        def finish_term(self) -> None:
            pass

        def finish_field(self) -> None:
            pass

    class Lengths:
        def doc_count_all(self) -> int:
            return 10

        def _cached_reader(self, *_: Any) -> None:
            return None

    pool.write({"body": None, "tag": None}, Lengths(), Recorder())
    assert written == [("field", "body"), ("term", b"w"), (2, 1.0, b"\x00", 0), (5, 1.0, b"\x00", 0),
                       (9, 1.0, b"\x00", 0), ("field", "tag"), ("term", b"t"), (3, 1.0, None, 0)]


@pytest.mark.parametrize("procs", [1, 2])
def test_a_full_pool_starts_a_new_segment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          procs: int) -> None:
    from search import indexer, segmentwriter
    corpus = copy_corpus(tmp_path / "corpus")
    rebuild_index(corpus, tmp_path / "one", procs=1)
    monkeypatch.setattr(indexer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(segmentwriter, "POOL_LIMIT_MB", 0)  # full after every file (batch, in workers)
    monkeypatch.setattr("search.parallel.BATCH_FILES", 2)
    rebuild_index(corpus, tmp_path / "many", procs=procs)
    ix = whoosh_index.open_dir(str(current_generation(tmp_path / "many").path))
    assert len(ix._segments()) > 4
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "many")
