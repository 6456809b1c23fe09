"""The corpus reader: scraped .txt articles and .json/.jsonl records, with stable ids."""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from search.encodings import decode_text

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")
MAX_FILE_BYTES = 32 * 1024 * 1024  # a larger file is skipped as a fault
MAX_ARTICLE_CHARS = 1_000_000  # a longer article is skipped as a fault
MAX_TITLE_CHARS = 300
METADATA_KEYS = ("id", "title", "lang", "date", "url", "source", "translated_from")
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._~-]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, exactly


@dataclass(frozen=True)
class Article:
    """One article as read from the corpus, before any analysis."""

    id: str
    path: str
    title: str
    paragraphs: tuple[str, ...]
    line: int | None = None
    lang: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    translated_from: str | None = None


@dataclass(frozen=True)
class Fault:
    """A file (or a line of one) that could not be read, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class CorpusFile:
    """A file of the corpus: its path relative to the corpus folder and its size."""

    path: str
    size: int
    mtime_ns: int = 0

    @property
    def stamp(self) -> list[int]:
        """Size and modification time: while both stay the same, the last checksum stands."""
        return [self.size, self.mtime_ns]


def list_corpus_files(corpus_dir: Path) -> tuple[list[CorpusFile], list[Fault]]:
    """Walk the corpus folder recursively (following links, never looping) for article files."""
    files: list[CorpusFile] = []
    faults: list[Fault] = []
    seen_dirs: set[str] = set()
    root = Path(corpus_dir)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        real = os.path.realpath(dirpath)
        if real in seen_dirs:
            faults.append(Fault(_relative(root, Path(dirpath)), "symlink loop: folder already visited"))
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            try:
                info = os.stat(os.path.join(dirpath, name))
            except OSError as error:
                faults.append(Fault(prefix + name, f"cannot read file: {error.strerror or error}"))
                continue
            files.append(CorpusFile(prefix + name, info.st_size, info.st_mtime_ns))
    return files, faults


def read_corpus_file(corpus_dir: Path, rel_path: str) -> tuple[list[Article], list[Fault]]:
    """Read one corpus file into articles; every problem becomes a fault, never an exception."""
    articles, faults, _ = load_corpus_file(corpus_dir, rel_path)
    return articles, faults


def load_corpus_file(corpus_dir: Path, rel_path: str) -> tuple[list[Article], list[Fault], str]:
    """Read one corpus file once: its articles, its faults and its content checksum."""
    full = Path(corpus_dir) / rel_path
    try:
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [Fault(rel_path, f"file too large: {size:,} bytes (limit {MAX_FILE_BYTES:,})")], ""
        data = full.read_bytes()
    except OSError as error:
        return [], [Fault(rel_path, f"cannot read file: {error.strerror or error}")], ""
    articles, faults = parse_corpus_bytes(rel_path, data)
    return articles, faults, file_checksum(data)


def parse_corpus_bytes(rel_path: str, data: bytes) -> tuple[list[Article], list[Fault]]:
    """Articles from the bytes of a corpus file, by its suffix (.txt, .json, .jsonl)."""
    if not data.strip():
        return [], [Fault(rel_path, "empty file")]
    text, problem = decode_text(data)
    if text is None:
        return [], [Fault(rel_path, problem or "cannot decode file")]
    suffix = Path(rel_path).suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(rel_path, text)
    if suffix == ".json":
        return _read_json(rel_path, text)
    article = build_article(rel_path, text, {})
    return ([article], []) if isinstance(article, Article) else ([], [article])


def file_checksum(data: bytes) -> str:
    """Return the content checksum the incremental update compares."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def build_article(rel_path: str, text: str, meta: dict[str, Any], line: int | None = None,
                  item: int | None = None) -> Article | Fault:
    """Split a text into title and paragraphs; explicit metadata wins over the text."""
    if len(text) > MAX_ARTICLE_CHARS:
        return Fault(rel_path, f"article too long: {len(text):,} characters "
                               f"(limit {MAX_ARTICLE_CHARS:,})", line)
    lines = [clean_line(raw) for raw in text.splitlines()]
    paragraphs = [p for p in lines if p]
    title = _text_or_none(meta.get("title"))
    if title is None and paragraphs:
        title = paragraphs.pop(0)
    if not title and not paragraphs:
        return Fault(rel_path, "no text", line)
    explicit_id = _text_or_none(meta.get("id"))
    return Article(
        id=make_article_id(rel_path, line=line, item=item, explicit=explicit_id),
        path=rel_path,
        title=(title or "")[:MAX_TITLE_CHARS],
        paragraphs=tuple(paragraphs),
        line=line,
        lang=_text_or_none(meta.get("lang")),
        date=_text_or_none(meta.get("date")),
        url=_text_or_none(meta.get("url")),
        source=_text_or_none(meta.get("source")),
        translated_from=_text_or_none(meta.get("translated_from")),
    )


