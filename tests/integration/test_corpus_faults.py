"""Corpus faults: one file of each kind beside the two seed articles; each is reported with its
file and reason, every good article is served, and --strict refuses the whole rebuild."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import search.corpus
from search import CorpusError, SearchRequest, rebuild_index, run_search, storage
from web import create_app
from web.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_IDS = ("000_bbaff72d806f1524", "003_9419a023137d7c1a")
SMALL_CAP = 4096  # the size cap for these tests: big.txt is over it, the seeds are under it
GOOD_RECORD = {"id": "dup-1", "title": "Cumbre en Madrid", "text": "El ministro habló en Madrid."}

# file name -> (reason pattern, line number or None)
EXPECTED_FAULTS: dict[str, tuple[str, int | None]] = {
    "empty.txt": (r"empty", None),
    "blank.txt": (r"empty", None),
    "binary.txt": (r"binary", None),
    "undecodable.txt": (r"UTF-8", None),
    "big.txt": (r"too large", None),
    "duplicates.jsonl": (r"duplicate id 'dup-1'", None),
    "malformed.jsonl": (r"malformed JSON", 2),
    "no_text.jsonl": (r"\"text\"", 1),
    "broken.json": (r"malformed JSON", None),
    "dangling.txt": (r"cannot read", None),
    "loop_a.txt": (r"cannot read", None),
    "loop_b.txt": (r"cannot read", None),
    "loop": (r"symlink loop", None),
}


def write_faulty_corpus(folder: Path) -> Path:
    """The two seed articles plus one file of each fault kind."""
    folder.mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copyfile(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\r\n\t \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    # No encoding fits: 0x81 is undefined in cp1252, 0x98 in cp1251, both C1 controls in ISO-8859-7.
    (folder / "undecodable.txt").write_bytes(b"Titulo\n" + (b"caf\xe9 " + bytes([0x98, 0x81]) + b" ") * 20)
    (folder / "big.txt").write_text("Título largo\n" + "palabra " * 1000, encoding="utf-8")
    records = [GOOD_RECORD, {**GOOD_RECORD, "title": "Otra cumbre", "text": "Otro texto."}]
    (folder / "duplicates.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    (folder / "malformed.jsonl").write_text(
        '{"id": "ok-line-1", "text": "La primera línea se lee bien y habla de Madrid."}\n'
        '{"id": "bad-line-2", "text": "sin cerrar\n'
        '{"id": "ok-line-3", "text": "La tercera línea también se lee y habla de Roma."}\n',
        encoding="utf-8")
    (folder / "no_text.jsonl").write_text('{"id": "no-text", "title": "Sin texto"}\n', encoding="utf-8")
    (folder / "broken.json").write_text('{"text": "no cierra", ', encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


@pytest.fixture()
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lower the file size cap so the 'too large' fault needs no 32 MB file (in-process build)."""
    monkeypatch.setattr(search.corpus, "MAX_FILE_BYTES", SMALL_CAP)


@pytest.fixture()
def faulty_corpus(tmp_path: Path) -> Path:
    return write_faulty_corpus(tmp_path / "corpus")


def faults_by_file(faults: list[search.corpus.Fault]) -> dict[str, list[search.corpus.Fault]]:
    grouped: dict[str, list[search.corpus.Fault]] = {}
    for fault in faults:
        grouped.setdefault(Path(fault.path).name, []).append(fault)
    return grouped


