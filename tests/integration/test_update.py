"""Incremental updates apply only what changed, and end where a full rebuild ends."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search import SearchRequest, get_article, rebuild_index, run_search, update_index

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ["", "rusia", "satélites", "cooperazione", "NATO", "China", "año", "учения", "卫星"]


def copy_corpus(target: Path) -> Path:
    for source in (ROOT / "tests" / "fixtures" / "corpus", ROOT / "seeds"):
        shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def snapshot(index_dir: Path) -> dict[str, object]:
    """Everything a user can see: ids, totals and facet counts per query, and every article."""
    seen: dict[str, object] = {}
    for q in QUERIES:
        result = run_search(index_dir, SearchRequest(q=q, size=100, facet_size=200))
        seen[q] = (result.total, sorted(h.id for h in result.hits),
                   {n: sorted((v.value, v.count) for v in f.values) for n, f in result.facets.items()},
                   [(b.value, b.count) for b in result.dates.buckets], result.dates.unknown)
    everything = run_search(index_dir, SearchRequest(size=100))
    for hit in everything.hits:
        article = get_article(index_dir, hit.id)
        seen[hit.id] = (article.title, article.text, article.date, article.actors, article.langs)
    return seen


def test_update_equals_rebuild(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    live = tmp_path / "live"
    rebuild_index(corpus, live, procs=1)
    (corpus / "world" / "it_cultura.txt").unlink()
    changed = corpus / "world" / "fr_diplomatie.txt"
    changed.write_text(changed.read_text("utf-8").replace("cessez-le-feu", "accord de paix"), "utf-8")
    (corpus / "world" / "new.txt").write_text(
        "Nuevo acuerdo entre Rusia y Ucrania\nPublicado el 2 de febrero de 2026\n"
        "Los negociadores de Rusia y Ucrania firmaron un acuerdo de intercambio de prisioneros.", "utf-8")
    summary = update_index(corpus, live, procs=1)
    assert (summary.added, summary.changed, summary.removed) == (
        ["world/new.txt"], ["world/fr_diplomatie.txt"], ["world/it_cultura.txt"])
    fresh = tmp_path / "fresh"
    rebuild_index(corpus, fresh, procs=1)
    assert snapshot(live) == snapshot(fresh)


def test_update_without_changes_touches_nothing(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    rebuild_index(corpus, tmp_path / "index", procs=1)
    summary = update_index(corpus, tmp_path / "index", procs=1)
    assert not (summary.added or summary.changed or summary.removed)


def test_changed_actors_file_rebuilds(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    rebuild_index(corpus, tmp_path / "index", procs=1)
    (corpus / "actors.toml").write_text(
        '[[actor]]\nid = "susan-example"\ntype = "person"\n[actor.names]\nen = "Susan Example"\n'
        '[actor.aliases]\n"*" = ["Susan", "Susan Example"]\n', "utf-8")
    summary = update_index(corpus, tmp_path / "index", procs=1)
    assert summary.rebuilt
    result = run_search(tmp_path / "index", SearchRequest(actors=("susan-example",)))
    assert [h.id for h in result.hits] == ["000_bbaff72d806f1524"]


def test_update_needs_an_index(tmp_path: Path) -> None:
    from search import IndexMissingError
    with pytest.raises(IndexMissingError):
        update_index(ROOT / "seeds", tmp_path / "none")


def test_parallel_build_equals_serial_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search import indexer
    corpus = copy_corpus(tmp_path / "corpus")
    (corpus / "dup_a.json").write_text('{"id": "same", "text": "Uno\\nprimo testo"}', "utf-8")
    (corpus / "zz_dup_b.json").write_text('{"id": "same", "text": "Due\\nsecondo testo"}', "utf-8")
    serial = rebuild_index(corpus, tmp_path / "serial", procs=1)
    monkeypatch.setattr(indexer, "PARALLEL_MIN_FILES", 1)
    parallel = rebuild_index(corpus, tmp_path / "parallel", procs=2)
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")
    assert parallel.articles == serial.articles
    assert sorted(map(str, parallel.faults)) == sorted(map(str, serial.faults))
    assert any("duplicate id 'same'" in str(f) for f in parallel.faults)
    assert get_article(tmp_path / "parallel", "same").title == "Uno"


def test_touched_but_unchanged_files_are_not_reindexed(tmp_path: Path) -> None:
    import os
    corpus = copy_corpus(tmp_path / "corpus")
    rebuild_index(corpus, tmp_path / "index", procs=1)
    touched = corpus / "world" / "de_wirtschaft.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    summary = update_index(corpus, tmp_path / "index", procs=1)
    assert not (summary.added or summary.changed or summary.removed)


def test_update_keeps_the_summary_counts_right(tmp_path: Path) -> None:
    from search import storage
    corpus = copy_corpus(tmp_path / "corpus")
    rebuild_index(corpus, tmp_path / "index", procs=1)
    (corpus / "world" / "it_cultura.txt").unlink()
    (corpus / "world" / "nuevo.txt").write_text("Título\nUn texto nuevo en español sobre Rusia.", "utf-8")
    update_index(corpus, tmp_path / "index", procs=1)
    updated = storage.current_generation(tmp_path / "index").meta["summary"]
    rebuild_index(corpus, tmp_path / "fresh", procs=1)
    fresh = storage.current_generation(tmp_path / "fresh").meta["summary"]
    assert (updated["articles"], updated["languages"]) == (fresh["articles"], fresh["languages"])


def test_an_export_finishes_on_its_generation_while_an_update_opens_the_next(tmp_path: Path) -> None:
    from search.engine import SearchEngine
    corpus = copy_corpus(tmp_path / "corpus")
    rebuild_index(corpus, tmp_path / "index", procs=1)
    engine = SearchEngine(tmp_path / "index")
    expected = [hit.id for hit in engine.export(SearchRequest())]
    assert len(expected) > 3
    export = engine.export(SearchRequest())
    first = next(export)
    old = engine.state()
    (corpus / "world" / "nuevo.txt").write_text("Título\nUn texto nuevo en español sobre Rusia.", "utf-8")
    update_index(corpus, tmp_path / "index", procs=1)
    assert engine.search(SearchRequest()).total == len(expected) + 1  # the new state opens
    assert engine.state() is not old and old.retired and not old.searcher.is_closed
    assert [first.id] + [hit.id for hit in export] == expected
    assert old.searcher.is_closed  # closed once the export ended
    assert [hit.id for hit in engine.export(SearchRequest())] != expected
