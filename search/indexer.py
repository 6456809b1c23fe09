"""Building the index: read, prepare and write every article into a new generation."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import whoosh.index

from search import parallel, storage
from search.actors import ActorRegistry, load_registry, registry_fingerprint
from search.analysis import analyzer_key
from search.corpus import CorpusFile, Fault, list_corpus_files, load_corpus_file
from search.documents import Document, index_fields, prepare_document
from search.errors import CorpusError
from search.facets import build_facet_table, count_values
from search.lexicon import load_lexicon, use_lexicon_cache
from search.segmentwriter import open_writer
from search.schema import SCHEMA_VERSION, build_schema
from search.suggest import WORDS_FILE, count_words, write_vocabulary

ACTORS_FILE = "actors.toml"  # the user's actor registry extension, beside the articles
MANIFEST = "files.json.gz"    # per corpus file: checksum and the ids it gave (for updates)
DISCOVERED = "discovered.json"
PARALLEL_MIN_FILES = 200  # fewer files are indexed in one process: workers cost a start-up
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileResult:
    """What one corpus file produced: prepared documents, faults and its checksum."""

    path: str
    checksum: str
    documents: tuple[Document, ...]
    faults: tuple[Fault, ...]
    words: Counter[str] = field(default_factory=Counter)


@dataclass
class BuildSummary:
    """What a rebuild did: counts per language, faults, time and where the index is."""

    articles: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    faults: list[Fault] = field(default_factory=list)
    seconds: float = 0.0
    generation: str = ""
    files: int = 0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the summary."""
        return {
            "articles": self.articles, "files": self.files,
            "languages": dict(self.languages.most_common()),
            "faults": [{"path": f.path, "line": f.line, "reason": f.reason} for f in self.faults],
            "seconds": round(self.seconds, 3), "generation": self.generation,
        }


def rebuild_index(corpus_dir: Path, index_dir: Path, *, progress: Progress | None = None,
                  strict: bool = False, procs: int | None = None) -> BuildSummary:
    """Build a complete new index beside the live one and swap it in only when it is done."""
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    started = time.monotonic()
    lock = storage.acquire_lock(index_dir)
    try:
        storage.remove_unfinished_generations(index_dir)
        building = storage.new_generation_dir(index_dir)
        use_lexicon_cache(storage.cache_dir(index_dir))  # workers forked from here inherit it
        summary = _build_generation(corpus_dir, building, progress, procs)
        if strict and summary.faults:
            shutil.rmtree(building, ignore_errors=True)
            raise CorpusError(f"{len(summary.faults)} corpus fault(s) in strict mode; first: "
                              f"{summary.faults[0]}")
        for key in {analyzer_key(code) for code in summary.languages}:
            load_lexicon(key)  # the query languages' word lists, built once, mapped by every server
        summary.seconds = time.monotonic() - started
        write_meta(building, corpus_dir, summary)
        summary.generation = storage.publish_generation(index_dir, building).name
        return summary
    finally:
        storage.release_lock(lock)


def load_actor_registry(corpus_dir: Path, cache_root: Path | None = None) -> ActorRegistry:
    """The built-in actor registry extended by the corpus's own actors file, when there is one;
    with a cache folder, built matchers are kept there for later updates and rebuilds."""
    extra = Path(corpus_dir) / ACTORS_FILE
    registry = load_registry(extra if extra.is_file() else None)
    if cache_root is not None:
        inputs = extra.read_bytes() if extra.is_file() else b""
        key = hashlib.blake2b(inputs + registry_fingerprint().encode(), digest_size=8).hexdigest()
        registry.use_cache(cache_root / f"matchers-{key}")
    return registry


def _build_generation(corpus_dir: Path, building: Path, progress: Progress | None,
                      procs: int | None) -> BuildSummary:
    files, faults = list_corpus_files(corpus_dir)
    summary = BuildSummary(faults=list(faults), files=len(files))
    extra_actors = corpus_dir / ACTORS_FILE
    if extra_actors.is_file():
        shutil.copyfile(extra_actors, building / ACTORS_FILE)
    ix = whoosh.index.create_in(str(building), build_schema())
    paths = [f.path for f in files]
    workers = procs if procs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(paths) >= PARALLEL_MIN_FILES:
        sink = _write_in_parallel(ix, corpus_dir, paths, workers, summary, progress)
    else:
        sink = _write_serially(ix, corpus_dir, paths, summary, progress)
    sink.stamp(files)
    sink.write_side_files(building)
    return summary


def _write_serially(ix: Any, corpus_dir: Path, paths: list[str], summary: BuildSummary,
                    progress: Progress | None) -> DocumentSink:
    sink = DocumentSink(open_writer(ix, compound=False), summary)
    try:
        cache_root = storage.cache_dir(Path(ix.storage.folder).parent)
        for done, result in enumerate(prepare_files(corpus_dir, paths, 1, cache_root), 1):
            sink.add(result)
            if sink.writer.is_full():  # memory stays bounded: the segment is written, another begun
                sink.writer.commit(merge=False)
                sink.writer = open_writer(ix, compound=False)
            if progress:
                progress(done, len(paths))
        sink.writer.commit(merge=False)
    except BaseException:
        sink.writer.cancel()
        raise
    return sink


