"""The corpus reader: formats, ids, encodings and faults."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from search.corpus import Article, Fault, iter_articles, list_corpus_files, make_article_id, read_corpus_file

SEED_IT = "003_9419a023137d7c1a.txt"


def write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_seed_txt_title_and_paragraphs() -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    articles, faults = read_corpus_file(seeds, SEED_IT)
    assert faults == []
    [article] = articles
    assert article.title == "Cina e Russia approfondiscono la cooperazione in difesa"
    assert article.paragraphs[0].startswith("Pubblicato il 28 January 2026")
    assert "" not in article.paragraphs
    assert article.id == "003_9419a023137d7c1a"


@pytest.mark.parametrize("data", [
    "\ufeffTitolo\nCorpo del testo.".encode("utf-8"),
    "Titolo\nCorpo del testo.".encode("utf-16"),
])
def test_bom_encodings(tmp_path: Path, data: bytes) -> None:
    write(tmp_path, "a.txt", data)
    [article], _ = read_corpus_file(tmp_path, "a.txt")
    assert (article.title, article.paragraphs) == ("Titolo", ("Corpo del testo.",))


def test_legacy_encoding_decoded_when_unambiguous(tmp_path: Path) -> None:
    write(tmp_path, "ru.txt", "Россия и Китай\nМинистры обороны встретились в Москве.".encode("cp1251"))
    [article], faults = read_corpus_file(tmp_path, "ru.txt")
    assert article.title == "Россия и Китай" and faults == []


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"\x00\x01\x02PNG\x00", "binary file"),
    ("bad.json", b"{not json", "malformed JSON"),
    ("notext.json", b'{"title": "x"}', 'missing or empty "text"'),
    ("badtype.json", b'{"text": "x", "date": 5}', "must be a string"),
])
def test_faults_name_the_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    write(tmp_path, name, data)
    articles, faults = read_corpus_file(tmp_path, name)
    assert articles == []
    assert len(faults) == 1 and reason in faults[0].reason and faults[0].path == name


def test_jsonl_bad_line_reported_other_lines_read(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "Uno\nprimo"}), "{broken", json.dumps({"text": "Tre", "id": "x/3"})]
    write(tmp_path, "feed/news.jsonl", "\n".join(lines))
    articles, faults = read_corpus_file(tmp_path, "feed/news.jsonl")
    assert [a.id for a in articles] == ["feed~news~L1", "x-3-" + articles[1].id.rsplit("-", 1)[1]]
    assert [(f.line, "malformed JSON" in f.reason) for f in faults] == [(2, True)]


def test_json_metadata_wins(tmp_path: Path) -> None:
    record = {"text": "Body line one.\nBody two.", "title": "T", "lang": "pt", "date": "2025-01-02",
              "url": "https://example.org/a", "source": "Ex", "translated_from": "en"}
    write(tmp_path, "a.json", json.dumps([record, record]))
    articles, _ = read_corpus_file(tmp_path, "a.json")
    assert [a.id for a in articles] == ["a~1", "a~2"]
    first = articles[0]
    assert (first.title, first.lang, first.date, first.url, first.translated_from) == \
        ("T", "pt", "2025-01-02", "https://example.org/a", "en")
    assert first.paragraphs == ("Body line one.", "Body two.")


@pytest.mark.parametrize("path, line, expected", [
    ("000_abc.txt", None, "000_abc"),
    ("world/es/nota.txt", None, "world~es~nota"),
    ("feed.jsonl", 7, "feed~L7"),
])
def test_ids_are_stable_and_url_safe(path: str, line: int | None, expected: str) -> None:
    assert make_article_id(path, line=line) == expected


def test_unsafe_ids_are_cleaned_and_kept_distinct() -> None:
    a, b = make_article_id("noticias/año.txt"), make_article_id("noticias/ano.txt")
    assert a != b and all(c.isascii() and (c.isalnum() or c in "._~-") for c in a)
    assert ".." not in make_article_id("x", explicit="../../etc/passwd")


def test_walk_is_recursive_sorted_and_survives_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path, "b/2.txt", "T\nx")
    write(tmp_path, "a/1.txt", "T\nx")
    write(tmp_path, "a/skip.md", "T\nx")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    files, faults = list_corpus_files(tmp_path)
    assert [f.path for f in files] == ["a/1.txt", "b/2.txt"]
    assert any("symlink loop" in f.reason for f in faults)


def test_iter_articles_mixes_articles_and_faults(tmp_path: Path) -> None:
    write(tmp_path, "ok.txt", "Title\nBody")
    write(tmp_path, "empty.txt", "")
    items = list(iter_articles(tmp_path))
    assert sum(isinstance(i, Article) for i in items) == 1
    assert sum(isinstance(i, Fault) for i in items) == 1
