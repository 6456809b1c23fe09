"""The load-and-swap check at a small size: a rebuild in the middle of a load on the production
server fails no request, and the server answers from the new generation afterwards."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "load_and_swap.py"
SMALL = ["--requests", "75", "--clients", "3", "--articles", "30"]


def run_check(tmp_path: Path, *options: str) -> tuple[int, dict[str, Any], str]:
    figures = tmp_path / "figures.json"
    process = subprocess.run([sys.executable, str(SCRIPT), *SMALL, *options, "--json", str(figures)],
                             check=False, capture_output=True, text=True, timeout=180,
                             cwd=tmp_path)
    report = process.stdout + process.stderr
    assert figures.exists(), report
    return process.returncode, json.loads(figures.read_text(encoding="utf-8")), report


def assert_clean_swap(code: int, result: dict[str, Any], report: str) -> None:
    phases = result["phases"]
    assert result["rebuild_exit"] == 0, report
    assert all(phases[name]["requests"] >= 25 for name in phases), report
    assert sum(phase["errors"] for phase in phases.values()) == 0, report
    assert result["switched"], report
    assert phases["before"]["generations"] == ["gen-000001"], report
    assert phases["after"]["generations"] == ["gen-000002"], report
    assert code == 0, report


def test_a_rebuild_under_load_fails_no_request_with_one_worker(tmp_path: Path) -> None:
    assert_clean_swap(*run_check(tmp_path, "--workers", "1"))


def test_a_rebuild_under_load_fails_no_request_with_two_workers(tmp_path: Path) -> None:
    assert_clean_swap(*run_check(tmp_path, "--workers", "2"))


def test_a_rebuild_under_load_fails_no_request_with_threads(tmp_path: Path) -> None:
    assert_clean_swap(*run_check(tmp_path, "--workers", "1", "--threads", "3"))
