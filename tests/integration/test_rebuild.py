"""Rebuilds are atomic: a killed or failed rebuild leaves the previous index answering."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import IndexBusyError, SchemaMismatchError, SearchRequest, rebuild_index, run_search
from search import storage

ROOT = Path(__file__).resolve().parents[2]


def make_big_corpus(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "seeds" / "000_bbaff72d806f1524.txt").read_text(encoding="utf-8")
    for n in range(copies):
        (folder / f"copy_{n:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_killed_rebuild_leaves_previous_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    rebuild_index(ROOT / "seeds", index_dir, procs=1)
    live = storage.current_generation(index_dir).name
    corpus = make_big_corpus(tmp_path / "big", 3000)
    script = ("import sys; from search import rebuild_index; "
              "rebuild_index(sys.argv[1], sys.argv[2], procs=1)")
    process = subprocess.Popen([sys.executable, "-c", script, str(corpus), str(index_dir)])
    deadline = time.monotonic() + 60
    while not list(index_dir.glob("gen-*.tmp/*.seg")) and not list(index_dir.glob("gen-*.tmp/*_WRITELOCK")):
        assert process.poll() is None, "the rebuild ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert storage.current_generation(index_dir).name == live
    result = run_search(index_dir, SearchRequest())
    assert result.total == 2
    # The stale lock of the killed process does not block the next rebuild.
    summary = rebuild_index(ROOT / "seeds", index_dir, procs=1)
    assert summary.articles == 2 and not list(index_dir.glob("gen-*.tmp"))


def test_failed_rebuild_keeps_previous_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    rebuild_index(ROOT / "seeds", index_dir, procs=1)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    with pytest.raises(Exception):
        rebuild_index(bad, index_dir, strict=True, procs=1)
    assert run_search(index_dir, SearchRequest()).total == 2


def test_second_rebuild_is_refused_while_one_runs(tmp_path: Path) -> None:
    lock = storage.acquire_lock(tmp_path)
    try:
        with pytest.raises(IndexBusyError, match="another rebuild"):
            rebuild_index(ROOT / "seeds", tmp_path, procs=1)
    finally:
        storage.release_lock(lock)


def test_schema_mismatch_is_refused_with_a_message(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    rebuild_index(ROOT / "seeds", index_dir, procs=1)
    generation = storage.current_generation(index_dir)
    storage.write_json(generation.path / storage.META, {"schema_version": -1})
    with pytest.raises(SchemaMismatchError, match="rebuild-index"):
        storage.current_generation(index_dir)