def _write_in_parallel(ix: Any, corpus_dir: Path, paths: list[str], workers: int,
                       summary: BuildSummary, progress: Progress | None) -> DocumentSink:
    """Workers write a segment each; the parent merges their side data and commits."""
    writer = open_writer(ix)
    done = 0

    def advance(files: int) -> None:
        nonlocal done
        done += files
        if progress:
            progress(done, len(paths))
    try:
        outputs = parallel.write_segments(ix, corpus_dir, paths, workers, advance)
        parallel.commit_segments(writer, outputs)
    except BaseException:
        writer.cancel()
        raise
    sink = DocumentSink(None, summary)
    duplicates: dict[str, str] = {}
    for output in sorted(outputs, key=lambda o: min(o.manifest, default="")):
        summary.faults.extend(output.faults)
        sink.manifest.update(output.manifest)
        sink.discovered.update(output.discovered)
        sink.vocabulary.update(output.vocabulary)
        for article_id, path in output.seen.items():
            first = sink.seen.setdefault(article_id, path)
            if first != path:
                keep, drop = sorted((first, path))
                sink.seen[article_id] = duplicates[article_id] = keep
                sink.manifest[drop]["ids"].remove(article_id)
                summary.faults.append(Fault(drop, f"duplicate id {article_id!r} (first in {keep})"))
    parallel.remove_duplicates(ix, duplicates)
    with ix.searcher() as searcher:
        table = build_facet_table(searcher.reader())
    summary.languages.update(count_values(table, "lang", table.live))
    summary.articles = int(table.live.sum())
    return sink


@dataclass
class DocumentSink:
    """Adds prepared files to a Whoosh writer, keeping ids unique and the side files in step."""

    writer: Any
    summary: BuildSummary
    manifest: dict[str, dict[str, Any]] = field(default_factory=dict)
    discovered: dict[str, str] = field(default_factory=dict)
    vocabulary: Counter[str] = field(default_factory=Counter)
    seen: dict[str, str] = field(default_factory=dict)   # id -> file

    def add(self, result: FileResult) -> None:
        """Write a file's documents; a repeated id becomes a fault."""
        self.manifest[result.path] = {"checksum": result.checksum, "ids": []}
        self.summary.faults.extend(result.faults)
        self.vocabulary.update(result.words)
        for document in result.documents:
            if document.id in self.seen:
                self.summary.faults.append(Fault(
                    result.path, f"duplicate id {document.id!r} (first in {self.seen[document.id]})"))
                continue
            self.seen[document.id] = result.path
            self.writer.add_document(**index_fields(document))
            self.discovered.update(document.discovered)
            self.manifest[result.path]["ids"].append(document.id)
            self.summary.articles += 1
            self.summary.languages[document.lang] += 1

    def stamp(self, files: list[CorpusFile]) -> None:
        """Record each file's size and modification time, so an update hashes only changed ones."""
        for corpus_file in files:
            if corpus_file.path in self.manifest:
                self.manifest[corpus_file.path]["stamp"] = corpus_file.stamp

    def write_side_files(self, folder: Path) -> None:
        """The manifest (for updates), discovered actors' labels and the vocabulary."""
        storage.write_json(folder / MANIFEST, self.manifest, compact=True)
        storage.write_json(folder / DISCOVERED, self.discovered)
        write_vocabulary(folder / WORDS_FILE, self.vocabulary)


def prepare_files(corpus_dir: Path, paths: list[str], procs: int | None,
                  cache_root: Path | None = None) -> Iterator[FileResult]:
    """Prepare every file, in a process pool when there are enough of them to pay for it."""
    workers = procs if procs is not None else min(os.cpu_count() or 1, 4)
    use_lexicon_cache(cache_root)
    if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
        registry = load_actor_registry(corpus_dir, cache_root)
        for path in paths:
            yield prepare_file(corpus_dir, path, registry)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(workers, initializer=_init_worker,
                      initargs=(str(corpus_dir), cache_root)) as pool:
        yield from pool.imap(_prepare_in_worker, paths, chunksize=16)


def prepare_file(corpus_dir: Path, path: str, registry: ActorRegistry) -> FileResult:
    """Read one corpus file and prepare its articles; a failing article becomes a fault."""
    articles, faults, checksum = load_corpus_file(corpus_dir, path)
    documents = []
    for article in articles:
        try:
            documents.append(prepare_document(article, registry))
        except Exception as error:  # one bad article must not stop the build
            faults.append(Fault(path, f"cannot prepare article {article.id}: {error}", article.line))
    words = count_words(text for d in documents for text in (d.title, *(p.text for p in d.paragraphs)))
    return FileResult(path, checksum, tuple(documents), tuple(faults), words)


_worker_state: dict[str, Any] = {}


def _init_worker(corpus_dir: str, cache_root: Path | None) -> None:
    _worker_state["corpus"] = Path(corpus_dir)
    use_lexicon_cache(cache_root)
    _worker_state["registry"] = load_actor_registry(Path(corpus_dir), cache_root)


def _prepare_in_worker(path: str) -> FileResult:
    return prepare_file(_worker_state["corpus"], path, _worker_state["registry"])


def write_meta(building: Path, corpus_dir: Path, summary: BuildSummary) -> None:
    """Record the schema version, build time, corpus and summary of a generation."""
    storage.write_json(building / storage.META, {
        "schema_version": SCHEMA_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "corpus": str(corpus_dir.resolve()),
        "build_seconds": round(summary.seconds, 3),
        "summary": summary.as_dict(),
    })

