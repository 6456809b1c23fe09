"""The README documents every command and endpoint, and CI runs its test command verbatim."""
from __future__ import annotations

import re
from pathlib import Path

from web import create_app
from web.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_starts_with_serve_and_test_commands() -> None:
    serve, test = readme_commands()[:2]
    assert "news-search serve" in serve and "pip install" in serve
    assert "pytest" in test and "pip install" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_every_cli_command_is_documented() -> None:
    for name in main.commands:
        assert f"news-search {name}" in README, name


def test_every_api_endpoint_is_documented() -> None:
    app = create_app({"TESTING": True})
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and "openapi" not in rule.rule:
            documented = re.sub(r"<[^>]+>$", "", rule.rule)
            assert documented in README, rule.rule
