"""The production server: gunicorn with a worker count that suits the machine."""
from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from search import preload


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """Runs a ready Flask app in gunicorn with explicit options (no config file, no argv)."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # options newer than the installed gunicorn are skipped
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, host: str, port: int, workers: int, threads: int = 1,
          watch: tuple[Path, Path, float] | None = None) -> None:
    """Serve the app until interrupted; never in debug mode. ``watch`` = (corpus, index, seconds)."""
    app.debug = False
    options: dict[str, Any] = {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": 60, "graceful_timeout": 10, "accesslog": "-", "loglevel": "info",
        "control_socket_disable": True,  # servers would otherwise share ~/.gunicorn/gunicorn.ctl
    }
    if watch:
        options["when_ready"] = lambda _server: _start_watcher(*watch)
    options["post_fork"] = lambda _server, _worker: _open_own_index(app)
    preload()  # the workers share what the master loaded before forking them
    gc.freeze()  # and their garbage collections skip it, leaving the shared pages unwritten
    print(f"Serving on http://{host}:{port}/ with {workers} workers", flush=True)
    _Gunicorn(app, options).run()


def _open_own_index(app: Flask) -> None:
    """A worker must not share the master's open index files (their offsets would be shared):
    forget them, then open its own now, so that its first request is not the slow one.

    What the index opened lives as long as the worker: frozen, the garbage collector no longer
    walks its objects (a full collection took 30-100 ms at 100,000 articles)."""
    from search import SearchError, engine_for, forget_engines
    forget_engines()
    try:
        engine_for(app.config["INDEX_DIR"]).state()
    except SearchError:
        pass  # requests will answer 503 with the reason
    gc.collect()  # what opening left behind goes now, not frozen with the rest
    gc.freeze()


def _start_watcher(corpus: Path, index_dir: Path, seconds: float) -> None:
    """Apply corpus changes periodically from the master process (workers reopen by themselves)."""
    from search import IndexBusyError, SearchError, update_index
    log = logging.getLogger("news-search.watch")

    def loop() -> None:
        while not stop.wait(seconds):
            try:
                summary = update_index(corpus, index_dir)
            except IndexBusyError:
                continue
            except SearchError as error:
                log.warning("update failed: %s", error)
                continue
            if summary.added or summary.changed or summary.removed or summary.rebuilt:
                log.warning("index updated: %s", summary.as_dict())

    stop = threading.Event()
    threading.Thread(target=loop, name="watch-corpus", daemon=True).start()
