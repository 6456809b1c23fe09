"""Per-stage profile of indexing on a sample: read, languages, dates, actors, prepare, analyse+write.

The stages are timed by calling the engine's own functions one article at a time on one core; the
sum is an upper bound on what one indexing process can do (a rebuild runs several in a pool).
"""
from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

STAGES = ("read", "languages", "dates", "actors", "prepare (all three)", "fields", "analyse+write")


def profile_stages(corpus: Path, sample: int = 300) -> dict[str, Any]:
    """ms per article of each stage on the first sample articles of corpus (or the error)."""
    try:
        return _profile(Path(corpus), sample)
    except Exception as error:  # the engine is changing; a moved function must not stop the bench
        return {"error": f"{type(error).__name__}: {error}"}


def _profile(corpus: Path, sample: int) -> dict[str, Any]:
    from search.corpus import list_corpus_files, read_corpus_file
    from search.indexer import load_actor_registry

    started = time.perf_counter()
    registry = load_actor_registry(corpus)
    load_ms = (time.perf_counter() - started) * 1000
    files = [f.path for f in list_corpus_files(corpus)[0][:sample]]
    spent: dict[str, float] = defaultdict(float)
    articles = [a for path in files for a in _timed(spent, "read", read_corpus_file, corpus, path)[0]]
    cold = _time_prepare(articles, registry)  # builds matchers and models on first use
    documents = [_timed(spent, "prepare (all three)", _prepare, a, registry) for a in articles]
    for article in articles:
        texts = [article.title, *article.paragraphs]
        lang, _ = _timed(spent, "languages", _detect, texts)
        _timed(spent, "dates", _read_header, article.title, article.paragraphs, lang)
        _timed(spent, "actors", registry.find_actors, "\n".join(texts), lang)
    fields = [_timed(spent, "fields", _index_fields, d) for d in documents]
    spent["analyse+write"] = _time_writing(fields)
    count = max(1, len(articles))
    per_article = {stage: round(spent[stage] * 1000 / count, 3) for stage in STAGES}
    pipeline = sum(per_article[s] for s in ("read", "prepare (all three)", "fields", "analyse+write"))
    return {"articles": len(articles), "registry_load_ms": round(load_ms, 1),
            "first_pass_prepare_ms": round(cold * 1000, 1), "ms_per_article": per_article,
            "pipeline_ms_per_article": round(pipeline, 3),
            "one_core_articles_per_s": round(1000 / pipeline, 1) if pipeline else None}


def _timed(spent: dict[str, float], stage: str, function: Callable[..., Any], *args: Any) -> Any:
    started = time.perf_counter()
    result = function(*args)
    spent[stage] += time.perf_counter() - started
    return result


def _time_prepare(articles: list[Any], registry: Any) -> float:
    started = time.perf_counter()
    for article in articles:
        _prepare(article, registry)
    return time.perf_counter() - started


def _prepare(article: Any, registry: Any) -> Any:
    from search.documents import prepare_document
    return prepare_document(article, registry)


def _detect(texts: list[str]) -> tuple[str, list[str]]:
    from search.detection import detect_article_languages
    return detect_article_languages(texts)


def _read_header(title: str, paragraphs: tuple[str, ...], lang: str) -> Any:
    from search.dates import read_header
    return read_header(title, paragraphs, lang)


def _index_fields(document: Any) -> dict[str, Any]:
    from search.documents import index_fields
    return index_fields(document)


def _time_writing(fields: list[dict[str, Any]]) -> float:
    """Seconds to analyse and write the documents into a fresh Whoosh index, commit included."""
    import whoosh.index

    from search.schema import build_schema
    from search.segmentwriter import open_writer

    with tempfile.TemporaryDirectory(prefix="bench-stages-") as folder:
        ix = whoosh.index.create_in(folder, build_schema())
        started = time.perf_counter()
        writer = open_writer(ix, compound=False)
        for document in fields:
            writer.add_document(**document)
        writer.commit(optimize=True)
        seconds = time.perf_counter() - started
        ix.close()
    return seconds
