"""Incremental updates: add, update and remove only the files whose content changed."""
from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import whoosh.index

from search import storage
from search.corpus import CorpusFile, Fault, file_checksum, list_corpus_files
from search.documents import decode_stored
from search.errors import CorpusError
from search.indexer import (ACTORS_FILE, DISCOVERED, MANIFEST, BuildSummary, DocumentSink,
                            prepare_files, rebuild_index, write_meta)
from search.segmentwriter import open_writer
from search.suggest import WORDS_FILE, read_vocabulary_counts


HASH_THREADS = 8


@dataclass
class UpdateSummary:
    """What an update changed."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    articles_added: int = 0
    articles_removed: int = 0
    faults: list[Fault] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the summary."""
        return {"added": self.added, "changed": self.changed, "removed": self.removed,
                "articles_added": self.articles_added, "articles_removed": self.articles_removed,
                "faults": [str(f) for f in self.faults], "seconds": round(self.seconds, 3),
                "rebuilt": self.rebuilt}


def update_index(corpus_dir: Path, index_dir: Path, *, strict: bool = False,
                 procs: int | None = None) -> UpdateSummary:
    """Apply the corpus's changes since the last build to the live index (by content checksum)."""
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    started = time.monotonic()
    generation = storage.current_generation(index_dir)
    if _actors_file_changed(corpus_dir, generation.path):
        summary = rebuild_index(corpus_dir, index_dir, strict=strict, procs=procs)
        return UpdateSummary(faults=summary.faults, seconds=summary.seconds, rebuilt=True,
                             articles_added=summary.articles)
    lock = storage.acquire_lock(index_dir)
    try:
        return _apply_changes(corpus_dir, generation, strict, procs, started)
    finally:
        storage.release_lock(lock)


def _apply_changes(corpus_dir: Path, generation: storage.Generation, strict: bool,
                   procs: int | None, started: float) -> UpdateSummary:
    manifest: dict[str, dict[str, Any]] = storage.read_json(generation.path / MANIFEST)
    files, faults = list_corpus_files(corpus_dir)
    result = UpdateSummary(faults=list(faults))
    current = _checksums(corpus_dir, files, manifest)
    result.removed = sorted(set(manifest) - set(current))
    result.added = sorted(p for p in current if p not in manifest)
    result.changed = sorted(p for p in current if p in manifest and manifest[p]["checksum"] != current[p])
    if not (result.removed or result.added or result.changed):
        result.seconds = time.monotonic() - started
        return result
    ix = whoosh.index.open_dir(str(generation.path))
    writer = open_writer(ix, compound=False)
    build = BuildSummary()
    sink = DocumentSink(writer, build, manifest=manifest,
                        discovered=storage.read_json(generation.path / DISCOVERED),
                        vocabulary=read_vocabulary_counts(generation.path / WORDS_FILE))
    removed_languages: Counter[str] = Counter()
    try:
        with writer.searcher() as searcher:
            records = searcher.reader().column_reader("record")
            for path in result.removed + result.changed:
                for article_id in manifest.pop(path)["ids"]:
                    for docnum in searcher.document_numbers(id=article_id):
                        removed_languages[decode_stored(records[docnum])["lang"]] += 1
                    writer.delete_by_term("id", article_id)
                    result.articles_removed += 1
        sink.seen = {i: p for p, entry in manifest.items() for i in entry["ids"]}
        for prepared in prepare_files(corpus_dir, result.added + result.changed, procs,
                                      storage.cache_dir(generation.path.parent)):
            sink.add(prepared)
        sink.stamp(files)
        result.faults += build.faults
        if strict and result.faults:
            raise CorpusError(f"{len(result.faults)} corpus fault(s) in strict mode; first: "
                              f"{result.faults[0]}")
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    sink.write_side_files(generation.path)
    result.articles_added = build.articles
    result.seconds = time.monotonic() - started
    write_meta(generation.path, corpus_dir,
               _updated_summary(generation, result, build.languages, removed_languages))
    return result


def _updated_summary(generation: storage.Generation, update: UpdateSummary,
                     added: Counter[str], removed: Counter[str]) -> BuildSummary:
    """The build summary of the updated index: the previous counts, less and plus the changes."""
    previous = generation.meta.get("summary", {})
    summary = BuildSummary(seconds=previous.get("seconds", 0.0), files=previous.get("files", 0))
    summary.languages.update(previous.get("languages", {}))
    summary.languages.update(added)
    summary.languages.subtract(removed)
    summary.languages = +summary.languages  # drops languages left with no article
    summary.articles = previous.get("articles", 0) + update.articles_added - update.articles_removed
    summary.faults = update.faults
    return summary


def _checksums(corpus_dir: Path, files: list[CorpusFile],
               manifest: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each file's content checksum; like git, a file whose size and modification time are
    unchanged keeps its recorded checksum, and only the others are read (in threads: it is I/O)."""
    known = {f.path: manifest[f.path]["checksum"] for f in files
             if f.path in manifest and manifest[f.path].get("stamp") == f.stamp}
    stale = [f.path for f in files if f.path not in known]
    with ThreadPoolExecutor(max_workers=HASH_THREADS) as pool:
        known.update(zip(stale, pool.map(lambda p: _checksum(corpus_dir / p), stale)))
    return known


def _checksum(path: Path) -> str:
    try:
        return file_checksum(path.read_bytes())
    except OSError:
        return ""


def _actors_file_changed(corpus_dir: Path, generation_path: Path) -> bool:
    """The actor registry changed: every article must be matched again (a full rebuild)."""
    new, old = corpus_dir / ACTORS_FILE, generation_path / ACTORS_FILE
    if new.is_file() != old.is_file():
        return True
    return new.is_file() and new.read_bytes() != old.read_bytes()
