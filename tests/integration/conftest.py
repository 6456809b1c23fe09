"""The Flask app, its test client and CLI runner over the seeds index."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from web import create_app


@pytest.fixture()
def app(seeds_index: Path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": seeds_index})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
