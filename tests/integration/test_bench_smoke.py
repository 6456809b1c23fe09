"""The benchmark harness runs end to end at a tiny size and writes the figures it promises."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = ROOT / ".." / "shared" / "data" / "langid" / "sentences"
TOP_KEYS = {"machine", "corpus", "params", "rebuild", "stages", "queries", "http", "update", "targets"}
FIGURES = [  # (section, key) every run must fill with a number
    ("rebuild", "articles_per_s"), ("rebuild", "peak_rss_mb"), ("rebuild", "index_ratio"),
    ("rebuild", "mb_per_s"), ("http", "requests_per_s"), ("http", "worker_rss_max_mb"),
]


@pytest.fixture(scope="module")
def shared_sentences() -> Path:
    if not SENTENCES.is_dir():
        pytest.skip(f"SKIPPED: ../shared/data is not beside the project ({SENTENCES} missing)")
    return SENTENCES


def run_script(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*.txt"))
    return hashlib.sha256(b"".join(p.relative_to(folder).as_posix().encode() + p.read_bytes()
                                   for p in files)).hexdigest()


def test_generator_is_deterministic_and_realistic(shared_sentences: Path, tmp_path: Path) -> None:
    for name, seed in (("a", "1"), ("b", "1"), ("c", "2")):
        done = run_script("bench/generate_corpus.py", "--n", "300", "--out", str(tmp_path / name),
                          "--seed", seed)
        assert done.returncode == 0, done.stderr
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    marker = json.loads((tmp_path / "a" / ".bench_corpus.json").read_text())
    assert marker["articles"] == 300 and len(list((tmp_path / "a").rglob("*.txt"))) == 300
    assert 2000 <= marker["bytes"] / 300 <= 4000
    assert next(iter(marker["languages"])) == "es" and len(marker["languages"]) >= 20


def test_benchmark_writes_every_figure(shared_sentences: Path, tmp_path: Path) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps({"machine": {"date": "earlier"}, "rebuild": {"articles_per_s": 1.0}}))
    out = tmp_path / "bench.json"
    done = run_script("bench/bench_engine.py", "--n", "1000", "--requests", "100", "--queries", "40",
                      "--stage-sample", "40", "--workdir", str(tmp_path / "work"), "--json", str(out),
                      "--compare", str(previous), timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    assert TOP_KEYS <= set(results)
    assert results["corpus"]["articles"] == 1000 and results["rebuild"]["indexed"] == 1000
    for section, key in FIGURES:
        assert isinstance(results[section][key], (int, float)), (section, key)
    assert results["queries"]["all"]["count"] + results["queries"]["all"]["errors"] == 40
    assert results["http"]["requests"] == 100 and results["http"]["workers"] >= 1
    cold = results["http"]["cold"]  # every query once on a fresh server: nothing answered from a cache
    assert cold["requests"] == cold["distinct"] == 40 and cold["errors"] == cold["non_200"] == 0
    assert len(results["targets"]) == 9
    assert {t["verdict"] for t in results["targets"]} <= {"PASS", "FAIL", "n/a"}
    assert "verdict" in done.stdout and "Compared with earlier" in done.stdout
    assert "every query once on a fresh server" in done.stdout
