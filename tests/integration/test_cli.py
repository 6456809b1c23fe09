"""The news-search command over a real index."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from web.cli import main

ROOT = Path(__file__).resolve().parents[2]
ES = "000_bbaff72d806f1524"
IT = "003_9419a023137d7c1a"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_query_json_is_the_api_json(seeds_index: Path) -> None:
    code, output = run("query", "satelites", "--json", "--index", str(seeds_index))
    assert code == 0
    body = json.loads(output)
    assert [h["id"] for h in body["hits"]] == [ES]


def test_query_text_output_and_lang(seeds_index: Path) -> None:
    code, output = run("query", "", "--lang", "it", "--index", str(seeds_index))
    assert code == 0 and IT in output and ES not in output


def test_rebuild_prints_a_summary(tmp_path: Path) -> None:
    code, output = run("rebuild-index", "--corpus", str(ROOT / "seeds"), "--index", str(tmp_path))
    assert code == 0 and "Indexed 2 articles" in output and "es: 1" in output


def test_errors_are_one_line_and_non_zero(tmp_path: Path) -> None:
    code, output = run("query", "x", "--index", str(tmp_path / "missing"))
    assert code == 1 and "rebuild-index" in output and "Traceback" not in output
    code, output = run("rebuild-index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path))
    assert code == 1 and "corpus folder not found" in output


def test_flask_cli_rebuild(tmp_path: Path) -> None:
    from web import create_app
    app = create_app({"CORPUS_DIR": ROOT / "seeds", "INDEX_DIR": tmp_path})
    result = app.test_cli_runner().invoke(args=["rebuild-index"])
    assert result.exit_code == 0 and "Indexed 2 articles" in result.output
