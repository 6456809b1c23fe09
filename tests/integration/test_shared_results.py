"""Server workers share their search results through the index's cache folder, per index state."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search import QueryTimeoutError, SearchEngine, SearchRequest, rebuild_index, update_index
from search import shared_results
from search.storage import cache_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    """A fresh index of the seeds (its own cache folder), the corpus beside it."""
    shutil.copytree(ROOT / "seeds", tmp_path / "corpus")
    rebuild_index(tmp_path / "corpus", tmp_path / "index", procs=1)
    return tmp_path / "index"


def slot_files(index_dir: Path) -> list[Path]:
    return [p for p in (cache_dir(index_dir) / shared_results.FOLDER).rglob("*") if p.is_file()]


def impatient(index_dir: Path) -> SearchEngine:
    """Another worker that cannot finish any search itself: what it answers came from the cache."""
    return SearchEngine(index_dir, timeout=1e-9)


def test_a_search_made_by_one_worker_answers_another(index: Path) -> None:
    request = SearchRequest(q="rusia")
    first = SearchEngine(index).search(request)
    assert first.total == 2
    second = impatient(index).search(request)
    assert (second.total, second.hits, second.facets) == (first.total, first.hits, first.facets)
    with pytest.raises(QueryTimeoutError):
        impatient(index).search(SearchRequest(q="ucrania"))  # never searched: computed, too slowly


def test_a_changed_index_never_answers_from_the_old_state(index: Path) -> None:
    request = SearchRequest(q="banderas")
    assert SearchEngine(index).search(request).total == 1
    corpus = index.parent / "corpus"
    for path in corpus.rglob("*.txt"):
        if "banderas" in path.read_text(encoding="utf-8").lower():
            path.unlink()
    update_index(corpus, index)
    engine = SearchEngine(index)
    assert engine.search(request).total == 0
    folders = list((cache_dir(index) / shared_results.FOLDER).iterdir())
    assert folders == [engine._shared.folder]  # the old state's results are gone


def test_a_damaged_or_foreign_slot_reads_as_a_miss(index: Path) -> None:
    request = SearchRequest(q="rusia")
    expected = SearchEngine(index).search(request)
    [slot] = slot_files(index)
    for damage in (b"", b"not a pickle at all", slot.read_bytes()[:40]):
        slot.write_bytes(damage)
        with pytest.raises(QueryTimeoutError):
            impatient(index).search(request)
        assert SearchEngine(index).search(request).hits == expected.hits


def test_the_cache_is_bounded_and_optional(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_results, "SLOTS", 4)
    engine = SearchEngine(index)
    for word in ("rusia", "ucrania", "banderas", "nato", "china", "mundo", "guerra", "paz"):
        engine.search(SearchRequest(q=word))
    assert 1 <= len(slot_files(index)) <= 4
    shutil.rmtree(cache_dir(index) / shared_results.FOLDER)
    (cache_dir(index) / shared_results.FOLDER).write_text("a file where the folder should be")
    assert SearchEngine(index).search(SearchRequest(q="rusia")).total == 2  # searched, not stored