def clean_line(line: str) -> str:
    """Strip a line and drop control characters that scraped text carries."""
    return _CONTROL.sub(" ", line.replace("\u00a0", " ").strip())


def make_article_id(rel_path: str, line: int | None = None, item: int | None = None,
                    explicit: str | None = None) -> str:
    """Derive a stable, URL-safe id from the path (and line or item), or clean an explicit one."""
    if explicit:
        base = explicit
    else:
        stem = rel_path.rsplit(".", 1)[0] if "." in rel_path.rsplit("/", 1)[-1] else rel_path
        base = stem.replace("/", "~")
        if line is not None:
            base += f"~L{line}"
        elif item is not None:
            base += f"~{item}"
    ascii_base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    safe = _UNSAFE_ID_CHARS.sub("-", ascii_base).strip("-.") or "article"
    if safe != base:
        safe = f"{safe[:120]}-{hashlib.blake2b(base.encode(), digest_size=4).hexdigest()}"
    return safe[:160]


def _read_jsonl(rel_path: str, text: str) -> tuple[list[Article], list[Fault]]:
    articles: list[Article] = []
    faults: list[Fault] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            faults.append(Fault(rel_path, f"malformed JSON: {error.msg}", number))
            continue
        result = _article_from_record(rel_path, record, line=number)
        (articles if isinstance(result, Article) else faults).append(result)  # type: ignore[arg-type]
    return articles, faults


def _read_json(rel_path: str, text: str) -> tuple[list[Article], list[Fault]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Fault(rel_path, f"malformed JSON: {error.msg} (line {error.lineno})")]
    records = data if isinstance(data, list) else [data]
    articles: list[Article] = []
    faults: list[Fault] = []
    for number, record in enumerate(records, start=1):
        result = _article_from_record(rel_path, record, item=number if isinstance(data, list) else None)
        (articles if isinstance(result, Article) else faults).append(result)  # type: ignore[arg-type]
    return articles, faults


def _article_from_record(rel_path: str, record: Any, line: int | None = None,
                         item: int | None = None) -> Article | Fault:
    where = f"item {item}: " if item else ""
    if not isinstance(record, dict):
        return Fault(rel_path, f"{where}expected a JSON object", line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Fault(rel_path, f"{where}missing or empty \"text\"", line)
    bad = [k for k in METADATA_KEYS if record.get(k) is not None and not isinstance(record[k], str)]
    if bad:
        return Fault(rel_path, f"{where}field {bad[0]!r} must be a string", line)
    return build_article(rel_path, text, record, line=line, item=item)


def _text_or_none(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def iter_articles(corpus_dir: Path) -> Iterator[Article | Fault]:
    """Read every article of a corpus folder in path order, yielding faults as they come."""
    files, faults = list_corpus_files(corpus_dir)
    yield from faults
    for corpus_file in files:
        articles, file_faults = read_corpus_file(corpus_dir, corpus_file.path)
        yield from articles
        yield from file_faults
