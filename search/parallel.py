"""Building with every core: each worker process reads, prepares and writes its own Whoosh
segment (another when its posting pool is full); the parent then commits all the segments together
(as Whoosh's multisegment MpWriter does, but with our whole pipeline in the workers rather than
only Whoosh's analysis)."""
from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from whoosh import query as wq

from search.corpus import Fault
from search.documents import decode_stored
from search.errors import CorpusError
from search.segmentwriter import open_writer
from search.storage import cache_dir

BATCH_FILES = 32        # files per job: small enough to balance the workers
MAX_WORKER_WORDS = 400_000


@dataclass
class WorkerOutput:
    """What one worker wrote: its segments and the side data the parent merges."""

    segments: list[Any]
    articles: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    faults: list[Fault] = field(default_factory=list)
    manifest: dict[str, dict[str, Any]] = field(default_factory=dict)
    discovered: dict[str, str] = field(default_factory=dict)
    vocabulary: Counter[str] = field(default_factory=Counter)
    seen: dict[str, str] = field(default_factory=dict)


def write_segments(ix: Any, corpus_dir: Path, paths: list[str], procs: int,
                   progress: Callable[[int], None]) -> list[WorkerOutput]:
    """Run ``procs`` workers over the files; return each worker's output (segment included)."""
    context = multiprocessing.get_context("fork")
    jobs: Any = context.Queue()
    results: Any = context.Queue()
    for start in range(0, len(paths), BATCH_FILES):
        jobs.put(paths[start:start + BATCH_FILES])
    for _ in range(procs):
        jobs.put(None)
    workers = [context.Process(target=_work, args=(ix.storage, ix.indexname, str(corpus_dir),
                                                   jobs, results), daemon=True)
               for _ in range(procs)]
    for worker in workers:
        worker.start()
    outputs: list[WorkerOutput] = []
    try:
        while len(outputs) < procs:
            kind, payload = results.get()
            if kind == "progress":
                progress(payload)
            elif kind == "done":
                outputs.append(payload)
            else:
                raise CorpusError(f"an indexing worker failed: {payload}")
    finally:
        for worker in workers:
            if worker.is_alive() and len(outputs) < procs:
                worker.terminate()
            worker.join()
    return outputs


def _work(storage: Any, indexname: str, corpus: str, jobs: Any, results: Any) -> None:
    """A worker: prepare and write files until told to stop, then finish its segment."""
    from search.indexer import (BuildSummary, DocumentSink, load_actor_registry,
                                prepare_file)
    try:
        ix = storage.open_index(indexname)
        segments = []
        summary = BuildSummary()
        sink = DocumentSink(open_writer(ix, _lk=False, compound=False), summary)
        corpus_dir = Path(corpus)
        registry = load_actor_registry(corpus_dir, cache_dir(Path(storage.folder).parent))
        while (batch := jobs.get()) is not None:
            for path in batch:
                sink.add(prepare_file(corpus_dir, path, registry))
            if sink.writer.is_full():  # memory stays bounded: the segment is written, another begun
                segments.append(sink.writer._finalize_segment())
                sink.writer = open_writer(ix, _lk=False, compound=False)
            results.put(("progress", len(batch)))
            gc.freeze()  # what a worker keeps only grows: its collections need not rescan it
        if sink.writer._added:
            segments.append(sink.writer._finalize_segment())
        else:
            sink.writer._close_segment()
        words = Counter(dict(sink.vocabulary.most_common(MAX_WORKER_WORDS)))
        results.put(("done", WorkerOutput(segments, summary.articles, summary.languages,
                                          summary.faults, sink.manifest, sink.discovered,
                                          words, sink.seen)))
    except BaseException:  # the parent must hear of it, or it would wait forever
        results.put(("error", traceback.format_exc(limit=3)))


def commit_segments(writer: Any, outputs: list[WorkerOutput]) -> None:
    """Commit the workers' segments as the new index's table of contents."""
    segments = writer._merge_segments(None, False, False)
    segments += [segment for output in outputs for segment in output.segments]
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


def remove_duplicates(ix: Any, duplicates: dict[str, str]) -> None:
    """Delete the copies of ids that two workers both wrote, keeping the one from the first file."""
    if not duplicates:
        return
    writer = open_writer(ix)
    with writer.searcher() as searcher:
        records = searcher.reader().column_reader("record")
        for article_id, first_path in duplicates.items():
            for docnum in searcher.docs_for_query(wq.Term("id", article_id)):
                if decode_stored(records[docnum])["path"] != first_path:
                    writer.delete_document(docnum)
    writer.commit()
