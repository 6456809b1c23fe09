"""Load and swap: the production server keeps answering, without a failed request, while the
index is rebuilt under it, and serves the new generation as soon as the rebuild is done.

Run from anywhere: ``python bench/load_and_swap.py [--requests 600] [--clients 4] [--articles 300]``.
It builds a corpus (variations of seeds/), indexes it, starts ``news-search serve`` on loopback,
sends a bounded mixed load over a few client threads, runs ``news-search rebuild-index`` on a
changed corpus in the middle, and prints requests, errors and latency percentiles before, during
and after the swap. Exits 1 when a request failed or the new generation was not served.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from _common import free_port, stop_server

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MARKERS = ("zorblatgen", "quextrongen")  # a nonsense word in every article of generation 1 / 2
QUERIES = ("rusia", "cina", "satélites militares", '"cooperación militar"', "Putin", "coop*",
           "Rusia AND China", "satelliti OR satélites", "-rusia cina", "", "actor:russia",
           "lang:it cooperazione", "presidente", "difesa", "zhang youxia")
READY_SECONDS = 60
REBUILD_TIMEOUT = 600
DURING_CAP = 20  # the load during the rebuild stops at this many times --requests, whatever happens


@dataclass
class Phase:
    """The requests of one phase of the run: latencies in ms and failures."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    generations: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ms: float, error: str | None, generation: str | None) -> None:
        """Add one request's outcome (thread-safe)."""
        with self.lock:
            self.latencies.append(ms)
            if error:
                self.errors.append(error)
            if generation:
                self.generations.add(generation)


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share in 0..100), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share / 100 * len(ordered) + 0.5) - 1))]


def write_corpus(folder: Path, articles: int, marker: str, extra: int = 0) -> list[str]:
    """Variations of the seed articles carrying the generation's marker word; returns stable ids."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    seeds = [p.read_text(encoding="utf-8").splitlines() for p in sorted(SEEDS.glob("*.txt"))]
    ids = []
    for n in range(articles + extra):
        title, *body = [line for line in seeds[n % len(seeds)] if line.strip()]
        rng = random.Random(n)
        rng.shuffle(body)
        name = f"{n // 100:03d}/art_{n:05d}.txt"
        text = "\n".join([f"{title} ({n})", *body, f"Nota {n}: {marker} {marker}{n % 7}."])
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text + "\n", encoding="utf-8")
        ids.append(name.removesuffix(".txt").replace("/", "~"))
    return ids


def cli(*args: str) -> list[str]:
    """The news-search command (the venv's script when installed, else python -m web.cli)."""
    script = Path(sys.executable).parent / "news-search"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]
    return [*base, *args]


