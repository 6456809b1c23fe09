"""The production server: gunicorn with a worker count that suits the machine."""
from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """Runs a ready Flask app in gunicorn with explicit options (no config file, no argv)."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, host: str, port: int, workers: int, threads: int = 1) -> None:
    """Serve the app until interrupted; never in debug mode."""
    app.debug = False
    options = {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 60, "graceful_timeout": 10, "accesslog": "-", "loglevel": "info",
    }
    print(f"Serving on http://{host}:{port}/ with {workers} workers", flush=True)
    _Gunicorn(app, options).run()
