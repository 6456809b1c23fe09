"""The engine is fully typed: mypy checks search/ as part of the test suite."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_search_package_passes_mypy() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra")
    result = subprocess.run([sys.executable, "-m", "mypy", "search"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
