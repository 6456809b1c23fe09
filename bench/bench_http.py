"""HTTP benchmark: the production server (`news-search serve`) on loopback, a fixed number of requests."""
from __future__ import annotations

import http.client
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from _common import free_port, latency_summary, memory_kb, process_tree, stop_server
from bench_rebuild import cli_command

from search.shared_results import FOLDER as SHARED_RESULTS
from search.storage import cache_dir

READY_SECONDS = 120
WARMUP_REQUESTS = 20


def start_server(index_dir: Path, corpus: Path, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start `news-search serve` on a free loopback port; its output goes to log."""
    port = free_port()
    command = cli_command("serve", "--host", "127.0.0.1", "--port", str(port),
                          "--index", str(index_dir), "--corpus", str(corpus))
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
    return server, port


def wait_ready(server: subprocess.Popen[bytes], port: int) -> float:
    """Seconds until the server answers a search (raises when it exits or never answers)."""
    started = time.perf_counter()
    while time.perf_counter() - started < READY_SECONDS:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}")
        try:
            if fetch(http.client.HTTPConnection("127.0.0.1", port, timeout=10), "/api/search?q=") == 200:
                return time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {READY_SECONDS} s")


def fetch(connection: http.client.HTTPConnection, path: str) -> int:
    """GET path and read the whole body; return the status."""
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def run_load(port: int, paths: list[str], requests: int, clients: int) -> dict[str, Any]:
    """Send requests GETs over paths from client threads; throughput, latency and failures."""
    lock = threading.Lock()
    state = {"next": 0, "errors": 0, "non_200": 0}
    latencies: list[float] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                number = state["next"]
                state["next"] += 1
            if number >= requests:
                break
            started = time.perf_counter()
            try:
                status = fetch(connection, paths[number % len(paths)])
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = -1
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                state["errors"] += status == -1
                state["non_200"] += status not in (200, -1)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {"requests": requests, "clients": clients, "distinct": len(set(paths)),
            "seconds": round(seconds, 3), "requests_per_s": round(requests / seconds, 1),
            "errors": state["errors"], "non_200": state["non_200"], "latency_ms": latency_summary(latencies)}


def serving_memory(server_pid: int) -> dict[str, Any]:
    """RSS and PSS of the gunicorn master and each worker, in MB."""
    tree = process_tree(server_pid)
    sizes = {pid: memory_kb(pid) for pid in tree}
    workers = [sizes[pid] for pid in tree if pid != server_pid]
    return {"master_rss_mb": round(sizes[server_pid][0] / 1024, 1),
            "workers": len(workers),
            "worker_rss_mb": [round(rss / 1024, 1) for rss, _ in workers],
            "worker_rss_max_mb": round(max((rss for rss, _ in workers), default=0) / 1024, 1),
            "worker_pss_max_mb": round(max((pss for _, pss in workers), default=0) / 1024, 1),
            "total_pss_mb": round(sum(pss for _, pss in sizes.values()) / 1024, 1)}


def measure_http(index_dir: Path, corpus: Path, paths: list[str], requests: int,
                 clients: int = 4) -> dict[str, Any]:
    """Serve the index with the production server and load it; throughput and memory.

    The mix sends requests over the paths (each several times); then a fresh server answers every
    path once, so that no search is answered from a cache ("cold")."""
    result = _serve_and_load(index_dir, corpus, paths, requests, clients, with_memory=True)
    cold = _serve_and_load(index_dir, corpus, paths, len(paths), clients, with_memory=False)
    result["cold"] = {k: cold[k] for k in ("requests", "distinct", "seconds", "requests_per_s",
                                           "errors", "non_200", "latency_ms")}
    return result


def _serve_and_load(index_dir: Path, corpus: Path, paths: list[str], requests: int, clients: int,
                    with_memory: bool) -> dict[str, Any]:
    """Start a server with no shared results, warm its workers, send the requests, stop it."""
    # Searches made earlier in-process are shared with the workers through the index's cache
    # folder: start without them, or the server would answer what it never computed.
    shutil.rmtree(cache_dir(index_dir) / SHARED_RESULTS, ignore_errors=True)
    server, port = start_server(index_dir, corpus, index_dir.parent / "serve.log")
    try:
        ready = wait_ready(server, port)
        warmup = ["/api/search?q=&size=1", "/api/search?q=&size=2"] * (WARMUP_REQUESTS // 2)  # not in the mix
        run_load(port, warmup, WARMUP_REQUESTS, clients)  # every worker opens the index
        result = run_load(port, paths, requests, clients)
        result["ready_s"] = round(ready, 2)
        if with_memory:
            result.update(serving_memory(server.pid))
        return result
    finally:
        stop_server(server)