def start_server(index_dir: Path, workers: int, threads: int,
                 log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start `news-search serve` on loopback and wait until it answers."""
    port = free_port()
    env = {**os.environ, "NEWS_SEARCH_THREADS": str(threads)}
    with open(log, "ab") as out:
        server = subprocess.Popen(cli("serve", "--host", "127.0.0.1", "--port", str(port), "--index",
                                      str(index_dir), "--workers", str(workers)),
                                  stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}; see {log}")
        try:
            if get(port, "/api/stats")[0] == 200:
                return server, port
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"the server did not answer within {READY_SECONDS} s; see {log}")


def get(port: int, path: str) -> tuple[int, bytes]:
    """GET a path on loopback; the status and the whole body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def make_requests(count: int, ids: list[str], seed: int) -> list[str]:
    """A deterministic mix: API searches, search pages, articles (JSON and HTML) and stats."""
    rng = random.Random(seed)
    kinds = rng.choices(("api", "page", "article", "article_page", "stats"), (50, 15, 15, 10, 10), k=count)
    return [make_path(kind, rng, ids) for kind in kinds]


def make_path(kind: str, rng: random.Random, ids: list[str]) -> str:
    """One request of a kind, with random but valid parameters."""
    if kind in ("article", "article_page"):
        return f"{'/api' if kind == 'article' else ''}/articles/{quote(rng.choice(ids))}"
    if kind == "stats":
        return "/api/stats"
    params = {"q": rng.choice(QUERIES + MARKERS), "sort": rng.choice(("relevance", "newest", "oldest")),
              "page": str(rng.choice((1, 1, 2)))}
    if rng.random() < 0.3:
        params["lang"] = rng.choice(("es", "it"))
    return ("/api/search?" if kind == "api" else "/?") + urlencode(params)


def run_clients(port: int, paths: list[str], clients: int, phase: Phase,
                keep_going: Callable[[], bool] = lambda: True) -> None:
    """Send paths from a few threads (each request a new connection) until done or told to stop."""
    lock, position = threading.Lock(), [0]

    def client() -> None:
        while keep_going():
            with lock:
                if position[0] >= len(paths):
                    return
                path = paths[position[0]]
                position[0] += 1
            started = time.perf_counter()
            error, generation = None, None
            try:
                status, body = get(port, path)
                if status != 200:
                    error = f"{status} {path} {' '.join(body[:400].decode(errors='replace').split())[:100]}"
                elif path == "/api/stats":
                    generation = json.loads(body)["index"]["generation"]
            except (OSError, http.client.HTTPException, ValueError) as problem:
                error = f"{type(problem).__name__}: {problem} {path}"
            phase.record((time.perf_counter() - started) * 1000, error, generation)
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def marker_totals(port: int) -> dict[str, int]:
    """How many articles each generation's marker word finds right now."""
    return {m: json.loads(get(port, f"/api/search?q={m}&size=1")[1])["total"] for m in MARKERS}


def run(requests: int, clients: int, articles: int, workers: int, threads: int,
        work: Path) -> dict[str, Any]:
    """The whole check; returns the figures (see print_report)."""
    corpus, index_dir, log = work / "corpus", work / "index", work / "server.log"
    ids = write_corpus(corpus, articles, MARKERS[0])
    subprocess.run(cli("rebuild-index", "--corpus", str(corpus), "--index", str(index_dir)),
                   check=True, cwd=ROOT, capture_output=True)
    server, port = start_server(index_dir, workers, threads, log)
    try:
        before_totals = marker_totals(port)
        share = max(1, requests // 3)
        phases = {name: Phase(name) for name in ("before", "during", "after")}
        run_clients(port, make_requests(share, ids, 1), clients, phases["before"])
        added = max(1, articles // 10)
        write_corpus(corpus, articles, MARKERS[1], extra=added)  # the next generation differs
        started = time.perf_counter()
        rebuild = subprocess.Popen(cli("rebuild-index", "--corpus", str(corpus), "--index", str(index_dir)),
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # During: at least a third of the requests, and the load stays on while the rebuild runs
        # (bounded by DURING_CAP so the check always stops by itself).
        during = phases["during"]
        run_clients(port, make_requests(DURING_CAP * requests, ids, 2), clients, during,
                    keep_going=lambda: rebuild.poll() is None or len(during.latencies) < share)
        rebuild_output = rebuild.communicate(timeout=REBUILD_TIMEOUT)[0].decode(errors="replace")
        rebuild_seconds = time.perf_counter() - started
        after_totals = marker_totals(port)
        run_clients(port, make_requests(share, ids, 3), clients, phases["after"])
    finally:
        stop_server(server)
    return {
        "articles": [articles, articles + added], "requests": requests, "clients": clients,
        "workers": workers, "threads": threads, "rebuild_exit": rebuild.returncode,
        "rebuild_seconds": round(rebuild_seconds, 2),
        "rebuild_output": rebuild_output.strip().splitlines()[-3:],
        "markers_before": before_totals, "markers_after": after_totals,
        "switched": (before_totals == {MARKERS[0]: articles, MARKERS[1]: 0}
                     and after_totals == {MARKERS[0]: 0, MARKERS[1]: articles + added}),
        "phases": {name: phase_figures(phase) for name, phase in phases.items()},
    }


def phase_figures(phase: Phase) -> dict[str, Any]:
    """Counts and latency percentiles of one phase."""
    def ms(share: float) -> float | None:
        value = percentile(phase.latencies, share)
        return None if value is None else round(value, 1)
    return {"requests": len(phase.latencies), "errors": len(phase.errors),
            "error_samples": phase.errors[:5], "p50_ms": ms(50), "p95_ms": ms(95), "p99_ms": ms(99),
            "max_ms": round(max(phase.latencies), 1) if phase.latencies else None,
            "generations": sorted(phase.generations)}


def print_report(result: dict[str, Any]) -> None:
    """A table of the phases and the verdict."""
    print(f"load and swap: {result['articles'][0]} -> {result['articles'][1]} articles, "
          f"{result['clients']} clients, {result['workers']} server workers x {result['threads']} threads, "
          f"rebuild {result['rebuild_seconds']} s (exit {result['rebuild_exit']})")
    header = ("phase", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "generations seen")
    print("{:<8}{:>10}{:>8}{:>9}{:>9}{:>9}{:>9}  {}".format(*header))
    for name, f in result["phases"].items():
        print("{:<8}{:>10}{:>8}{:>9}{:>9}{:>9}{:>9}  {}".format(
            name, f["requests"], f["errors"], *(str(f[k]) for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")),
            ", ".join(f["generations"]) or "-"))
        for sample in f["error_samples"]:
            print(f"    error: {sample}")
    print(f"marker hits before {result['markers_before']}, after {result['markers_after']}: "
          f"{'switched to the new generation' if result['switched'] else 'DID NOT SWITCH'}")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the check, print the report; 0 only with no error and a switch."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=600,
                        help="a third before the rebuild, at least a third during it, a third after")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--articles", type=int, default=300, help="articles of the first generation")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per server worker")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus, index, log)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="load-and-swap-"))
    try:
        result = run(args.requests, args.clients, args.articles, args.workers, args.threads, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    failed = sum(f["errors"] for f in result["phases"].values())
    return 0 if failed == 0 and result["switched"] and result["rebuild_exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
