"""Shared fixtures: real indexes built once per session in temporary folders."""
from __future__ import annotations

from pathlib import Path

import pytest

from search import rebuild_index

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of seeds/ built once."""
    index_dir = tmp_path_factory.mktemp("seeds-index")
    rebuild_index(SEEDS, index_dir, procs=1)
    return index_dir


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the multilingual fixture corpus plus the seeds, built once."""
    corpus = tmp_path_factory.mktemp("corpus")
    for source in (FIXTURE_CORPUS, SEEDS):
        for path in source.rglob("*"):
            if path.is_file():
                target = corpus / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    index_dir = tmp_path_factory.mktemp("corpus-index")
    rebuild_index(corpus, index_dir, procs=1)
    return index_dir


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test loudly when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"SKIPPED: ../shared/data is not beside the project ({path} missing)")
    return path
