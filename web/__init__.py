"""The Flask web app: HTML pages and their JSON twins over the search engine."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from web import api, cli, errors, pages, security
from web.config import default_config


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then environment, then the test mapping."""
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if test_config:
        app.config.from_mapping(test_config)
    for key in ("CORPUS_DIR", "INDEX_DIR"):
        app.config[key] = Path(app.config[key])
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    return app
