"""The in-memory term filter never hides a term a segment holds, and rules out absent ones."""
from __future__ import annotations

import shutil
from pathlib import Path

from whoosh import index as whoosh_index

from search import rebuild_index, update_index
from search import termkeys
from search.documents import decode_stored
from search.storage import current_generation

ROOT = Path(__file__).resolve().parents[2]
MADE_UP = [f"zq{n}xkv" for n in range(50)] + ["satélites", "Россия", "卫星"]


def open_searcher(index_dir: Path):  # type: ignore[no-untyped-def]
    return whoosh_index.open_dir(str(current_generation(index_dir).path)).searcher()


def every_key(searcher) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(field, raw.decode("utf-8")) for field, raw in searcher.reader().all_terms()]


def test_every_indexed_term_is_held_and_made_up_ones_are_not(corpus_index: Path) -> None:
    with open_searcher(corpus_index) as searcher:
        keys = every_key(searcher)
        assert len(keys) > 500
        held = termkeys.segments_holding(searcher, keys)
        assert all(held), [k for k, segments in zip(keys, held) if not segments][:5]
        fields = sorted({field for field, _ in keys if field.startswith("body_")})
        absent = [(field, word) for field in fields for word in MADE_UP[:50]]
        assert not any(termkeys.segments_holding(searcher, absent))
        assert termkeys.segments_holding(searcher, [("no_such_field", "rusia")]) == [[]]


def test_each_segment_answers_for_its_own_terms(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    rebuild_index(corpus, tmp_path / "index", procs=1)
    (corpus / "extra.txt").write_text("Zorblaxian envoys\n\nThe zorblaxian envoys met in Geneva.\n",
                                      encoding="utf-8")
    update_index(corpus, tmp_path / "index")
    with open_searcher(tmp_path / "index") as searcher:
        leaves = searcher.leaf_searchers()
        assert len(leaves) == 2
        field = "body_en"
        [in_new] = termkeys.segments_holding(searcher, [(field, "zorblaxian")])
        assert in_new == [1]
        everywhere = termkeys.segments_holding(searcher, [("id", i) for i in _ids(searcher)])
        assert sorted(n for segments in everywhere for n in segments) == [0, 0, 1]


def _ids(searcher) -> list[str]:  # type: ignore[no-untyped-def]
    records = searcher.reader().column_reader("record")
    return [decode_stored(records[docnum])["id"] for docnum in searcher.reader().all_doc_ids()]