@pytest.mark.usefixtures("small_cap")
def test_every_fault_is_reported_and_every_good_article_served(faulty_corpus: Path,
                                                               tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    summary = rebuild_index(faulty_corpus, index_dir, procs=1)
    grouped = faults_by_file(summary.faults)
    for name, (pattern, line) in EXPECTED_FAULTS.items():
        assert name in grouped, f"{name} not reported; faults: {[str(f) for f in summary.faults]}"
        assert any(re.search(pattern, f.reason) for f in grouped[name]), (name, grouped[name])
        if line is not None:
            assert any(f.line == line for f in grouped[name]), (name, grouped[name])
    # Seeds, the first duplicate, and the two good lines of the malformed file.
    assert summary.articles == 5, summary.as_dict()
    ids = {hit.id for hit in run_search(index_dir, SearchRequest(size=50)).hits}
    assert set(SEED_IDS) | {"dup-1", "ok-line-1", "ok-line-3"} == ids


@pytest.mark.usefixtures("small_cap")
def test_the_app_serves_both_seed_articles_and_counts_the_faults(faulty_corpus: Path,
                                                                 tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    summary = rebuild_index(faulty_corpus, index_dir, procs=1)
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()
    for article_id in SEED_IDS:
        response = client.get(f"/api/articles/{article_id}")
        assert response.status_code == 200 and response.get_json()["id"] == article_id
        assert client.get(f"/articles/{article_id}").status_code == 200
    search = client.get("/api/search?q=rusia").get_json()
    assert {hit["id"] for hit in search["hits"]} >= {SEED_IDS[0]}
    assert client.get("/api/stats").get_json()["index"]["faults"] == len(summary.faults)


@pytest.mark.usefixtures("small_cap")
def test_fault_messages_name_the_file_relative_to_the_corpus(faulty_corpus: Path,
                                                             tmp_path: Path) -> None:
    summary = rebuild_index(faulty_corpus, tmp_path / "index", procs=1)
    for fault in summary.faults:
        assert not Path(fault.path).is_absolute(), fault
        assert str(fault).startswith(fault.path), fault
    malformed = [str(f) for f in summary.faults if f.path == "malformed.jsonl"]
    assert malformed == ["malformed.jsonl:2: malformed JSON: " + malformed[0].split(": ", 2)[2]]


@pytest.mark.usefixtures("small_cap")
def test_strict_rebuild_fails_and_leaves_the_previous_index_serving(faulty_corpus: Path,
                                                                    tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    rebuild_index(SEEDS, index_dir, procs=1)
    live = storage.current_generation(index_dir).name
    with pytest.raises(CorpusError, match="strict"):
        rebuild_index(faulty_corpus, index_dir, strict=True, procs=1)
    assert storage.current_generation(index_dir).name == live
    assert not list(index_dir.glob("gen-*.tmp")) and not (index_dir / storage.LOCK).exists()
    assert run_search(index_dir, SearchRequest()).total == 2


def unreadable_file(folder: Path) -> Path | None:
    """A file this process cannot read, or None when it runs as root (chmod stops nobody)."""
    path = folder / "secret.txt"
    path.write_text("Título\nTexto que nadie puede leer.\n", encoding="utf-8")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return path
    path.chmod(0o644)
    return None


def test_a_file_without_read_permission_is_a_fault(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(SEEDS / f"{SEED_IDS[0]}.txt", corpus / f"{SEED_IDS[0]}.txt")
    if unreadable_file(corpus) is None:
        pytest.skip("SKIPPED LOUDLY: running as root, chmod 000 does not stop reading; the "
                    "unreadable case is covered by the dangling and looping symlinks instead")
    summary = rebuild_index(corpus, tmp_path / "index", procs=1)
    assert [f.path for f in summary.faults] == ["secret.txt"]
    assert "cannot read" in summary.faults[0].reason and summary.articles == 1


def test_the_cli_summary_names_every_bad_file(faulty_corpus: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search.corpus, "MAX_FILE_BYTES", SMALL_CAP)
    index_dir = tmp_path / "index"
    result = CliRunner().invoke(main, ["rebuild-index", "--corpus", str(faulty_corpus),
                                       "--index", str(index_dir)])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 0, output
    assert "Indexed 5 articles" in output
    for name in EXPECTED_FAULTS:
        assert re.search(rf"warning: {re.escape(name)}\b", output), (name, output)
    assert "malformed.jsonl:2:" in output


def test_the_cli_strict_rebuild_fails_with_one_line(faulty_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    rebuild_index(SEEDS, index_dir, procs=1)
    result = CliRunner().invoke(main, ["rebuild-index", "--corpus", str(faulty_corpus),
                                       "--index", str(index_dir), "--strict"])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, output
    assert "Error:" in output and "strict" in output and "Traceback" not in output
    assert run_search(index_dir, SearchRequest()).total == 2


def test_a_huge_jsonl_line_count_with_faults_does_not_stop_the_build(tmp_path: Path) -> None:
    """Many malformed lines among good ones: each bad line reported, each good one indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = []
    for n in range(1, 201):
        if n % 10 == 0:
            lines.append('{"id": "broken", "text": ')
        else:
            lines.append(json.dumps({"id": f"line-{n}", "text": f"Noticia número {n} sobre Madrid."}))
    (corpus / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = rebuild_index(corpus, tmp_path / "index", procs=1)
    assert summary.articles == 180
    assert sorted(f.line or 0 for f in summary.faults) == list(range(10, 201, 10))
    assert os.path.isdir(tmp_path / "index")
